"""GraphQL documents of the payment pages: transactions list and detail, manual override, the quick
test-deposit generator and the simulator's test inputs (checked against /schema.graphql by
tests/e2e/test_ui_queries.py).
"""

ERROR_FRAGMENTS = """
fragment ErrorFields on ValidationError { code message fields { field code message } }
"""

_RESULT_ERRORS = """
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
"""

# the columns of a list row
TXN_ROW_FIELDS = """
fragment TxnRowFields on Transaction {
  id merchantId paymentMethodId brandId environment status amount currency refundedAmount orderId userReference
  provider createdAt updatedAt
  merchant { id name } brand { id name } paymentMethod { id name kind }
}
"""

# the investigation search: every filter of TransactionFilter, sorted by created time or amount, keyset pages
TRANSACTIONS = TXN_ROW_FIELDS + """
query Transactions($filter: TransactionFilter, $sort: TransactionSort, $first: Int!, $after: String) {
  transactions(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount totalCountCapped
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...TxnRowFields } }
  }
}
"""

# the filter choices: merchants with their brands, payment methods (need routing.read: optional)
TXN_LOOKUP_MERCHANTS = "query TxnLookupMerchants { merchants { id name brands { id name } } }"
TXN_LOOKUP_METHODS = """
query TxnLookupMethods($merchantId: ID) { paymentMethods(merchantId: $merchantId) { id name type currencies merchantId } }
"""

TXN_DETAIL_FIELDS = """
fragment TxnDetailFields on Transaction {
  id merchantId paymentMethodId brandId environment status amount currency refundedAmount orderId userReference
  merchant { id name } brand { id name } paymentMethod { id name kind }
  viewerCan { override resendWebhook openDispute readCallbacks readDisputes export }
  webhookDeliveries {
    id endpointId eventId eventType isTest status attemptCount nextAttemptAt lastError createdAt
    attempts { id number url responseStatus responseBody durationMs succeeded error createdAt }
  }
  processingFee conversionFee routingPath masterMidId subMidId provider customer expiresAt createdAt updatedAt
  timeline { id kind message data actorType at }
  attempts { id method status scenario source details providerReference createdAt }
  callbacks {
    id provider eventId verdict suspicious reason detail reportedStatus reportedAmount reportedCurrency
    signatureValid payload receivedAt
  }
  overrides { id action previousStatus newStatus reason amount snapshot actorLabel createdAt }
  ledgerEntries { id kind description createdAt postings { id account currency debit credit } }
}
"""

TRANSACTION = TXN_DETAIL_FIELDS + """
query Transaction($id: ID!) {
  transaction(id: $id) { ...TxnDetailFields }
}
"""

OVERRIDE_TRANSACTION = TXN_DETAIL_FIELDS + ERROR_FRAGMENTS + """
mutation OverrideTransaction($id: ID!, $action: OverrideAction!, $reason: String!, $amount: MinorUnits) {
  overrideTransaction(id: $id, action: $action, reason: $reason, amount: $amount) {
    __typename
    ... on OverridePayload { transaction { ...TxnDetailFields } log { id action newStatus } }""" + _RESULT_ERRORS + """
  }
}
"""

# the detail page's webhook history: resend one delivery (webhooks.manage on the merchant)
RESEND_WEBHOOK_DELIVERY = ERROR_FRAGMENTS + """
mutation ResendWebhookDelivery($deliveryId: ID!) {
  resendWebhookEvent(deliveryId: $deliveryId) {
    __typename
    ... on WebhookDeliveryPayload { webhookDelivery { id status attemptCount nextAttemptAt } }""" + _RESULT_ERRORS + """
  }
}
"""

# ---------------------------------------------------------------------------------------------
# merchant page, Developer tab
# ---------------------------------------------------------------------------------------------

DEV_METHODS = """
query DevMethods($merchantId: ID) {
  paymentMethods(merchantId: $merchantId) { id name type currencies minAmount maxAmount enabled published { version } }
}
"""

SIMULATOR_TEST_INPUTS = "query SimulatorTestInputs { simulatorTestInputs }"

CREATE_TEST_DEPOSIT = TXN_ROW_FIELDS + ERROR_FRAGMENTS + """
mutation CreateTestDeposit($input: TestDepositInput!) {
  createTestDeposit(input: $input) {
    __typename
    ... on TestDepositPayload { paymentUrl transaction { ...TxnRowFields } attempt { id status scenario } }""" \
    + _RESULT_ERRORS + """
  }
}
"""

# the detail page's live timeline (graphql-transport-ws; see gql/live.py): the entries so far, then each new one
TRANSACTION_TIMELINE = """
subscription TransactionTimeline($id: ID!, $replay: Boolean!) {
  transactionTimeline(id: $id, replay: $replay) { id kind message data actorType at }
}
"""

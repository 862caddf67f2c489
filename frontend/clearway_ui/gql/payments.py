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
  id merchantId paymentMethodId environment status amount currency refundedAmount orderId userReference
  provider createdAt updatedAt
}
"""

TRANSACTIONS = TXN_ROW_FIELDS + """
query Transactions($merchantId: ID, $first: Int!, $after: String) {
  transactions(merchantId: $merchantId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...TxnRowFields } }
  }
}
"""

# names behind merchantId / paymentMethodId (payment methods need routing.read: optional)
TXN_LOOKUP_MERCHANTS = "query TxnLookupMerchants { merchants { id name } }"
TXN_LOOKUP_METHODS = """
query TxnLookupMethods($merchantId: ID) { paymentMethods(merchantId: $merchantId) { id name type currencies } }
"""

TXN_DETAIL_FIELDS = """
fragment TxnDetailFields on Transaction {
  id merchantId paymentMethodId brandId environment status amount currency refundedAmount orderId userReference
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

# the detail page's context: merchant name and the payment method
TXN_CONTEXT = """
query TxnContext($merchantId: ID!) {
  merchant(id: $merchantId) { id name }
  paymentMethods(merchantId: $merchantId) { id name type }
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

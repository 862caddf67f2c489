"""GraphQL documents of the dispute workbench (/disputes, /disputes/<id>) and the transaction page's Disputes card
(checked against /schema.graphql by tests/e2e/test_ui_queries.py)."""

_ERRORS = """
    ... on ValidationError { code message fields { field code message } }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
"""

DISPUTE_ROW_FIELDS = """
fragment DisputeRowFields on Dispute {
  id merchantId merchantName transactionId amount currency reason status outcome merchantLoss openedAt escalateAt
  escalatedAt resolvedAt updatedAt
}
"""

DISPUTES = DISPUTE_ROW_FIELDS + """
query Disputes($status: [DisputeStatus!], $merchantId: ID, $transactionId: ID, $first: Int!, $after: String) {
  disputes(status: $status, merchantId: $merchantId, transactionId: $transactionId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...DisputeRowFields } }
  }
}
"""

DISPUTE_MERCHANTS = "query DisputeMerchants { merchants { id name } }"

DISPUTE = DISPUTE_ROW_FIELDS + """
query Dispute($id: ID!) {
  dispute(id: $id) {
    ...DisputeRowFields
    resolutionNote openedBy version allowedTransitions canResolve canWork
    evidence { id filename fileType contentType size sha256 description uploadedBy createdAt downloadPath }
    messages { id authorLabel authorSide body createdAt }
    timeline { id kind message actorType actorLabel at }
  }
}
"""

OPEN_DISPUTE = """
mutation OpenDispute($input: OpenDisputeInput!) {
  openDispute(input: $input) {
    __typename
    ... on DisputePayload { dispute { id status } }
""" + _ERRORS + """
  }
}
"""

MOVE_DISPUTE = """
mutation MoveDispute($id: ID!, $status: DisputeStatus!, $note: String) {
  moveDispute(id: $id, status: $status, note: $note) {
    __typename
    ... on DisputePayload { dispute { id status } }
""" + _ERRORS + """
  }
}
"""

RESOLVE_DISPUTE = """
mutation ResolveDispute($input: ResolveDisputeInput!) {
  resolveDispute(input: $input) {
    __typename
    ... on DisputePayload { dispute { id status outcome merchantLoss } }
""" + _ERRORS + """
  }
}
"""

POST_DISPUTE_MESSAGE = """
mutation PostDisputeMessage($id: ID!, $body: String!) {
  postDisputeMessage(disputeId: $id, body: $body) {
    __typename
    ... on DisputeMessagePayload { disputeMessage { id } }
""" + _ERRORS + """
  }
}
"""

UPLOAD_DISPUTE_EVIDENCE = """
mutation UploadDisputeEvidence($id: ID!, $file: Upload!, $description: String) {
  uploadDisputeEvidence(disputeId: $id, file: $file, description: $description) {
    __typename
    ... on DisputeEvidencePayload { evidence { id filename fileType } }
""" + _ERRORS + """
  }
}
"""

TXN_DISPUTES = DISPUTE_ROW_FIELDS + """
query TransactionDisputes($transactionId: ID!) {
  disputes(transactionId: $transactionId, first: 20) { totalCount edges { node { ...DisputeRowFields } } }
  transaction(id: $transactionId) { id status amount refundedAmount currency viewerCan { openDispute readDisputes } }
  canOpenDisputes
}
"""

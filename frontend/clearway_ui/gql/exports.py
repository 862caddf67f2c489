"""GraphQL documents of the exports page and the transaction page's download buttons (checked against /schema.graphql)."""

EXPORT_FIELDS = """
fragment ExportFields on Export {
  id kind status filter transactionId rowsDone rowsTotal progress fileName fileSize sha256 error
  createdByLabel createdAt startedAt finishedAt fileExpiresAt
}
"""

EXPORTS = EXPORT_FIELDS + """
query Exports($first: Int!, $transactionId: ID) {
  exports(first: $first, transactionId: $transactionId) { totalCount edges { node { ...ExportFields } } }
}
"""

EXPORT = EXPORT_FIELDS + "query Export($id: ID!) { export(id: $id) { ...ExportFields } }"

CREATE_EXPORT = EXPORT_FIELDS + """
mutation CreateExport($input: CreateExportInput!) {
  createExport(input: $input) {
    __typename
    ... on ExportPayload { export { ...ExportFields } }
    ... on ValidationError { code message fields { field code message } }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
  }
}
"""

CREATE_EXPORT_DOWNLOAD = """
mutation CreateExportDownload($exportId: ID!) {
  createExportDownload(exportId: $exportId) {
    __typename
    ... on ExportDownload { url expiresAt }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
  }
}
"""

EXPORT_MERCHANTS = "query ExportMerchants { merchants { id name } }"

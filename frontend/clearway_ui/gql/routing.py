"""GraphQL documents of the routing and execution-layer pages (checked against /schema.graphql).

Kept apart from ``queries.py`` (merchant setup, access) so the two areas can change independently;
tests/e2e/test_ui_queries.py validates both modules.
"""

ERROR_FRAGMENTS = """
fragment ErrorFields on ValidationError { code message fields { field code message } }
"""

_RESULT_ERRORS = """
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
"""

# ---------------------------------------------------------------------------------------------
# Payment methods and first-level blueprints
# ---------------------------------------------------------------------------------------------

VERSION_FIELDS = """
fragment VersionFields on BlueprintVersion { id version status document createdAt publishedAt }
"""

# merchants (with their brands) give the names behind a payment method's merchantId / brandId
ROUTING_MERCHANTS = """
query RoutingMerchants {
  merchants { id name status brands { id name defaultCurrency } }
}
"""

PAYMENT_METHODS = """
query PaymentMethods($merchantId: ID, $brandId: ID) {
  paymentMethods(merchantId: $merchantId, brandId: $brandId) {
    id brandId merchantId name type currencies minAmount maxAmount enabled createdAt
    published { id version publishedAt }
    draft { id version createdAt }
  }
}
"""

PAYMENT_METHOD_FIELDS = """
fragment PaymentMethodFields on PaymentMethod {
  id brandId merchantId name type currencies minAmount maxAmount enabled createdAt
}
"""

CREATE_PAYMENT_METHOD = PAYMENT_METHOD_FIELDS + ERROR_FRAGMENTS + """
mutation CreatePaymentMethod($brandId: ID!, $input: PaymentMethodInput!) {
  createPaymentMethod(brandId: $brandId, input: $input) {
    __typename
    ... on PaymentMethodPayload { paymentMethod { ...PaymentMethodFields } }""" + _RESULT_ERRORS + """
  }
}
"""

UPDATE_PAYMENT_METHOD = PAYMENT_METHOD_FIELDS + ERROR_FRAGMENTS + """
mutation UpdatePaymentMethod($id: ID!, $input: UpdatePaymentMethodInput!) {
  updatePaymentMethod(id: $id, input: $input) {
    __typename
    ... on PaymentMethodPayload { paymentMethod { ...PaymentMethodFields } }""" + _RESULT_ERRORS + """
  }
}
"""

# one payment method with every version
PAYMENT_METHOD_EDITOR = PAYMENT_METHOD_FIELDS + VERSION_FIELDS + """
query PaymentMethodEditor($id: ID!) {
  paymentMethod(id: $id) {
    ...PaymentMethodFields
    versions { ...VersionFields }
  }
}
"""

# what first-level rules can target (asked apart: a caller may read routing without these)
ROUTING_TARGETS = """
query RoutingTargets {
  masterMidGroups { id name masterMids { id name enabled } }
}
"""

ROUTING_DRAFT = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation RoutingDraft($paymentMethodId: ID!) {
  routingDraft(paymentMethodId: $paymentMethodId) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

UPDATE_ROUTING_DRAFT = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateRoutingDraft($id: ID!, $document: JSON!) {
  updateRoutingDraft(id: $id, document: $document) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

PUBLISH_ROUTING = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation PublishRouting($id: ID!) {
  publishRouting(id: $id) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

BLUEPRINT_DIFF = """
query BlueprintDiff($fromId: ID!, $toId: ID!) {
  blueprintDiff(fromId: $fromId, toId: $toId)
}
"""

ROUTING_PREVIEW = """
query RoutingPreview($paymentMethodId: ID!, $sample: SamplePaymentInput!, $useDraft: Boolean!) {
  routingPreview(paymentMethodId: $paymentMethodId, sample: $sample, useDraft: $useDraft)
}
"""

# ---------------------------------------------------------------------------------------------
# Execution layer: MASTER MID GROUPs, MASTER MIDs, SUB MID GROUPs and members, second level
# ---------------------------------------------------------------------------------------------

SUB_MID_FIELDS = """
fragment SubMidFields on SubMid {
  id groupId name kind position weight enabled velocity conversionFeeBps credentialsHint
}
"""

MASTER_MID_GROUPS = """
query MasterMidGroups {
  masterMidGroups {
    id name createdAt
    masterMids {
      id groupId name provider settlementCurrency fees enabled
      subMidGroups { id strategy members { id enabled } }
      published { id version }
    }
  }
}
"""

MASTER_MID = SUB_MID_FIELDS + VERSION_FIELDS + """
query MasterMid($id: ID!) {
  masterMid(id: $id) {
    id groupId name provider settlementCurrency fees enabled
    subMidGroups { id masterMidId name strategy members { ...SubMidFields } }
    versions { ...VersionFields }
  }
  masterMidGroups { id name }
}
"""

CREATE_MASTER_MID_GROUP = ERROR_FRAGMENTS + """
mutation CreateMasterMidGroup($name: String!) {
  createMasterMidGroup(name: $name) {
    __typename
    ... on MasterMidGroupPayload { masterMidGroup { id name } }""" + _RESULT_ERRORS + """
  }
}
"""

_MASTER_MID_PAYLOAD = """
    ... on MasterMidPayload { masterMid { id groupId name provider settlementCurrency fees enabled } }"""

CREATE_MASTER_MID = ERROR_FRAGMENTS + """
mutation CreateMasterMid($input: MasterMidInput!) {
  createMasterMid(input: $input) {
    __typename""" + _MASTER_MID_PAYLOAD + _RESULT_ERRORS + """
  }
}
"""

UPDATE_MASTER_MID = ERROR_FRAGMENTS + """
mutation UpdateMasterMid($id: ID!, $input: UpdateMasterMidInput!) {
  updateMasterMid(id: $id, input: $input) {
    __typename""" + _MASTER_MID_PAYLOAD + _RESULT_ERRORS + """
  }
}
"""

CREATE_SUB_MID_GROUP = ERROR_FRAGMENTS + """
mutation CreateSubMidGroup($masterMidId: ID!, $name: String!, $strategy: Strategy!) {
  createSubMidGroup(masterMidId: $masterMidId, name: $name, strategy: $strategy) {
    __typename
    ... on SubMidGroupPayload { subMidGroup { id name strategy } }""" + _RESULT_ERRORS + """
  }
}
"""

ADD_SUB_MID = SUB_MID_FIELDS + ERROR_FRAGMENTS + """
mutation AddSubMid($input: SubMidInput!) {
  addSubMid(input: $input) {
    __typename
    ... on SubMidPayload { subMid { ...SubMidFields } }""" + _RESULT_ERRORS + """
  }
}
"""

UPDATE_SUB_MID = SUB_MID_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateSubMid($id: ID!, $input: UpdateSubMidInput!) {
  updateSubMid(id: $id, input: $input) {
    __typename
    ... on SubMidPayload { subMid { ...SubMidFields } }""" + _RESULT_ERRORS + """
  }
}
"""

REPLACE_SUB_MID_CREDENTIALS = SUB_MID_FIELDS + ERROR_FRAGMENTS + """
mutation ReplaceSubMidCredentials($id: ID!, $credentials: String!) {
  replaceSubMidCredentials(id: $id, credentials: $credentials) {
    __typename
    ... on SubMidPayload { subMid { ...SubMidFields } }""" + _RESULT_ERRORS + """
  }
}
"""

EXECUTION_DRAFT = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation ExecutionDraft($masterMidId: ID!) {
  executionDraft(masterMidId: $masterMidId) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

UPDATE_EXECUTION_DRAFT = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateExecutionDraft($id: ID!, $document: JSON!) {
  updateExecutionDraft(id: $id, document: $document) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

PUBLISH_EXECUTION = VERSION_FIELDS + ERROR_FRAGMENTS + """
mutation PublishExecution($id: ID!) {
  publishExecution(id: $id) {
    __typename
    ... on BlueprintPayload { blueprint { ...VersionFields } }""" + _RESULT_ERRORS + """
  }
}
"""

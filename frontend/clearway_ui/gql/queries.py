"""Every GraphQL document the UI sends, in one place (checked against /schema.graphql)."""

ERROR_FRAGMENTS = """
fragment ErrorFields on ValidationError { code message fields { field code message } }
"""

ME_FIELDS = """
fragment MeFields on Me {
  id email name kind isOperator totpEnabled permissions
  tenant { id name slug plan status }
}
"""

ME = ME_FIELDS + "query Me { me { ...MeFields } }"

LOGIN = ME_FIELDS + """
mutation Login($email: String!, $password: String!, $totpCode: String) {
  login(email: $email, password: $password, totpCode: $totpCode) {
    __typename
    ... on LoginSuccess { me { ...MeFields } }
    ... on LoginFailed { code message }
    ... on TotpRequired { message }
  }
}
"""

LOGOUT = "mutation Logout { logout }"

# overview figures: one small query each, so a list the user may not read does not hide the others
OVERVIEW_USERS = "query OverviewUsers { users(first: 1) { totalCount } }"
OVERVIEW_ROLES = "query OverviewRoles { roles { id } }"
OVERVIEW_MERCHANTS = "query OverviewMerchants { merchants { id } }"

USER_FIELDS = """
fragment UserFields on User {
  id email name kind isActive totpEnabled lastLoginAt lockedUntil createdAt
}
"""

USERS = USER_FIELDS + """
query Users($first: Int!, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...UserFields } }
  }
}
"""

CREATE_USER = USER_FIELDS + ERROR_FRAGMENTS + """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on UserPayload { user { ...UserFields } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

UPDATE_USER = USER_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    __typename
    ... on UserPayload { user { ...UserFields } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

PERMISSION_CATALOGUE = """
query PermissionCatalogue {
  permissionCatalogue { codename domain action description scope }
}
"""

ROLE_FIELDS = """
fragment RoleFields on Role { id name description kind permissions isSystem createdAt }
"""

ROLES = ROLE_FIELDS + """
query Roles($kind: RoleKind) { roles(kind: $kind) { ...RoleFields } }
"""

ROLES_AND_CATALOGUE = ROLE_FIELDS + """
query RolesPage {
  roles { ...RoleFields }
  permissionCatalogue { codename domain action description scope }
}
"""

CREATE_ROLE = ROLE_FIELDS + ERROR_FRAGMENTS + """
mutation CreateRole($input: RoleInput!) {
  createRole(input: $input) {
    __typename
    ... on RolePayload { role { ...RoleFields } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

UPDATE_ROLE = ROLE_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateRole($id: ID!, $input: RoleInput!) {
  updateRole(id: $id, input: $input) {
    __typename
    ... on RolePayload { role { ...RoleFields } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

DELETE_ROLE = """
mutation DeleteRole($id: ID!) {
  deleteRole(id: $id) {
    __typename
    ... on DeletePayload { id }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
  }
}
"""

ROLE_ASSIGNMENTS = """
query RoleAssignments($userId: ID) {
  roleAssignments(userId: $userId) {
    id createdAt contextType contextId contextName
    user { id email name }
    role { id name kind }
  }
}
"""

ACCESS_GRANTS = """
query AccessGrants($userId: ID) {
  accessGrants(userId: $userId) {
    id merchantId merchantGroupId targetName createdAt
    user { id email }
  }
}
"""

# pick lists: one query each, so a list the user may not read does not hide the others
LOOKUP_USERS = """
query LookupUsers($first: Int!, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id email name kind isActive } }
  }
}
"""
LOOKUP_ROLES = "query { roles { id name kind } }"
LOOKUP_GROUPS = "query { merchantGroups { id name } }"
LOOKUP_MERCHANTS = "query { merchants { id name status merchantGroup { id name } } }"

ASSIGN_ROLE = ERROR_FRAGMENTS + """
mutation AssignRole($input: AssignRoleInput!) {
  assignRole(input: $input) {
    __typename
    ... on RoleAssignmentPayload { roleAssignment { id } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

REVOKE_ROLE_ASSIGNMENT = """
mutation RevokeRoleAssignment($id: ID!) {
  revokeRoleAssignment(id: $id) {
    __typename
    ... on DeletePayload { id }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
  }
}
"""

GRANT_ACCESS = ERROR_FRAGMENTS + """
mutation GrantAccess($input: GrantAccessInput!) {
  grantAccess(input: $input) {
    __typename
    ... on AccessGrantPayload { accessGrant { id } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
  }
}
"""

REVOKE_ACCESS = """
mutation RevokeAccess($id: ID!) {
  revokeAccess(id: $id) {
    __typename
    ... on DeletePayload { id }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
  }
}
"""

TENANT_FIELDS = """
fragment TenantFields on Tenant {
  id name slug plan status createdAt rateLimitPerMinute
  usage { users merchants apiKeys transactions }
}
"""

TENANTS = TENANT_FIELDS + "query Tenants { tenants { ...TenantFields } }"

_TENANT_RESULT = """
    __typename
    ... on TenantPayload { tenant { ...TenantFields } }
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
"""

CREATE_TENANT = TENANT_FIELDS + ERROR_FRAGMENTS + """
mutation CreateTenant($input: CreateTenantInput!) {
  createTenant(input: $input) {""" + _TENANT_RESULT + """}
}
"""

SUSPEND_TENANT = TENANT_FIELDS + ERROR_FRAGMENTS + """
mutation SuspendTenant($id: ID!) { suspendTenant(id: $id) {""" + _TENANT_RESULT + """} }
"""

ACTIVATE_TENANT = TENANT_FIELDS + ERROR_FRAGMENTS + """
mutation ActivateTenant($id: ID!) { activateTenant(id: $id) {""" + _TENANT_RESULT + """} }
"""

SET_TENANT_PLAN = TENANT_FIELDS + ERROR_FRAGMENTS + """
mutation SetTenantPlan($id: ID!, $plan: Plan!) {
  setTenantPlan(id: $id, plan: $plan) {""" + _TENANT_RESULT + """}
}
"""

AUDIT_NODE = """
fragment AuditFields on AuditEvent {
  id occurredAt actorType actorId actorLabel action outcome targetType targetId diff ip requestId
}
"""

AUDIT_EVENTS = AUDIT_NODE + """
query AuditEvents($first: Int!, $after: String, $action: String, $targetType: String) {
  auditEvents(first: $first, after: $after, action: $action, targetType: $targetType) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...AuditFields } }
  }
}
"""

# the system operator's own trail (tenant management, operator logins)
PLATFORM_AUDIT_EVENTS = AUDIT_NODE + """
query PlatformAuditEvents($first: Int!, $after: String, $action: String, $targetType: String) {
  auditEvents: platformAuditEvents(first: $first, after: $after, action: $action, targetType: $targetType) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...AuditFields } }
  }
}
"""

PLATFORM_HEALTH = """
query PlatformHealth {
  platformHealth { databaseOk redisOk queueDepth workerAlive workerHeartbeatAgeSeconds }
}
"""

# ---------------------------------------------------------------------------------------------
# Merchant setup: merchant groups, merchants, readiness, brands, provider access, invitations,
# API keys, webhook endpoints, the email outbox
# ---------------------------------------------------------------------------------------------

_RESULT_ERRORS = """
    ... on ValidationError { ...ErrorFields }
    ... on ConflictError { code message }
    ... on NotFoundError { code message }
"""

_DELETE_RESULT = """
    __typename
    ... on DeletePayload { id }
    ... on NotFoundError { code message }
    ... on ConflictError { code message }
"""

MERCHANTS = """
query Merchants($search: String) {
  merchants(search: $search) {
    id name status createdAt
    merchantGroup { id name }
    brands { id }
    readiness { key done }
  }
}
"""

MERCHANT_GROUPS = "query MerchantGroups { merchantGroups { id name } }"

CREATE_MERCHANT_GROUP = ERROR_FRAGMENTS + """
mutation CreateMerchantGroup($name: String!) {
  createMerchantGroup(name: $name) {
    __typename
    ... on MerchantGroupPayload { merchantGroup { id name } }""" + _RESULT_ERRORS + """
  }
}
"""

CREATE_MERCHANT = ERROR_FRAGMENTS + """
mutation CreateMerchant($name: String!, $merchantGroupId: ID) {
  createMerchant(name: $name, merchantGroupId: $merchantGroupId) {
    __typename
    ... on MerchantPayload { merchant { id name } }""" + _RESULT_ERRORS + """
  }
}
"""

MERCHANT_CORE_FIELDS = """
fragment MerchantCore on Merchant {
  id name status createdAt merchantGroupId
  merchantGroup { id name }
  readiness { key title done hint fixPath }
}
"""

MERCHANT = MERCHANT_CORE_FIELDS + """
query Merchant($id: ID!) { merchant(id: $id) { ...MerchantCore } }
"""

UPDATE_MERCHANT = MERCHANT_CORE_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateMerchant($id: ID!, $input: UpdateMerchantInput!) {
  updateMerchant(id: $id, input: $input) {
    __typename
    ... on MerchantPayload { merchant { ...MerchantCore } }""" + _RESULT_ERRORS + """
  }
}
"""

BRAND_FIELDS = """
fragment BrandFields on Brand { id merchantId name logoUrl color defaultCurrency createdAt }
"""

MERCHANT_BRANDS = BRAND_FIELDS + """
query MerchantBrands($id: ID!) { merchant(id: $id) { id brands { ...BrandFields } } }
"""

CREATE_BRAND = BRAND_FIELDS + ERROR_FRAGMENTS + """
mutation CreateBrand($merchantId: ID!, $input: BrandInput!) {
  createBrand(merchantId: $merchantId, input: $input) {
    __typename
    ... on BrandPayload { brand { ...BrandFields } }""" + _RESULT_ERRORS + """
  }
}
"""

UPDATE_BRAND = BRAND_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {
  updateBrand(id: $id, input: $input) {
    __typename
    ... on BrandPayload { brand { ...BrandFields } }""" + _RESULT_ERRORS + """
  }
}
"""

MERCHANT_PROVIDERS = """
query MerchantProviders($id: ID!) { merchant(id: $id) { id providerAccess { id provider createdAt } } }
"""

GRANT_PROVIDER_ACCESS = ERROR_FRAGMENTS + """
mutation GrantProviderAccess($merchantId: ID!, $provider: SimulatedProvider!) {
  grantProviderAccess(merchantId: $merchantId, provider: $provider) {
    __typename
    ... on ProviderAccessPayload { providerAccess { id provider createdAt } }""" + _RESULT_ERRORS + """
  }
}
"""

REVOKE_PROVIDER_ACCESS = """
mutation RevokeProviderAccess($id: ID!) { revokeProviderAccess(id: $id) {""" + _DELETE_RESULT + """} }
"""

INVITATION_FIELDS = """
fragment InvitationFields on Invitation {
  id email name roleId contextType contextId expiresAt acceptedAt revokedAt createdAt status
}
"""

INVITATIONS = INVITATION_FIELDS + """
query Invitations($contextType: ContextType, $contextId: ID) {
  invitations(contextType: $contextType, contextId: $contextId) { ...InvitationFields }
}
"""

# merchant roles a merchant invitation may carry
MERCHANT_ROLES = "query MerchantRoles { roles(kind: MERCHANT) { id name description permissions } }"

INVITE_USER = INVITATION_FIELDS + ERROR_FRAGMENTS + """
mutation InviteUser($input: InviteUserInput!) {
  inviteUser(input: $input) {
    __typename
    ... on InvitationPayload { invitation { ...InvitationFields } }""" + _RESULT_ERRORS + """
  }
}
"""

REVOKE_INVITATION = """
mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) {""" + _DELETE_RESULT + """} }
"""

ACCEPT_INVITATION = ERROR_FRAGMENTS + """
mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {
  acceptInvitation(token: $token, name: $name, password: $password) {
    __typename
    ... on UserPayload { user { id email name } }""" + _RESULT_ERRORS + """
  }
}
"""

OUTBOX_EMAILS = """
query OutboxEmails($first: Int!, $after: String, $to: String) {
  outboxEmails(first: $first, after: $after, to: $to) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id to subject body category relatedType relatedId createdAt } }
  }
}
"""

API_KEY_FIELDS = """
fragment ApiKeyFields on ApiKey {
  id merchantId name environment prefix lastUsedAt expiresAt revokedAt rotatedToId createdAt status
}
"""

MERCHANT_API_KEYS = API_KEY_FIELDS + """
query MerchantApiKeys($id: ID!) { merchant(id: $id) { id apiKeys { ...ApiKeyFields } } }
"""

_API_KEY_CREATED = """
    __typename
    ... on ApiKeyCreated { secret apiKey { ...ApiKeyFields } }""" + _RESULT_ERRORS

CREATE_API_KEY = API_KEY_FIELDS + ERROR_FRAGMENTS + """
mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {""" + _API_KEY_CREATED + """}
}
"""

ROTATE_API_KEY = API_KEY_FIELDS + ERROR_FRAGMENTS + """
mutation RotateApiKey($id: ID!, $graceSeconds: Int!) {
  rotateApiKey(id: $id, graceSeconds: $graceSeconds) {""" + _API_KEY_CREATED + """}
}
"""

REVOKE_API_KEY = API_KEY_FIELDS + ERROR_FRAGMENTS + """
mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    __typename
    ... on ApiKeyPayload { apiKey { ...ApiKeyFields } }""" + _RESULT_ERRORS + """
  }
}
"""

WEBHOOK_ENDPOINT_FIELDS = """
fragment WebhookEndpointFields on WebhookEndpoint {
  id merchantId url description eventTypes enabled createdAt secretHint secretPreviousValidUntil
}
"""

MERCHANT_WEBHOOKS = WEBHOOK_ENDPOINT_FIELDS + """
query MerchantWebhooks($id: ID!) {
  merchant(id: $id) { id webhookEndpoints { ...WebhookEndpointFields } }
  webhookEventTypes { name description }
}
"""

_ENDPOINT_CREATED = """
    __typename
    ... on WebhookEndpointCreated { signingSecret webhookEndpoint { ...WebhookEndpointFields } }""" + _RESULT_ERRORS

CREATE_WEBHOOK_ENDPOINT = WEBHOOK_ENDPOINT_FIELDS + ERROR_FRAGMENTS + """
mutation CreateWebhookEndpoint($merchantId: ID!, $input: WebhookEndpointInput!) {
  createWebhookEndpoint(merchantId: $merchantId, input: $input) {""" + _ENDPOINT_CREATED + """}
}
"""

UPDATE_WEBHOOK_ENDPOINT = WEBHOOK_ENDPOINT_FIELDS + ERROR_FRAGMENTS + """
mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) {
    __typename
    ... on WebhookEndpointPayload { webhookEndpoint { ...WebhookEndpointFields } }""" + _RESULT_ERRORS + """
  }
}
"""

ROTATE_WEBHOOK_SECRET = WEBHOOK_ENDPOINT_FIELDS + ERROR_FRAGMENTS + """
mutation RotateWebhookSecret($id: ID!, $graceSeconds: Int!) {
  rotateWebhookSecret(id: $id, graceSeconds: $graceSeconds) {""" + _ENDPOINT_CREATED + """}
}
"""

DELETE_WEBHOOK_ENDPOINT = """
mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) {""" + _DELETE_RESULT + """} }
"""

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

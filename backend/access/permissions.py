"""The permission catalogue: every codename ``domain.action`` the product knows, in one place.

Scope PLATFORM: may appear in platform roles only (tenant staff).
Scope MERCHANT: may appear in platform roles and in merchant roles.
Operator permissions are not in any role: they belong to the system operator flag.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class PermScope(str, Enum):
    PLATFORM = "platform"
    MERCHANT = "merchant"


@dataclass(frozen=True)
class PermInfo:
    codename: str
    scope: PermScope
    description: str

    @property
    def domain(self) -> str:
        return self.codename.split(".", 1)[0]

    @property
    def action(self) -> str:
        return self.codename.split(".", 1)[1]


class Perm(str, Enum):
    ACCESS_READ = "access.read"
    ACCESS_MANAGE = "access.manage"
    MERCHANT_USERS_MANAGE = "merchant_users.manage"
    AUDIT_READ = "audit.read"
    MERCHANTS_READ = "merchants.read"
    MERCHANTS_MANAGE = "merchants.manage"
    MERCHANTS_ACCESS_ALL = "merchants.access_all"
    API_KEYS_MANAGE = "api_keys.manage"
    SECRETS_ROTATE = "secrets.rotate"
    WEBHOOKS_READ = "webhooks.read"
    WEBHOOKS_MANAGE = "webhooks.manage"
    ROUTING_READ = "routing.read"
    ROUTING_EDIT = "routing.edit"
    ROUTING_PUBLISH = "routing.publish"
    EXECUTION_MANAGE = "execution.manage"
    TRANSACTIONS_READ = "transactions.read"
    TRANSACTIONS_CREATE = "transactions.create"
    TRANSACTIONS_OVERRIDE = "transactions.override"
    CALLBACKS_READ = "callbacks.read"
    CUSTOMERS_READ_PII = "customers.read_pii"
    LEDGER_READ = "ledger.read"
    DISPUTES_READ = "disputes.read"
    DISPUTES_MANAGE = "disputes.manage"
    EXPORTS_CREATE = "exports.create"
    REVIEW_READ = "review.read"


_P, _M = PermScope.PLATFORM, PermScope.MERCHANT

CATALOGUE: dict[Perm, PermInfo] = {
    p: PermInfo(p.value, scope, desc)
    for p, scope, desc in [
        (Perm.ACCESS_READ, _P, "See users, roles, role assignments and grants"),
        (Perm.ACCESS_MANAGE, _P, "Create users and roles, assign roles, grant merchant access"),
        (Perm.MERCHANT_USERS_MANAGE, _M, "Invite users into the own merchant context and assign allowed merchant roles"),
        (Perm.AUDIT_READ, _P, "Search the audit trail"),
        (Perm.MERCHANTS_READ, _M, "See merchants, brands and readiness"),
        (Perm.MERCHANTS_MANAGE, _P, "Create and edit merchant groups, merchants and brands"),
        (Perm.MERCHANTS_ACCESS_ALL, _P, "Reach every merchant of the tenant without a grant"),
        (Perm.API_KEYS_MANAGE, _M, "Create, rotate and revoke API keys"),
        (Perm.SECRETS_ROTATE, _P, "Replace secrets and rotate the vault key"),
        (Perm.WEBHOOKS_READ, _M, "See webhook endpoints and deliveries"),
        (Perm.WEBHOOKS_MANAGE, _M, "Manage webhook endpoints, resend deliveries"),
        (Perm.ROUTING_READ, _M, "See payment methods and routing blueprints"),
        (Perm.ROUTING_EDIT, _P, "Edit routing drafts and payment methods"),
        (Perm.ROUTING_PUBLISH, _P, "Publish routing blueprints"),
        (Perm.EXECUTION_MANAGE, _P, "Manage MASTER MIDs, SUB MIDs and their groups"),
        (Perm.TRANSACTIONS_READ, _M, "See transactions and their timelines"),
        (Perm.TRANSACTIONS_CREATE, _M, "Create test payments from the back office"),
        (Perm.TRANSACTIONS_OVERRIDE, _P, "Manually override or correct a transaction"),
        (Perm.CALLBACKS_READ, _P, "See raw provider callbacks"),
        (Perm.CUSTOMERS_READ_PII, _M, "See unmasked customer data"),
        (Perm.LEDGER_READ, _M, "See ledger postings and balances"),
        (Perm.DISPUTES_READ, _M, "See disputes"),
        (Perm.DISPUTES_MANAGE, _M, "Work disputes: evidence, messages, resolution"),
        (Perm.EXPORTS_CREATE, _M, "Create exports and evidence bundles"),
        (Perm.REVIEW_READ, _P, "See operational review dashboards"),
    ]
}
assert set(CATALOGUE) == set(Perm), "every permission must be catalogued"

ALL_CODENAMES = frozenset(p.value for p in Perm)
MERCHANT_CODENAMES = frozenset(p.value for p, i in CATALOGUE.items() if i.scope == PermScope.MERCHANT)

# Built-in roles created with every tenant.
TENANT_ADMIN_ROLE = "Tenant admin"
MERCHANT_ADMIN_ROLE = "Merchant admin"
MERCHANT_VIEWER_ROLE = "Merchant viewer"
BUILTIN_ROLES: list[tuple[str, str, frozenset[str]]] = [
    (TENANT_ADMIN_ROLE, "platform", ALL_CODENAMES),
    (MERCHANT_ADMIN_ROLE, "merchant", MERCHANT_CODENAMES),
    (
        MERCHANT_VIEWER_ROLE,
        "merchant",
        frozenset({"merchants.read", "transactions.read", "webhooks.read", "routing.read", "ledger.read", "disputes.read"}),
    ),
]

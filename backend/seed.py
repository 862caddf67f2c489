"""Demo data for the embedded default (idempotent): an operator, a tenant with merchants and users."""
from __future__ import annotations

from backend.access import service as access
from backend.access.models import ContextType, User, UserKind
from backend.access.passwords import hash_password
from backend.access.permissions import MERCHANT_ADMIN_ROLE, TENANT_ADMIN_ROLE
from backend.core.db import init_db
from backend.core.tenancy import system_scope, tenant_scope
from backend.merchants.models import Brand, Merchant, MerchantGroup, ProviderAccess, SimulatedProvider
from backend.tenants.models import Plan, Tenant

DEMO_PASSWORD = "clearway-demo"
OPERATOR_EMAIL = "operator@clearway.local"
ADMIN_EMAIL = "admin@demo.clearway.local"
MERCHANT_EMAIL = "merchant@demo.clearway.local"


async def seed_data() -> None:
    with system_scope():
        if not await User.exists(email=OPERATOR_EMAIL):
            await User.create(email=OPERATOR_EMAIL, name="System Operator", kind=UserKind.OPERATOR,
                              password_hash=hash_password(DEMO_PASSWORD))
    tenant = await Tenant.get_or_none(slug="demo")
    if tenant is None:
        tenant = await Tenant.create(name="Demo Payments", slug="demo", plan=Plan.PRO)
    with tenant_scope(tenant.id):
        roles = await access.ensure_builtin_roles()
        group = await MerchantGroup.get_or_none(name="Acme Retail Group") or await MerchantGroup.create(name="Acme Retail Group")
        merchants = {}
        for name, grp in [("Acme Shoes", group.id), ("Acme Books", group.id), ("Globex Games", None)]:
            merchants[name] = await Merchant.get_or_none(name=name) or await Merchant.create(name=name, merchant_group_id=grp)
        for name, (brand, color, currency, providers) in {
            "Acme Shoes": ("Acme Shoes", "#0f766e", "EUR", [SimulatedProvider.CARD, SimulatedProvider.EWALLET]),
            "Acme Books": ("Acme Books", "#b45309", "USD", [SimulatedProvider.CARD]),
            "Globex Games": ("Globex", "#7c3aed", "IDR", [SimulatedProvider.VIRTUAL_ACCOUNT, SimulatedProvider.QR]),
        }.items():
            merchant = merchants[name]
            if not await Brand.exists(merchant_id=merchant.id):
                await Brand.create(merchant_id=merchant.id, name=brand, color=color, default_currency=currency)
            for provider in providers:
                if not await ProviderAccess.exists(merchant_id=merchant.id, provider=provider):
                    await ProviderAccess.create(merchant_id=merchant.id, provider=provider)
        if not await User.exists(email=ADMIN_EMAIL):
            admin = await User.create(email=ADMIN_EMAIL, name="Dana Admin", kind=UserKind.PLATFORM,
                                      password_hash=hash_password(DEMO_PASSWORD))
            await access._assign(admin, roles[TENANT_ADMIN_ROLE], ContextType.TENANT, None)
        if not await User.exists(email=MERCHANT_EMAIL):
            madmin = await User.create(email=MERCHANT_EMAIL, name="Mo Merchant", kind=UserKind.MERCHANT,
                                       password_hash=hash_password(DEMO_PASSWORD))
            await access._assign(madmin, roles[MERCHANT_ADMIN_ROLE], ContextType.MERCHANT, merchants["Acme Shoes"].id)


async def seed() -> None:
    ctx = await init_db()
    try:
        await seed_data()
    finally:
        await ctx.close_connections()


def print_logins() -> None:
    print("Demo logins (password: %s)" % DEMO_PASSWORD)
    print(f"  system operator : {OPERATOR_EMAIL}")
    print(f"  tenant admin    : {ADMIN_EMAIL}")
    print(f"  merchant admin  : {MERCHANT_EMAIL}")

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
        await seed_routing(merchants)
        if not await User.exists(email=MERCHANT_EMAIL):
            madmin = await User.create(email=MERCHANT_EMAIL, name="Mo Merchant", kind=UserKind.MERCHANT,
                                       password_hash=hash_password(DEMO_PASSWORD))
            await access._assign(madmin, roles[MERCHANT_ADMIN_ROLE], ContextType.MERCHANT, merchants["Acme Shoes"].id)
        from backend.seed_payments import seed_payments
        from backend.seed_webhooks import seed_webhooks

        if await seed_payments():
            from backend.seed_review import seed_review

            await seed_review()  # the last 24 hours with an incident: the operational review shows a drop
        await seed_webhooks()  # after the demo payments: only new events (and a test delivery) go to the built-in receiver
        from backend.seed_disputes import seed_disputes

        await seed_disputes(ADMIN_EMAIL, MERCHANT_EMAIL)


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


async def seed_routing(merchants: dict) -> None:
    """Demo execution layer and published two-level routing for every demo payment method (idempotent)."""
    from backend.execution.models import ExecutionBlueprint, MasterMid, MasterMidGroup, Strategy, SubMid, SubMidGroup
    from backend.routing.models import PaymentMethod, PaymentMethodType, RoutingBlueprint, VersionStatus
    from backend.secrets import vault
    from backend.secrets.models import SecretKind

    if await PaymentMethod.exists():
        return
    layer = {}
    for provider, settle, fees in [("sim_card", "EUR", {"EUR": {"percent_bps": 250, "fixed": 25}, "USD": {"percent_bps": 290, "fixed": 30}}),
                                   ("sim_va", "IDR", {"IDR": {"percent_bps": 100, "fixed": 2000}}),
                                   ("sim_ewallet", "EUR", {"EUR": {"percent_bps": 180, "fixed": 10}, "IDR": {"percent_bps": 150, "fixed": 1000}}),
                                   ("sim_qr", "IDR", {"IDR": {"percent_bps": 70, "fixed": 0}})]:
        group = await MasterMidGroup.create(name=f"{provider.removeprefix('sim_').upper()} acquirers")
        mids = []
        for position, label in enumerate(("Primary", "Backup")):
            mid = await MasterMid.create(group_id=group.id, name=f"{provider} {label}", provider=provider,
                                         settlement_currency=settle, fees=fees, position=position)
            main = await SubMidGroup.create(master_mid_id=mid.id, name="Main pool", strategy=Strategy.WEIGHT)
            spill = await SubMidGroup.create(master_mid_id=mid.id, name="Overflow", strategy=Strategy.SEQUENCE)
            for i, (name, weight, vel) in enumerate([("A", 3, [{"window_seconds": 3600, "max_count": 500, "max_amount": 50_000_000}]),
                                                     ("B", 1, [{"window_seconds": 3600, "max_count": 200, "max_amount": None}])]):
                sub = SubMid(group_id=main.id, name=f"{label} {name}", position=i, weight=weight, velocity=vel, conversion_fee_bps=150)
                sub.credentials_secret_id = (await vault.store(SecretKind.PROVIDER_CREDENTIALS, "sub_mid", sub.id,
                                                               f"demo-{provider}-{label}-{name}-credential")).id
                await sub.save()
            await SubMid.create(group_id=spill.id, name=f"{label} overflow", position=0, conversion_fee_bps=200)
            await ExecutionBlueprint.create(master_mid_id=mid.id, version=1, status=VersionStatus.PUBLISHED, document={
                "rules": [{"id": "big", "name": "Large amounts to overflow", "match": "all",
                           "conditions": [{"type": "amount_range", "min": 5_000_000, "max": None}], "targets": [spill.id]}],
                "fallback": [main.id, spill.id]})
            mids.append(mid)
        layer[provider] = group
    plans = {"Acme Shoes": [("Cards", PaymentMethodType.CARD, ["EUR", "USD"], "sim_card"), ("E-wallet", PaymentMethodType.EWALLET, ["EUR"], "sim_ewallet")],
             "Acme Books": [("Cards", PaymentMethodType.CARD, ["USD", "EUR"], "sim_card")],
             "Globex Games": [("Virtual account", PaymentMethodType.VIRTUAL_ACCOUNT, ["IDR"], "sim_va"), ("QRIS", PaymentMethodType.QR, ["IDR"], "sim_qr")]}
    for merchant_name, methods in plans.items():
        merchant = merchants[merchant_name]
        brand = await Brand.filter(merchant_id=merchant.id).first()
        for name, mtype, currencies, provider in methods:
            pm = await PaymentMethod.create(brand_id=brand.id, merchant_id=merchant.id, name=name, type=mtype, currencies=currencies,
                                            min_amount=100, max_amount=100_000_000)
            target = layer[provider].id
            rules = [{"id": "vip", "name": "VIP customers", "match": "any",
                      "conditions": [{"type": "customer_segment", "in": ["vip"]}], "targets": [target]}]
            if mtype == PaymentMethodType.CARD:
                rules.append({"id": "visa-eu", "name": "Visa in Europe", "match": "all",
                              "conditions": [{"type": "card_brand", "in": ["visa"]}, {"type": "country", "in": ["DE", "FR", "NL", "ES"]}],
                              "targets": [target]})
            await RoutingBlueprint.create(payment_method_id=pm.id, version=1, status=VersionStatus.PUBLISHED,
                                          document={"rules": rules, "fallback": [target]})

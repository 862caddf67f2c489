"""The "prepare merchant for deposits" checklist (SPEC §3), computed from real data on every read."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from backend.access.models import ContextType, Invitation, RoleAssignment
from backend.core import clock
from backend.merchants.models import Brand, Merchant, ProviderAccess
from backend.payments.models import CallbackVerdict, OutboxEvent, ProviderCallback, TimelineEvent, Transaction
from backend.routing.models import PaymentMethod, RoutingBlueprint, VersionStatus
from backend.secrets.models import ApiKey


@dataclass
class Step:
    key: str
    title: str
    done: bool
    hint: str
    fix_path: str


async def readiness(merchant: Merchant) -> list[Step]:
    mid = merchant.id
    base = f"/merchants/{mid}"
    contexts = [(ContextType.MERCHANT, mid)]
    if merchant.merchant_group_id:
        contexts.append((ContextType.MERCHANT_GROUP, merchant.merchant_group_id))
    assignments = 0
    for ct, cid in contexts:
        assignments += await RoleAssignment.filter(context_type=ct, context_id=cid).count()
    invitations = await Invitation.filter(context_type=ContextType.MERCHANT, context_id=mid, revoked_at=None).count()
    now = clock.now()
    live_keys = await ApiKey.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), merchant_id=mid, revoked_at=None).count()
    brands = await Brand.filter(merchant_id=mid).count()
    providers = await ProviderAccess.filter(merchant_id=mid).count()
    methods = [m.id for m in await PaymentMethod.filter(merchant_id=mid)]
    blueprints = await RoutingBlueprint.filter(payment_method_id__in=methods or [""]).values("payment_method_id", "status", "document")
    configured = any(b["document"].get("rules") or b["document"].get("fallback") for b in blueprints)
    published = {b["payment_method_id"] for b in blueprints if b["status"] == VersionStatus.PUBLISHED}
    deposits = Transaction.filter(merchant_id=mid, environment="sandbox")
    deposited = await deposits.exists()
    verified = await _verified_deposit(mid) if deposited else False
    return [
        Step("create_merchant", "Create merchant", True, "The merchant exists", base),
        Step("create_brand", "Create brand", brands > 0, "Add a brand: its name, colour and logo appear on the hosted page", f"{base}?tab=brands"),
        Step("provider_access", "Grant provider access", providers > 0, "Choose the simulated providers this merchant may use", f"{base}?tab=providers"),
        Step("users", "Create or invite users", assignments + invitations > 0, "Invite the merchant's staff", f"{base}?tab=users"),
        Step("roles", "Assign roles", assignments > 0, "Give a user a merchant role in this merchant", f"{base}?tab=users"),
        Step("api_key", "Create API key", live_keys > 0, "Create a sandbox key for the integrator", f"{base}?tab=api-keys"),
        Step("payment_method", "Create payment method", bool(methods), "Add a payment method inside a brand", f"{base}?tab=routing"),
        Step("routing", "Configure routing", configured, "Add rules and a fallback to the payment method's blueprint", f"{base}?tab=routing"),
        Step("publish_routing", "Publish routing", bool(methods) and set(methods) <= published,
             "Publish a blueprint for every payment method (production traffic needs it)", f"{base}?tab=routing"),
        Step("test_deposit", "Create a test deposit", deposited, "Generate a sandbox payment with the test-deposit generator",
             f"{base}?tab=developer"),
        Step("verify", "Verify transaction, callback, webhook and timeline", verified,
             "A test deposit must reach a final status through a verified provider callback, with its webhook event and timeline",
             f"{base}?tab=developer"),
    ]


async def _verified_deposit(merchant_id: str) -> bool:
    """A sandbox payment finished by an applied provider callback, with a webhook event and a timeline."""
    recent = await Transaction.filter(merchant_id=merchant_id, environment="sandbox").exclude(status="pending").order_by(
        "-created_at").limit(20).values_list("id", flat=True)
    for txn_id in recent:
        if not await ProviderCallback.filter(transaction_id=txn_id, verdict=CallbackVerdict.APPLIED).exists():
            continue
        final_event = await OutboxEvent.filter(transaction_id=txn_id).exclude(event_type="payment.created").exists()
        if final_event and await TimelineEvent.filter(transaction_id=txn_id, kind="callback").exists():
            return True
    return False

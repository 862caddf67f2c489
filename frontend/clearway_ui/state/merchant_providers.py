"""Providers tab of /merchants/[merchant_key]: which simulated providers the merchant may use."""
from __future__ import annotations

from typing import Any

import reflex as rx

from ..gql import queries as Q
from .merchant import MerchantState
from .mixins import ConfirmMixin
from .util import fmt_dt

# SimulatedProvider enum value -> (label, icon, what it simulates)
PROVIDERS: list[tuple[str, str, str, str]] = [
    ("CARD", "Card", "credit-card",
     "Test card numbers decide approve, decline, 3-D Secure challenge or timeout."),
    ("VIRTUAL_ACCOUNT", "Virtual account", "landmark",
     "Bank transfer to a virtual account number; pending until marked as paid."),
    ("EWALLET", "E-wallet", "wallet", "Redirect-style wallet payments; magic amounts drive the outcome."),
    ("QR", "QR", "qr-code", "Scan-to-pay QR codes; magic amounts drive the outcome."),
]
LABELS = {p[0]: p[1] for p in PROVIDERS}


class ProvidersState(MerchantState, ConfirmMixin):
    cards: list[dict[str, Any]] = []
    p_loading: bool = False
    p_loaded: bool = False
    p_error: str = ""
    busy_provider: str = ""
    _grants: dict[str, dict[str, str]] = {}

    def _build_cards(self) -> None:
        self.cards = [
            {
                "provider": code,
                "label": label,
                "icon": icon,
                "description": desc,
                "granted": code in self._grants,
                "access_id": (self._grants.get(code) or {}).get("id", ""),
                "since": fmt_dt((self._grants.get(code) or {}).get("createdAt"))[:10],
            }
            for code, label, icon, desc in PROVIDERS
        ]

    async def _fetch(self):
        res = await self._gql(Q.MERCHANT_PROVIDERS, {"id": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        merchant = res.get("merchant")
        if merchant is None:
            self.p_error = res.first_error() or "Could not load provider access."
            return None
        self.p_error = ""
        self._grants = {str(p["provider"]): {"id": str(p["id"]), "createdAt": p.get("createdAt") or ""}
                        for p in merchant.get("providerAccess") or []}
        self._build_cards()
        return None

    @rx.var
    def granted_count(self) -> int:
        return sum(1 for c in self.cards if c["granted"])

    @rx.event
    async def load_tab(self):
        if self.tab != "providers" or not self.mid:
            return
        self.p_loading = True
        yield
        redirect = await self._fetch()
        self.p_loading = False
        self.p_loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    async def grant(self, provider: str):
        self.busy_provider = provider
        yield
        res = await self._gql(Q.GRANT_PROVIDER_ACCESS, {"merchantId": self.mid, "provider": provider})
        self.busy_provider = ""
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = res.get("grantProviderAccess") or {}
        if result.get("__typename") == "ProviderAccessPayload":
            yield rx.toast.success(f"{LABELS.get(provider, provider)} provider granted")
        else:
            yield rx.toast.error(result.get("message") or res.first_error() or "Access was not granted.")
        redirect = await self._fetch()
        if redirect is None:
            redirect = await self._fetch_core()
        if redirect is not None:
            yield redirect

    @rx.event
    def ask_revoke(self, provider: str):
        grant = self._grants.get(provider)
        if not grant:
            return
        label = LABELS.get(provider, provider)
        self._ask(
            "revoke",
            grant["id"],
            f"Revoke {label} access?",
            f"{self.m_name} can no longer route payments to the simulated {label} provider. "
            "You can grant it again later.",
            "Revoke access",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.REVOKE_PROVIDER_ACCESS, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("revokeProviderAccess") or {}
        ok = result.get("__typename") == "DeletePayload"
        await self._fetch()
        await self._fetch_core()
        if ok:
            return rx.toast.success("Provider access revoked")
        return rx.toast.error(result.get("message") or res.first_error() or "Access was not revoked.")

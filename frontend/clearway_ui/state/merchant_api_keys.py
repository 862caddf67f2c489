"""API keys tab of /merchants/[merchant_key]: create (secret shown once), rotate with a grace
period (new secret shown once), revoke."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import reflex as rx

from ..gql import queries as Q
from .merchant import MerchantState
from .mixins import ConfirmMixin, FormMixin, TableMixin
from .results import result_toast
from .secrets import RotateWithGraceMixin, Rotation, SecretRevealMixin, grace_until
from .util import fmt_dt, fmt_relative

STATUS_COLORS = {"ACTIVE": "green", "EXPIRING": "amber", "EXPIRED": "gray", "REVOKED": "red"}
EXPIRY_CHOICES = [("never", "Never expires"), ("30", "In 30 days"), ("90", "In 90 days"),
                  ("365", "In 1 year"), ("custom", "On a date…")]


def api_key_row(k: dict[str, Any]) -> dict[str, Any]:
    status = str(k.get("status") or "")
    env = str(k.get("environment") or "")
    return {
        "id": str(k.get("id") or ""),
        "name": k.get("name") or "",
        "environment": env,
        "env_label": "Sandbox" if env == "SANDBOX" else "Production" if env == "PRODUCTION" else env,
        "prefix": (k.get("prefix") or "") + "…",
        "status": status,
        "status_label": status.capitalize(),
        "status_color": STATUS_COLORS.get(status, "gray"),
        "usable": status in ("ACTIVE", "EXPIRING") and not k.get("revokedAt"),
        "rotated": bool(k.get("rotatedToId")),
        "last_used": k.get("lastUsedAt") or "",
        "last_used_label": fmt_relative(k.get("lastUsedAt")) or "Never",
        "last_used_title": fmt_dt(k.get("lastUsedAt")),
        "expires": k.get("expiresAt") or "",
        "expires_label": fmt_dt(k.get("expiresAt"))[:16] or "Never",
        "created": k.get("createdAt") or "",
        "created_label": fmt_dt(k.get("createdAt"))[:10],
    }


def _expiry(choice: str, custom: str) -> tuple[str | None, str]:
    """(ISO expiry or None, error message)."""
    if choice == "never":
        return None, ""
    if choice == "custom":
        try:
            day = date.fromisoformat(custom.strip())
        except ValueError:
            return None, "Pick the expiry date."
        return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc).isoformat(), ""
    try:
        days = int(choice)
    except ValueError:
        return None, ""
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0).isoformat(), ""


class ApiKeysState(MerchantState, TableMixin, FormMixin, ConfirmMixin, SecretRevealMixin, RotateWithGraceMixin):
    k_env: str = "SANDBOX"
    k_expiry: str = "never"
    k_expiry_date: str = ""

    @rx.var
    def active_count(self) -> int:
        return sum(1 for r in self._rows if r["usable"])

    async def _fetch(self):
        res = await self._gql(Q.MERCHANT_API_KEYS, {"id": self.mid})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        keys = (res.get("merchant") or {}).get("apiKeys")  # None without api_keys.manage on this merchant
        self._take_rows(res, None if keys is None else [api_key_row(k) for k in keys], "Could not load API keys.")
        return None

    @rx.event
    async def load_tab(self):
        self._forget_rotation()  # a secret never survives a navigation or a reload
        if self.tab != "api-keys" or not self.mid:
            return
        self._default_sort("created", desc=True)
        async for update in self._load_rows():
            yield update

    # ---- create --------------------------------------------------------------------------------
    @rx.event
    def open_create(self):
        self._reset_form()
        self.k_env = "SANDBOX"
        self.k_expiry = "never"
        self.k_expiry_date = ""
        self.form_open = True

    @rx.event
    def set_k_env(self, value: str):
        self.k_env = value

    @rx.event
    def set_k_expiry(self, value: str):
        self.k_expiry = value

    @rx.event
    def set_k_expiry_date(self, value: str):
        self.k_expiry_date = value

    @rx.event
    async def create_key(self, form: dict[str, Any]):
        expires_at, problem = _expiry(self.k_expiry, self.k_expiry_date)
        if problem:
            self.field_errors = {"expiresAt": problem}
            self.form_error = ""
            return
        self._start_submit()
        yield
        payload = {
            "merchantId": self.mid,
            "name": str(form.get("name") or "").strip(),
            "environment": self.k_env,
            "expiresAt": expires_at,
        }
        res = await self._gql(Q.CREATE_API_KEY, {"input": payload})
        self.form_busy = False
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        result = self._form_success(res, "createApiKey", "ApiKeyCreated", "The API key was not created.",
                                    {"name", "environment", "expiresAt"})
        if result is None:
            return
        key = result.get("apiKey") or {}
        self.form_open = False
        self._reveal(
            "API key created",
            str(result.get("secret") or ""),
            f"{key.get('name')} · {'sandbox' if key.get('environment') == 'SANDBOX' else 'production'} · "
            f"prefix {key.get('prefix')}",
        )
        if (redirect := await self._refetch(self._fetch_core)) is not None:
            yield redirect

    # ---- rotate (RotateWithGraceMixin) ----------------------------------------------------------
    def _rotation(self) -> Rotation:
        return Rotation(Q.ROTATE_API_KEY, "rotateApiKey", "ApiKeyCreated", "The key was not rotated.")

    def _rotated(self, result: dict[str, Any], grace: int) -> None:
        key = result.get("apiKey") or {}
        old = "stops working now" if grace == 0 else f"keeps working until {grace_until(grace)}"
        self._reveal(
            "API key rotated",
            str(result.get("secret") or ""),
            f"New key {key.get('name')} · prefix {key.get('prefix')}. The old key {old}.",
        )

    # ---- revoke ----------------------------------------------------------------------------------
    @rx.event
    def ask_revoke(self, key_id: str):
        row = self._find_row(key_id)
        if row is None:
            return
        self._ask(
            "revoke",
            key_id,
            "Revoke API key?",
            f"{row['name']} ({row['prefix']}) stops working immediately; integrations using it get 401. "
            "This cannot be undone.",
            "Revoke key",
        )

    async def _on_confirm(self, action: str, target: str):
        res = await self._gql(Q.REVOKE_API_KEY, {"id": target})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        await self._fetch()
        await self._fetch_core()
        return result_toast(res, "revokeApiKey", "ApiKeyPayload", "API key revoked", "The key was not revoked.")

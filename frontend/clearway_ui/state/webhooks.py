"""State of /webhooks: endpoints of every merchant the caller reaches (webhooks.read), and the signing rules tab."""
from __future__ import annotations

import reflex as rx

from ..content.webhook_signing import EXAMPLES
from ..gql import webhooks as W
from .base import AuthState
from .mixins import ConfirmMixin, TableMixin
from .webhook_rows import endpoint_list_row

TABS = [("endpoints", "Endpoints", "webhook"), ("signing", "Signing & verification", "shield-check")]
TAB_KEYS = [t[0] for t in TABS]


class WebhooksState(AuthState, TableMixin, ConfirmMixin):
    tab: str = "endpoints"
    language: str = EXAMPLES[0][0]
    status_counts: dict[str, int] = {}
    # The tenant's SSRF setting (tenantSettings): shown to every member, switchable by tenant admins only.
    settings_loaded: bool = False
    private_targets: bool = False
    can_manage_settings: bool = False
    settings_message: str = ""

    @rx.var
    def can_webhooks_read(self) -> bool:
        return "webhooks.read" in self.permissions or "webhooks.manage" in self.permissions

    async def _fetch(self):
        res = await self._gql(W.WEBHOOK_ENDPOINTS)
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        endpoints = res.get("webhookEndpoints")
        if endpoints is None:
            self.forbidden = res.forbidden
            self.error = "" if res.forbidden else (res.first_error() or "Could not load webhook endpoints.")
            self._rows = []
            return None
        self.forbidden, self.error = False, ""
        self._rows = [endpoint_list_row(e) for e in endpoints]
        counts: dict[str, int] = {}
        for r in self._rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        self.status_counts = counts
        return None

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        tab = (self.router.url.query_parameters.get("tab") or "endpoints").lower()
        self.tab = tab if tab in TAB_KEYS else "endpoints"
        if not self.sort_key:
            self.sort_key, self.sort_desc = "created", True
        self.loading = True
        yield
        redirect = await self._fetch()
        await self._fetch_settings()
        self.loading, self.loaded = False, True
        if redirect is not None:
            yield redirect

    @rx.event
    def set_tab(self, tab: str):
        if tab in TAB_KEYS:
            self.tab = tab

    @rx.event
    def set_language(self, value: str):
        self.language = value

    @rx.event
    def open_endpoint(self, endpoint_id: str):
        return rx.redirect(f"/webhooks/{endpoint_id}")

    # ------------------------------------------------------------------ tenant setting: private webhook targets
    def _apply_settings(self, settings: dict | None) -> None:
        self.settings_loaded = settings is not None
        settings = settings or {}
        self.private_targets = bool(settings.get("allowPrivateWebhookTargets"))
        self.can_manage_settings = bool(settings.get("viewerCanManage"))

    async def _fetch_settings(self) -> None:
        res = await self._gql(W.TENANT_SETTINGS)
        self._apply_settings(res.get("tenantSettings"))

    @rx.event
    def ask_private_targets(self, value: bool):
        if not self.can_manage_settings:
            return
        self.settings_message = ""
        if value:
            self._ask("private_targets", "on", "Allow private network webhook targets?",
                      "Webhook URLs on loopback and private networks (127.0.0.1, 10.x, 192.168.x, localhost, *.internal) "
                      "will be accepted for every merchant of this tenant. Clearway will then send requests into those "
                      "networks on your users' behalf: a server-side request forgery (SSRF) risk if anyone who manages "
                      "webhooks can reach internal services this way. Link-local and cloud metadata addresses "
                      "(169.254.169.254) stay refused. Only enable this for test setups or trusted private receivers.",
                      "Allow private targets", danger=True)
        else:
            self._ask("private_targets", "off", "Refuse private network webhook targets?",
                      "New webhook URLs on loopback or private networks will be refused, and deliveries to existing "
                      "endpoints on such addresses will fail until they move to a public URL.",
                      "Refuse private targets", danger=False)

    async def _on_confirm(self, action: str, target: str):
        if action != "private_targets":
            return None
        res = await self._gql(W.UPDATE_TENANT_SETTINGS, {"v": target == "on"})
        if (redirect := self._auth_redirect(res)) is not None:
            return redirect
        result = res.get("updateTenantSettings") or {}
        if result.get("__typename") == "TenantSettingsPayload":
            self._apply_settings(result["settings"])
            self.settings_message = ""
        elif res.forbidden:
            self.settings_message = "You may not change this setting (webhooks.manage for the whole tenant)."
        else:
            self.settings_message = result.get("message") or res.first_error() or "Could not change the setting."
        return None

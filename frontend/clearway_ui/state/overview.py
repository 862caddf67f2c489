"""State of / (overview)."""
from __future__ import annotations

import reflex as rx

from ..gql import queries as Q
from .base import AuthState


class OverviewState(AuthState):
    user_count: str = "—"
    role_count: str = "—"
    merchant_count: str = "—"
    loading: bool = False

    @rx.event
    async def load(self):
        if not await self._ensure_me():
            yield rx.redirect("/login")
            return
        if not self.tenant_id:
            return
        self.loading = True
        yield
        # one small query per figure: a field the user may not read must not hide the others
        res = await self._gql(Q.OVERVIEW_USERS)
        if (redirect := self._auth_redirect(res)) is not None:
            yield redirect
            return
        users = res.get("users")
        self.user_count = str(users["totalCount"]) if users else "—"
        res = await self._gql(Q.OVERVIEW_ROLES)
        roles = res.get("roles")
        self.role_count = str(len(roles)) if roles is not None else "—"
        res = await self._gql(Q.OVERVIEW_MERCHANTS)
        merchants = res.get("merchants")
        self.merchant_count = str(len(merchants)) if merchants is not None else "—"
        self.loading = False

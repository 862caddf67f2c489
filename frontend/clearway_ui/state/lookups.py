"""Pick-list data (users, roles, merchant groups, merchants) for the access dialogs."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from ..gql import GqlResult

PAGE = 200  # the API's maximum page size
CAP = 5000  # never pull more than this many rows into one table


async def fetch_all_nodes(
    gql: Callable[..., Awaitable[GqlResult]], query: str, root: str, variables: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]] | None, int, GqlResult]:
    """Follow a connection's cursors. Returns (nodes or None on error, totalCount, last result)."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    total = 0
    while True:
        res = await gql(query, {**(variables or {}), "first": PAGE, "after": after})
        conn = res.get(root)
        if not conn:
            return None, 0, res
        total = int(conn.get("totalCount") or 0)
        nodes.extend(e["node"] for e in conn.get("edges") or [] if e.get("node"))
        info = conn.get("pageInfo") or {}
        after = info.get("endCursor")
        if not info.get("hasNextPage") or not after or len(nodes) >= CAP:
            return nodes, total, res


def user_options(nodes: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for u in nodes:
        label = f"{u.get('name')} · {u.get('email')}" if u.get("name") else str(u.get("email"))
        if u.get("isActive") is False:
            label += " (inactive)"
        out.append({"id": str(u["id"]), "label": label, "kind": str(u.get("kind") or "")})
    return sorted(out, key=lambda o: o["label"].lower())


def role_options(data: dict[str, Any]) -> list[dict[str, str]]:
    out = [
        {"id": str(r["id"]), "label": f"{r.get('name')} ({str(r.get('kind') or '').lower()})", "kind": str(r.get("kind") or "")}
        for r in data.get("roles") or []
    ]
    return sorted(out, key=lambda o: o["label"].lower())


def group_options(data: dict[str, Any]) -> list[dict[str, str]]:
    out = [{"id": str(g["id"]), "label": str(g.get("name") or g["id"])} for g in data.get("merchantGroups") or []]
    return sorted(out, key=lambda o: o["label"].lower())


def merchant_options(data: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for m in data.get("merchants") or []:
        group = (m.get("merchantGroup") or {}).get("name")
        label = f"{m.get('name')} — {group}" if group else str(m.get("name"))
        out.append({"id": str(m["id"]), "label": label})
    return sorted(out, key=lambda o: o["label"].lower())

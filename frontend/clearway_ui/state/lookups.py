"""Pick-list data (users, roles, merchant groups, merchants) for the access dialogs."""
from __future__ import annotations

from typing import Any


def user_options(data: dict[str, Any]) -> list[dict[str, str]]:
    conn = data.get("users") or {}
    out = []
    for e in conn.get("edges") or []:
        u = e.get("node") or {}
        if not u:
            continue
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

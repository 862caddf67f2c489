"""DNS rebinding: at send time the target's name is resolved once, every address is checked with the URL rules, and the
connection goes to the checked address (pinned), so a name that looked harmless when saved cannot reach a private or
metadata address later."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from backend.webhooks.sending import Sender
from tests.support import new_merchant
from tests.webhooks.helpers import CREATE, TEST, create_endpoint, deliveries, wait_for


def _host_name_on_a_private_address() -> str | None:
    """This machine's own name: an ordinary-looking name that /etc/hosts maps to a loopback or private address."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        return None
    if not addresses or any(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        return None
    return name


async def test_a_name_resolving_to_a_private_address_is_refused_at_send_time(shop, worker, receiver):
    name = _host_name_on_a_private_address()
    if name is None:
        pytest.skip("this machine's host name does not resolve to a private address only")
    admin = shop["admin"]  # the tenant does not allow private targets
    port = receiver.url.rsplit(":", 1)[1]
    ep, _ = await create_endpoint(admin, shop["merchant"]["id"], f"http://{name}:{port}/ok")  # the name looks public
    await admin.data(TEST, e=ep, t="payment.succeeded")
    [d] = await wait_for(lambda: deliveries(admin, ep, "FAILED"))
    error = d["attempts"][0]["error"]
    assert error.startswith("forbidden_target: Private network targets are refused"), error
    assert receiver.on("/ok") == []


async def test_address_literals_hiding_a_metadata_address_are_refused_when_saved(shop, allow_private):
    for url in ("http://[::ffff:169.254.169.254]/x", "http://[64:ff9b::a9fe:a9fe]/x", "http://[2002:a9fe:a9fe::]/x",
                "http://0.0.0.0:8400/x"):
        res = (await shop["admin"].data(CREATE, m=shop["merchant"]["id"], i={"url": url}))["createWebhookEndpoint"]
        assert res["__typename"] == "ValidationError" and res["fields"][0]["code"] == "URL_FORBIDDEN_TARGET", url


class Rebinding:
    """A resolver (injected, as split-horizon DNS would be) whose answers change from one lookup to the next."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        return self.answers[min(len(self.lookups), len(self.answers)) - 1]


async def test_each_attempt_checks_what_the_name_resolves_to_then_and_connects_to_that_address(allow_private, receiver, db):
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.models import OutboxEvent
    from backend.webhooks import delivery

    tenant = allow_private  # private targets allowed: 127.0.0.1 is fine, link-local never
    merchant = await new_merchant(tenant["admin"])
    port = receiver.url.rsplit(":", 1)[1]
    # .invalid never resolves through the system: only the pinned connection can reach the receiver
    await create_endpoint(tenant["admin"], merchant["id"], f"http://hook.invalid:{port}/ok")
    resolver = Rebinding(["127.0.0.1"], ["169.254.169.254"], ["127.0.0.1", "169.254.169.254"], ["::ffff:169.254.169.254"])
    with tenant_scope(tenant["id"]):
        batch = []
        for n in range(4):
            async with unit_of_work():
                event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.succeeded", transaction_id=None,
                                                 payload={"type": "payment.succeeded", "data": {"n": n}})
                batch += await delivery.event_emitted(event)
        async with Sender(resolver) as sender:
            attempts = [await delivery.deliver(d.id, 0, sender) for d in batch]

    first, *rebound = attempts
    assert first.succeeded and first.response_status == 200
    [got] = receiver.on("/ok")
    assert got["headers"]["host"] == f"hook.invalid:{port}"  # the name is kept in Host; the connection went to 127.0.0.1
    for attempt in rebound:  # the same name, now (also) resolving to the metadata address: nothing is sent
        assert not attempt.succeeded and attempt.response_status is None
        assert attempt.error.startswith("forbidden_target: Link-local, metadata and unspecified addresses are never allowed")
        assert "169.254.169.254" in attempt.error
    assert len(receiver.on("/ok")) == 1
    assert resolver.lookups == ["hook.invalid"] * 4  # one lookup per attempt, none by the HTTP client


async def test_a_name_that_does_not_resolve_is_a_connection_failure_retried_later(allow_private, db):
    from backend.core.tenancy import tenant_scope
    from backend.core.unit_of_work import unit_of_work
    from backend.payments.models import OutboxEvent
    from backend.webhooks import delivery

    tenant = allow_private
    merchant = await new_merchant(tenant["admin"])
    await create_endpoint(tenant["admin"], merchant["id"], "http://nowhere.invalid/hook")
    with tenant_scope(tenant["id"]):
        async with unit_of_work():
            event = await OutboxEvent.create(merchant_id=merchant["id"], event_type="payment.failed", transaction_id=None,
                                             payload={"type": "payment.failed", "data": {}})
            [d] = await delivery.event_emitted(event)
        async with Sender() as sender:  # the system resolver
            attempt = await delivery.deliver(d.id, 0, sender)
    assert not attempt.succeeded and attempt.error.startswith("connection: the name did not resolve"), attempt.error

"""The verification examples of the signing rules page (frontend/clearway_ui/content/webhook_signing.py) verify real
signed deliveries (made by a real worker, including one signed with two secrets during a rotation) and refuse
tampered, wrongly keyed and stale ones."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.support import new_merchant
from tests.webhooks.helpers import TEST, create_endpoint, deliveries, wait_for

sys.path.insert(0, str(ROOT / "frontend"))
from clearway_ui.content import webhook_signing as docs  # noqa: E402

ROTATE = """mutation($id: ID!) { rotateWebhookSecret(id: $id, graceSeconds: 3600) { __typename
  ... on WebhookEndpointCreated { signingSecret } } }"""
UPDATE_URL = 'mutation($id: ID!, $u: String!) { updateWebhookEndpoint(id: $id, input: {url: $u}) { __typename } }'


async def signed_request(admin, ep: str, event_type: str) -> tuple[dict, bytes]:
    """The headers and body of the worker's (successful) attempt of a test delivery."""
    sent = (await admin.data(TEST, e=ep, t=event_type))["sendTestWebhook"]["webhookDelivery"]

    async def done():
        return [d for d in await deliveries(admin, ep, "SUCCEEDED") if d["id"] == sent["id"]]
    [d] = await wait_for(done, timeout=25)
    attempt = d["attempts"][-1]
    return attempt["requestHeaders"], attempt["requestBody"].encode()


@pytest.fixture
async def real_deliveries(tenant, api_url, worker):
    """Two real signed requests to the built-in receiver: one before a rotation, one during its grace period."""
    admin = tenant["admin"]
    m = await new_merchant(admin)
    ep, old_secret = await create_endpoint(admin, m["id"], api_url + "/webhook-receiver/pending")
    assert (await admin.data(UPDATE_URL, id=ep, u=f"{api_url}/webhook-receiver/{ep}"))["updateWebhookEndpoint"]["__typename"] \
        == "WebhookEndpointPayload"
    headers, body = await signed_request(admin, ep, "payment.succeeded")
    new_secret = (await admin.data(ROTATE, id=ep))["rotateWebhookSecret"]["signingSecret"]
    rot_headers, rot_body = await signed_request(admin, ep, "payment.refunded")
    return {"old": old_secret, "new": new_secret, "headers": headers, "body": body, "rot_headers": rot_headers,
            "rot_body": rot_body}


async def test_the_python_example_verifies_real_deliveries(real_deliveries):
    r = real_deliveries
    ns: dict = {}
    exec(compile(docs.PYTHON, "webhook_signing.PYTHON", "exec"), ns)  # the page's code, as shown
    verify = ns["verify_webhook"]
    assert len(r["rot_headers"]["webhook-signature"].split(" ")) == 2  # both secrets sign during the grace period

    assert verify(r["old"], r["headers"], r["body"]) is True
    assert verify(r["old"], {k.title(): v for k, v in r["headers"].items()}, r["body"]) is True  # header case
    assert verify(r["old"], r["rot_headers"], r["rot_body"]) is True
    assert verify(r["new"], r["rot_headers"], r["rot_body"]) is True

    assert verify(r["new"], r["headers"], r["body"]) is False  # signed before the new secret existed
    assert verify(r["old"], r["headers"], r["body"] + b" ") is False  # tampered body
    assert verify(r["old"], r["headers"], r["rot_body"]) is False
    assert verify(r["old"], {**r["headers"], "webhook-id": "msg_other"}, r["body"]) is False
    assert verify(r["old"], {k: v for k, v in r["headers"].items() if k != "webhook-signature"}, r["body"]) is False

    class Later:  # the example's clock, moved past the tolerance
        @staticmethod
        def time():
            return int(r["headers"]["webhook-timestamp"]) + 5 * 60 + 1
    ns["time"] = Later
    assert verify(r["old"], r["headers"], r["body"]) is False  # stale: a replay
    Later.time = staticmethod(lambda: int(r["headers"]["webhook-timestamp"]) + 4 * 60)
    assert verify(r["old"], r["headers"], r["body"]) is True


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
async def test_the_node_example_verifies_real_deliveries(real_deliveries, tmp_path):
    r = real_deliveries
    (tmp_path / "verify.js").write_text(docs.NODE)
    runner = ("const { verifyWebhook } = require(process.argv[1]);"
              "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(cases.map(c => verifyWebhook(c.secret, c.headers, Buffer.from(c.body, 'utf8')))));")
    cases = [(r["old"], r["headers"], r["body"]), (r["new"], r["rot_headers"], r["rot_body"]),
             (r["old"], r["rot_headers"], r["rot_body"]), (r["new"], r["headers"], r["body"]),
             (r["old"], r["headers"], r["body"] + b"x")]
    stdin = json.dumps([{"secret": s, "headers": h, "body": b.decode()} for s, h, b in cases])
    out = subprocess.run(["node", "-e", runner, str(tmp_path / "verify.js")], input=stdin, capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [True, True, True, False, False]


@pytest.mark.skipif(not all(shutil.which(t) for t in ("openssl", "xxd", "base64", "bash")), reason="openssl/xxd missing")
async def test_the_openssl_example_computes_the_signature_of_a_real_delivery(real_deliveries, tmp_path):
    r = real_deliveries
    lines = docs.SHELL.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("KEY_HEX="))
    end = next(i for i, line in enumerate(lines) if line.startswith('echo "v1,$SIG"'))
    script = "\n".join(lines[start:end + 1])
    (tmp_path / "body.json").write_bytes(r["body"])
    env = {"PATH": "/usr/bin:/bin", "SECRET": r["old"], "ID": r["headers"]["webhook-id"],
           "TS": r["headers"]["webhook-timestamp"], "BODY_FILE": str(tmp_path / "body.json")}
    out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] in r["headers"]["webhook-signature"].split(" ")
    env["SECRET"] = r["new"]
    out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=30)
    assert out.stdout.split()[0] not in r["headers"]["webhook-signature"].split(" ")
    assert int(time.time()) - int(r["headers"]["webhook-timestamp"]) < 300

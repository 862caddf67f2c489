"""Signing follows Standard Webhooks: the PyPI `standardwebhooks` verifier accepts our headers (both secrets during rotation)."""
from __future__ import annotations

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from backend.webhooks import signing
from backend.webhooks.service import new_signing_secret


def test_standardwebhooks_library_accepts_our_signature_and_rejects_tampering():
    secret = new_signing_secret()
    body = b'{"type":"payment.succeeded","data":{"amount":2500}}'
    headers = signing.sign_headers([secret], "msg_1", body)
    assert Webhook(secret).verify(body, headers) == {"type": "payment.succeeded", "data": {"amount": 2500}}
    assert signing.verify([secret], headers, body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_signing_secret()).verify(body, headers)


def test_rotation_grace_signs_with_both_secrets():
    old, new = new_signing_secret(), new_signing_secret()
    body = b'{"x":1}'
    headers = signing.sign_headers([new, old], "msg_2", body)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(body, headers)
    after = signing.sign_headers([new], "msg_3", body)
    Webhook(new).verify(body, after)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, after)

"""The webhook signing rules shown to integrators (/webhooks?tab=signing), with verification examples.

Plain strings, no Reflex: tests run the Python, Node and openssl examples against real signed deliveries
(tests/webhooks/test_signing_examples.py), so what the page shows is what verifies.
"""
from __future__ import annotations

TOLERANCE_MINUTES = 5

HEADERS: list[tuple[str, str, str]] = [
    ("webhook-id", "evt_01m84rh59g5tnzbb32awratrwr", "The event's id. Identical on every retry and resend: deduplicate on it."),
    ("webhook-timestamp", "1767225600", "Unix seconds when this attempt was signed. Refuse anything older than "
                                        f"{TOLERANCE_MINUTES} minutes (or as far in the future)."),
    ("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
     "One or more space-separated signatures: v1,<base64 HMAC-SHA256>. During a secret rotation there is one per "
     "valid secret; accept the request when any of them matches."),
]

STEPS: list[str] = [
    "Read the raw request body as bytes, before any JSON parsing (re-serialised JSON does not match).",
    "Build the signed content: webhook-id + \".\" + webhook-timestamp + \".\" + raw body.",
    "Take the part of your secret after whsec_ and base64-decode it: that is the HMAC key (not the text of the secret).",
    "Compute HMAC-SHA256 of the signed content with that key and base64-encode it.",
    "Compare it, in constant time, with each v1,<signature> of the webhook-signature header (split on spaces).",
    f"Refuse the request when no signature matches or the timestamp is more than {TOLERANCE_MINUTES} minutes away from now.",
    "Answer 2xx quickly (within 10 s); process the event after. Anything else is retried at 5 s, 5 min, 30 min, 2 h, "
    "5 h, 10 h and 10 h.",
]

PYTHON = '''import base64
import hashlib
import hmac
import time

TOLERANCE_SECONDS = 5 * 60


def verify_webhook(secret: str, headers, body: bytes) -> bool:
    """True when `body` (the raw request body) is a fresh Clearway webhook signed with `secret` (whsec_...)."""
    h = {k.lower(): v for k, v in headers.items()}
    msg_id = h.get("webhook-id", "")
    timestamp = h.get("webhook-timestamp", "")
    signatures = h.get("webhook-signature", "")
    if not msg_id or not timestamp.isdigit() or not signatures:
        return False
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False  # too old (or from the future): possibly a replay
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for signature in signatures.split(" "):  # several while a secret is being rotated
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


# Flask:
#   @app.post("/webhooks/clearway")
#   def clearway_webhook():
#       if not verify_webhook(os.environ["CLEARWAY_WEBHOOK_SECRET"], request.headers, request.get_data()):
#           abort(400)
#       event = request.get_json()  # deduplicate on request.headers["webhook-id"], then process
#       return "", 204
'''

NODE = '''const crypto = require("node:crypto");

const TOLERANCE_SECONDS = 5 * 60;

// true when rawBody (a Buffer: the unparsed request body) is a fresh Clearway webhook signed with secret (whsec_...)
function verifyWebhook(secret, headers, rawBody) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !/^[0-9]+$/.test(timestamp || "") || !signatures) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = crypto.createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  return signatures.split(" ").some((signature) => {
    const [version, value] = signature.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}

module.exports = { verifyWebhook };

// Express (keep the raw body: express.raw, not express.json):
//   app.post("/webhooks/clearway", express.raw({ type: "application/json" }), (req, res) => {
//     if (!verifyWebhook(process.env.CLEARWAY_WEBHOOK_SECRET, req.headers, req.body)) return res.sendStatus(400);
//     const event = JSON.parse(req.body);  // deduplicate on req.headers["webhook-id"], then process
//     res.sendStatus(204);
//   });
'''

PHP = '''<?php
const TOLERANCE_SECONDS = 300;

// true when $body (the raw request body) is a fresh Clearway webhook signed with $secret (whsec_...)
function verify_webhook(string $secret, array $headers, string $body): bool
{
    $headers = array_change_key_case($headers, CASE_LOWER);
    $id = $headers['webhook-id'] ?? '';
    $timestamp = $headers['webhook-timestamp'] ?? '';
    $signatures = $headers['webhook-signature'] ?? '';
    if ($id === '' || !ctype_digit($timestamp) || $signatures === '') {
        return false;
    }
    if (abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        return false;
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret));
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    foreach (explode(' ', $signatures) as $signature) {
        [$version, $value] = array_pad(explode(',', $signature, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $value)) {
            return true;
        }
    }
    return false;
}

// $body = file_get_contents('php://input');
// if (!verify_webhook(getenv('CLEARWAY_WEBHOOK_SECRET'), getallheaders(), $body)) { http_response_code(400); exit; }
'''

GO = '''package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const tolerance = 5 * time.Minute

// VerifyWebhook reports whether body (the raw request body) is a fresh Clearway webhook signed with secret (whsec_...).
func VerifyWebhook(secret string, h http.Header, body []byte) bool {
	id, ts, signatures := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	seconds, err := strconv.ParseInt(ts, 10, 64)
	if id == "" || signatures == "" || err != nil {
		return false
	}
	if age := time.Since(time.Unix(seconds, 0)); age > tolerance || age < -tolerance {
		return false
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	expected := mac.Sum(nil)
	for _, signature := range strings.Split(signatures, " ") {
		version, value, ok := strings.Cut(signature, ",")
		if !ok || version != "v1" {
			continue
		}
		if given, err := base64.StdEncoding.DecodeString(value); err == nil && hmac.Equal(given, expected) {
			return true
		}
	}
	return false
}
'''

SHELL = '''# Check one delivery by hand (id, timestamp and body from the attempt's request in the delivery log).
SECRET='whsec_...'            # your endpoint's signing secret
ID='evt_...'                   # webhook-id
TS='1767225600'                # webhook-timestamp
BODY_FILE=body.json            # the exact request body, byte for byte

KEY_HEX=$(printf '%s' "${SECRET#whsec_}" | base64 -d | xxd -p -c 256)
SIG=$( { printf '%s.%s.' "$ID" "$TS"; cat "$BODY_FILE"; } \\
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | base64 -w0)
echo "v1,$SIG"   # must equal one of the space-separated signatures of webhook-signature

# Send your own receiver a correctly signed request (fresh timestamp: the 5-minute rule applies):
TS=$(date +%s)
SIG=$( { printf '%s.%s.' "$ID" "$TS"; cat "$BODY_FILE"; } \\
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | base64 -w0)
curl -sS -X POST https://shop.example.com/webhooks/clearway \\
  -H 'content-type: application/json' \\
  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \\
  --data-binary @"$BODY_FILE"
'''

EXAMPLES: list[tuple[str, str, str]] = [
    ("python", "Python", PYTHON),
    ("node", "Node.js", NODE),
    ("php", "PHP", PHP),
    ("go", "Go", GO),
    ("shell", "cURL / openssl", SHELL),
]

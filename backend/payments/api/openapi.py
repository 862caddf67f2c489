"""The integrators' REST API, documented: the OpenAPI 3.1 document and Swagger UI served offline.

GET /api/v1/openapi.json   this document (no API key needed)
GET /api/v1/docs           Swagger UI (no API key needed); its assets under /api/v1/docs/static/ come from the
                           `swagger-ui-py` wheel (Swagger UI 5.x: the 4.x of `swagger-ui-bundle` cannot render 3.1)

The document is written by hand below (not generated from the handlers); tests/payments/test_openapi.py keeps it
honest: it validates, every route of the /api/v1 router is documented (and nothing else is), every example fits
its schema and real answers of every operation, errors included, validate against the documented schemas.
Error codes come from the code's enums, the test inputs from the simulator's catalogue, so they cannot drift.
"""
from __future__ import annotations

import copy
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from backend.payments.errors import PaymentError as PE
from backend.payments.models import TxnStatus
from backend.secrets.errors import SecretsError as SE

API_VERSION = "1.0.0"
DOCS_STATIC = "/docs/static"

# ------------------------------------------------------------------------------------------- error codes

AUTH_CODES = {
    SE.API_KEY_MISSING.value: "No key: send `Authorization: Bearer <key>` (or `X-Api-Key: <key>`).",
    SE.API_KEY_INVALID.value: "Unknown key, or a rotated key past its grace period.",
    SE.API_KEY_REVOKED.value: "The key was revoked.",
    SE.API_KEY_EXPIRED.value: "The key is past its expiry.",
    SE.TENANT_SUSPENDED.value: "The account (tenant) is suspended.",
    SE.MERCHANT_DISABLED.value: "The key's merchant is disabled.",
}
RATE_CODES = {SE.RATE_LIMITED.value: "Too many requests for this key this minute (the plan's limit); see `Retry-After`."}
BAD_REQUEST_CODES = {PE.REQUEST_INVALID.value: "The body is not a JSON object."}
NOT_FOUND_CODES = {"NOT_FOUND": "No such payment for this key's merchant (another merchant's payments are not found either)."}
CONFLICT_CODES = {
    PE.IDEMPOTENCY_KEY_REUSED.value: "This Idempotency-Key was used with a different body.",
    PE.INVALID_TRANSITION.value: "The payment's status does not allow this (see `current_status`).",
    PE.CONCURRENT_UPDATE.value: "Another change of this payment won a race; `current_status` is its status now.",
}
UNPROCESSABLE_CODES = {
    PE.AMOUNT_INVALID.value: "`amount` is not a positive integer in minor units.",
    PE.CURRENCY_UNKNOWN.value: "`currency` is not an ISO 4217 code.",
    PE.CURRENCY_NOT_ACCEPTED.value: "The payment method does not accept this currency.",
    PE.AMOUNT_OUT_OF_LIMITS.value: "`amount` is outside the payment method's limits.",
    PE.PAYMENT_METHOD_UNKNOWN.value: "No such payment method for this merchant (or it is missing).",
    PE.PAYMENT_METHOD_DISABLED.value: "The payment method is disabled.",
    PE.NO_PUBLISHED_ROUTING.value: "Production keys need a published routing blueprint for the payment method.",
    PE.REFUND_EXCEEDS_SETTLED.value: "The refund is more than what settled and is not yet refunded.",
    PE.REQUEST_INVALID.value: "Unknown field, or a field of the wrong type or length (see `fields`).",
    "VALIDATION_FAILED": "Several fields are wrong at once (each in `fields`).",
    "NO_ROUTE": "No route accepted the payment: every target was rejected (velocity limits, disabled...); see `routing`.",
    "DISABLED": "Routing refused: the payment method was disabled meanwhile (see `routing`).",
    "CURRENCY": "Routing refused the currency (see `routing`).",
    "LIMIT": "Routing refused the amount (see `routing`).",
}
ERROR_CODES = {**AUTH_CODES, **RATE_CODES, **BAD_REQUEST_CODES, **NOT_FOUND_CODES, **CONFLICT_CODES, **UNPROCESSABLE_CODES}
STATUSES = [s.value for s in TxnStatus]

# ------------------------------------------------------------------------------------------- schemas

TXN_ID = "txn_01JD3M6Q8N5W2R7T9V4X6Y8Z0A"
PM_ID = "pm_01JD3KZ1Q2W3E4R5T6Y7U8I9O0"
CREATED_AT = "2026-03-02T10:15:30.123456+00:00"
EXPIRES_AT = "2026-03-02T10:45:30.123456+00:00"
PAYMENT_EXAMPLE = {
    "transaction_id": TXN_ID, "status": "pending", "amount": 1050, "currency": "EUR", "payment_method_id": PM_ID,
    "order_id": "ORD-1001", "user_reference": "customer-42", "environment": "sandbox", "refunded_amount": 0,
    "expires_at": EXPIRES_AT, "created_at": CREATED_AT,
}
CREATED_EXAMPLE = {**PAYMENT_EXAMPLE, "payment_url": "https://pay.example.com/pay/Zk3q9V0bC1xY2wT7uJ8sLr4a"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


AMOUNT = {"type": "integer", "format": "int64", "minimum": 1,
          "description": "Integer amount in minor units of the currency (1050 = 10.50 EUR; 10000 = 10000 JPY). Never a float."}
TEXT_100 = {"type": "string", "maxLength": 100}

PAYMENT_PROPERTIES: dict[str, Any] = {
    "transaction_id": {"type": "string", "pattern": "^txn_", "description": "The payment's id.", "examples": [TXN_ID]},
    "status": _ref("PaymentStatus"),
    "amount": AMOUNT,
    "currency": _ref("Currency"),
    "payment_method_id": {"type": "string", "examples": [PM_ID]},
    "order_id": _nullable({**TEXT_100, "description": "Your order id, as sent."}),
    "user_reference": _nullable({**TEXT_100, "description": "Your reference of the payer, as sent."}),
    "environment": {"type": "string", "enum": ["sandbox", "production"], "description": "The environment of the API key that created it."},
    "refunded_amount": {**AMOUNT, "minimum": 0, "description": "Refunded so far, in minor units."},
    "expires_at": {"type": "string", "format": "date-time", "description": "A pending payment not paid by then expires."},
    "created_at": {"type": "string", "format": "date-time"},
}

SCHEMAS: dict[str, Any] = {
    "PaymentStatus": {
        "type": "string", "enum": STATUSES,
        "description": "pending → settlement | failed | expired | cancelled; settlement → refunded | partially_refunded; "
                       "partially_refunded → partially_refunded | refunded. failed, expired, cancelled and refunded are final.",
    },
    "Currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 alphabetic code, e.g. EUR.", "examples": ["EUR"]},
    "Customer": {
        "type": "object", "description": "The payer. Shown masked to back-office users without customers.read_pii.",
        "properties": {"email": {"type": "string"}, "name": {"type": "string"}, "phone": {"type": "string"},
                       "country": {"type": "string", "description": "ISO 3166-1 alpha-2; routing rules may use it.", "examples": ["DE"]},
                       "address": {"type": "string"}},
        "additionalProperties": True,
    },
    "CardHints": {
        "type": "object", "description": "Test-mode card hints for routing rules (BIN and brand conditions). Never a card number.",
        "properties": {"bin": {"type": "string", "pattern": "^[0-9]{6,8}$", "examples": ["424242"]},
                       "brand": {"type": "string", "examples": ["visa"]}},
        "additionalProperties": False,
    },
    "CreatePaymentRequest": {
        "type": "object", "required": ["payment_method_id", "amount", "currency"], "additionalProperties": False,
        "properties": {
            "payment_method_id": {"type": "string", "description": "One of your merchant's payment methods (see the back office)."},
            "amount": AMOUNT,
            "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$",
                         "description": "ISO 4217 code accepted by the payment method (upper-cased by the API)."},
            "order_id": TEXT_100,
            "user_reference": TEXT_100,
            "customer": _ref("Customer"),
            "card": _ref("CardHints"),
            "metadata": {"type": "object", "description": "Free key/value data, kept with the payment; routing rules may match on it."},
            "customer_segment": {**TEXT_100, "description": "E.g. vip; routing rules may match on it."},
        },
        "example": {"payment_method_id": PM_ID, "amount": 1050, "currency": "EUR", "order_id": "ORD-1001",
                    "user_reference": "customer-42", "customer": {"email": "jane@example.com", "country": "DE"}},
    },
    "CancelRequest": {
        "type": "object", "additionalProperties": True,
        "properties": {"reason": {"type": "string", "maxLength": 500}},
        "example": {"reason": "customer abandoned the checkout"},
    },
    "RefundRequest": {
        "type": "object", "additionalProperties": True,
        "properties": {"amount": {**AMOUNT, "description": "Partial refund in minor units; leave it out to refund everything left."},
                       "reason": {"type": "string", "maxLength": 500}},
        "example": {"amount": 300, "reason": "one item returned"},
    },
    "Payment": {
        "type": "object", "required": list(PAYMENT_PROPERTIES), "properties": PAYMENT_PROPERTIES, "additionalProperties": False,
        "example": PAYMENT_EXAMPLE,
    },
    "CreatedPayment": {
        "type": "object", "required": [*PAYMENT_PROPERTIES, "payment_url"], "additionalProperties": False,
        "description": "The new payment with its hosted page. `payment_url` appears in this answer (and its replays) only: send the payer there.",
        "properties": {**PAYMENT_PROPERTIES,
                       "payment_url": {"type": "string", "format": "uri", "description": "The hosted payment page for the payer."}},
        "example": CREATED_EXAMPLE,
    },
    "Merchant": {
        "type": "object", "required": ["merchant_id", "name", "environment", "api_key_prefix", "brands"], "additionalProperties": False,
        "properties": {
            "merchant_id": {"type": "string"}, "name": {"type": "string"},
            "environment": {"type": "string", "enum": ["sandbox", "production"]},
            "api_key_prefix": {"type": "string", "description": "The visible prefix of the calling key."},
            "brands": {"type": "array", "items": {
                "type": "object", "required": ["id", "name", "default_currency"], "additionalProperties": False,
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "default_currency": _ref("Currency")}}},
        },
        "example": {"merchant_id": "mer_01JD3K0000000000000000000", "name": "Acme Shoes", "environment": "sandbox",
                    "api_key_prefix": "cw_test_Ab3dEf7h",
                    "brands": [{"id": "brd_01JD3K0000000000000000000", "name": "Acme Shoes", "default_currency": "EUR"}]},
    },
    "FieldError": {
        "type": "object", "required": ["field", "code", "message"], "additionalProperties": False,
        "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}},
    },
    "Error": {
        "type": "object", "required": ["error"], "additionalProperties": False,
        "description": "Every error answer. `code` is stable (see the list in the API description); `message` is for humans.",
        "properties": {"error": {
            "type": "object", "required": ["code", "message"], "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "enum": sorted(ERROR_CODES)},
                "message": {"type": "string"},
                "fields": {"type": "array", "items": _ref("FieldError"), "description": "422: each wrong field."},
                "current_status": {**_ref("PaymentStatus"), "description": "409 on a status change: the payment's status now."},
                "routing": {"type": "object", "description": "422 routing refusals: the routing decision (rules, rejections)."},
            },
        }},
    },
}

# ------------------------------------------------------------------------------------------- responses


def _error_examples(codes: dict[str, str], extra: dict[str, dict] | None = None) -> dict:
    out = {}
    for code, summary in codes.items():
        body: dict[str, Any] = {"code": code, "message": summary.replace("`", "")}
        body.update((extra or {}).get(code, {}))
        out[code] = {"summary": summary.replace("`", ""), "value": {"error": body}}
    return out


def _error(description: str, codes: dict[str, str], extra: dict[str, dict] | None = None, headers: dict | None = None) -> dict:
    response: dict[str, Any] = {
        "description": description + " Codes: " + ", ".join(f"`{c}`" for c in codes) + ".",
        "content": {"application/json": {"schema": _ref("Error"), "examples": _error_examples(codes, extra)}},
    }
    if headers:
        response["headers"] = headers
    return response


FIELDS_EXTRA = {
    code: {"fields": [{"field": field, "code": code, "message": UNPROCESSABLE_CODES[code].replace("`", "")}]}
    for code, field in [(PE.AMOUNT_INVALID.value, "amount"), (PE.CURRENCY_UNKNOWN.value, "currency"),
                        (PE.CURRENCY_NOT_ACCEPTED.value, "currency"), (PE.AMOUNT_OUT_OF_LIMITS.value, "amount"),
                        (PE.PAYMENT_METHOD_UNKNOWN.value, "payment_method_id"), (PE.PAYMENT_METHOD_DISABLED.value, "payment_method_id"),
                        (PE.REFUND_EXCEEDS_SETTLED.value, "amount"), (PE.REQUEST_INVALID.value, "colour")]
}
FIELDS_EXTRA["VALIDATION_FAILED"] = {"fields": [
    {"field": "amount", "code": PE.AMOUNT_INVALID.value, "message": "amount is a positive integer in minor units"},
    {"field": "currency", "code": PE.CURRENCY_UNKNOWN.value, "message": "currency is an ISO 4217 code, e.g. EUR"}]}
for _code in ("NO_ROUTE", "DISABLED", "CURRENCY", "LIMIT"):
    FIELDS_EXTRA[_code] = {"routing": {"ok": False, "error_code": _code, "rejections": []}}

RESPONSES: dict[str, Any] = {
    "BadRequest": _error("The body is not a JSON object.", BAD_REQUEST_CODES),
    "Unauthorized": _error("The API key is missing or refused (audited).", AUTH_CODES,
                           headers={"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Always `Bearer`."}}),
    "NotFound": _error("No such payment for this key's merchant.", NOT_FOUND_CODES),
    "RateLimited": _error("The plan's per-key rate limit (requests per minute) was reached.", RATE_CODES,
                          headers={"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds until the window resets."}}),
}


def _only(codes: dict[str, str], *names: str) -> dict[str, str]:
    return {n: codes[n] for n in names}


def _status_conflict(target: str) -> dict:
    codes = _only(CONFLICT_CODES, PE.INVALID_TRANSITION.value, PE.CONCURRENT_UPDATE.value)
    return _error(f"The payment cannot be {target} in its current status.", codes,
                  {c: {"current_status": "settlement" if target == "cancelled" else "pending"} for c in codes})


def _common(*, not_found: bool = True) -> dict:
    out = {"401": {"$ref": "#/components/responses/Unauthorized"}, "429": {"$ref": "#/components/responses/RateLimited"}}
    if not_found:
        out["404"] = {"$ref": "#/components/responses/NotFound"}
    return out


def _json(schema: str, example: Any, description: str, headers: dict | None = None) -> dict:
    out: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": _ref(schema), "example": example}}}
    if headers:
        out["headers"] = headers
    return out


ID_PARAM = {"name": "id", "in": "path", "required": True, "description": "The payment's transaction_id.",
            "schema": {"type": "string"}, "example": TXN_ID}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Any unique string (a UUID) per payment you mean to create. Sending the same key with the same body again "
                   "(a retry after a timeout) answers the first response again, with `Idempotent-Replayed: true`, and creates "
                   "nothing; the same key with another body is a 409 `IDEMPOTENCY_KEY_REUSED`. Keys belong to one API key.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255}, "example": "5f0c2a8e-3b7d-4f51-9a0e-2d6c8b1f4e73",
}
REPLAYED = {"Idempotent-Replayed": {"schema": {"type": "string", "enum": ["true"]},
                                    "description": "Present on a replay: this is the answer to an earlier request with the same Idempotency-Key."}}


def _body(schema: str, required: bool = True) -> dict:
    return {"required": required, "content": {"application/json": {"schema": _ref(schema)}}}


PATHS: dict[str, Any] = {
    "/payments": {"post": {
        "operationId": "createPayment", "tags": ["Payments"], "summary": "Create a payment",
        "description": "Routes the payment (sandbox keys may use the draft routing; production keys need a published one), "
                       "prices it and answers a **pending** payment with the hosted page (`payment_url`) to send the payer to. "
                       "The outcome arrives later (webhooks, or GET the payment). Send an `Idempotency-Key` to retry safely.",
        "parameters": [IDEMPOTENCY_KEY],
        "requestBody": _body("CreatePaymentRequest"),
        "responses": {
            "201": _json("CreatedPayment", CREATED_EXAMPLE, "Created (or, with `Idempotent-Replayed: true`, the first answer again).",
                         REPLAYED),
            "400": {"$ref": "#/components/responses/BadRequest"},
            "409": _error("The Idempotency-Key was used with another body.", _only(CONFLICT_CODES, PE.IDEMPOTENCY_KEY_REUSED.value)),
            "422": _error("Invalid input or no route; nothing was created.",
                          {k: v for k, v in UNPROCESSABLE_CODES.items() if k != PE.REFUND_EXCEEDS_SETTLED.value}, FIELDS_EXTRA),
            **_common(not_found=False),
        },
    }},
    "/payments/{id}": {"get": {
        "operationId": "getPayment", "tags": ["Payments"], "summary": "Get a payment",
        "description": "The payment as it stands now (without `payment_url`, which only the create answers).",
        "parameters": [ID_PARAM],
        "responses": {"200": _json("Payment", {**PAYMENT_EXAMPLE, "status": "settlement"}, "The payment."), **_common()},
    }},
    "/payments/{id}/cancel": {"post": {
        "operationId": "cancelPayment", "tags": ["Payments"], "summary": "Cancel a pending payment",
        "description": "Only a **pending** payment can be cancelled. Of two concurrent changes exactly one wins; the other gets a 409.",
        "parameters": [ID_PARAM],
        "requestBody": _body("CancelRequest", required=False),
        "responses": {
            "200": _json("Payment", {**PAYMENT_EXAMPLE, "status": "cancelled"}, "Cancelled."),
            "400": {"$ref": "#/components/responses/BadRequest"},
            "409": _status_conflict("cancelled"),
            "422": _error("The reason is not a string of at most 500 characters.", _only(UNPROCESSABLE_CODES, PE.REQUEST_INVALID.value),
                          {PE.REQUEST_INVALID.value: {"fields": [{"field": "reason", "code": PE.REQUEST_INVALID.value,
                                                                  "message": "reason is a string of at most 500 characters"}]}}),
            **_common(),
        },
    }},
    "/payments/{id}/refunds": {"post": {
        "operationId": "refundPayment", "tags": ["Payments"], "summary": "Refund a settled payment (full or partial)",
        "description": "Without `amount` the whole remaining amount is refunded; with it, that much (minor units). Never more than "
                       "settled and not yet refunded. Status becomes `partially_refunded` or `refunded`.",
        "parameters": [ID_PARAM],
        "requestBody": _body("RefundRequest", required=False),
        "responses": {
            "201": _json("Payment", {**PAYMENT_EXAMPLE, "status": "partially_refunded", "refunded_amount": 300},
                         "Refunded: the payment with its new status and refunded_amount."),
            "400": {"$ref": "#/components/responses/BadRequest"},
            "409": _status_conflict("refunded"),
            "422": _error("Invalid amount or reason.", _only(UNPROCESSABLE_CODES, PE.AMOUNT_INVALID.value,
                                                             PE.REFUND_EXCEEDS_SETTLED.value, PE.REQUEST_INVALID.value), FIELDS_EXTRA),
            **_common(),
        },
    }},
    "/merchant": {"get": {
        "operationId": "getMerchant", "tags": ["Merchant"], "summary": "Who am I: the key's merchant and brands",
        "responses": {"200": _json("Merchant", SCHEMAS["Merchant"]["example"], "The merchant of the calling key."),
                      **_common(not_found=False)},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApiDocument", "tags": ["Documentation"], "summary": "This OpenAPI 3.1 document", "security": [],
        "responses": {"200": {"description": "The document.", "content": {"application/json": {
            "schema": {"type": "object", "required": ["openapi", "info", "paths"]},
            "example": {"openapi": "3.1.0", "info": {"title": "Clearway payment API", "version": API_VERSION}, "paths": {}}}}}},
    }},
    "/docs": {"get": {
        "operationId": "getSwaggerUi", "tags": ["Documentation"], "summary": "Swagger UI for this document (served offline)",
        "security": [],
        "responses": {"200": {"description": "The Swagger UI page.", "content": {"text/html": {
            "schema": {"type": "string"}, "example": "<!DOCTYPE html><html lang=\"en\">…</html>"}}}},
    }},
}


def _test_inputs() -> str:
    from backend.payments.simulator.catalogue import listing

    inputs = listing()
    cards = "\n".join(f"| `{c['number']}` | {c['scenario']} | {c['description']} |" for c in inputs["cards"])
    amounts = "\n".join(f"| …`{a['ends_with']}` | {a['scenario']} | {a['description']} |" for a in inputs["magic_amounts"])
    return ("## Test inputs (sandbox)\n\nNo real money moves: simulated providers decide the outcome. On the hosted page, "
            "these card numbers decide a card payment (any valid number ending like a decline card declines alike):\n\n"
            "| card number | scenario | outcome |\n|---|---|---|\n" + cards + "\n\n"
            "**Magic amounts**: the last three digits of `amount` (minor units) drive virtual account, e-wallet and QR outcomes "
            "(and approving cards):\n\n| amount ends with | scenario | outcome |\n|---|---|---|\n" + amounts + "\n")


def _description() -> str:
    codes = "\n".join(f"| `{c}` | {d} |" for c, d in sorted(ERROR_CODES.items()))
    return f"""The Clearway payment API for integrators: create payments, read them, cancel and refund them.

**Authentication.** Send your merchant's API key as `Authorization: Bearer <key>` (or `X-Api-Key: <key>`). Sandbox keys
(`cw_test_…`) create sandbox payments, production keys (`cw_live_…`) production payments. A key reaches its own merchant's
payments only. Each key is rate limited per minute by the account's plan (Free 60, Pro 600, Enterprise 6000); over it
the API answers 429 with `Retry-After`.

**Amounts** are integers in the currency's minor units (1050 = 10.50 EUR), never floats; **currencies** are ISO 4217
codes. **Retries**: send an `Idempotency-Key` with every create. The same operations exist in GraphQL for API keys
(`createPayment`, `cancelPayment`, `refundPayment` on `/graphql`, same key in the `Authorization` header).

**Errors** always look like `{{"error": {{"code": "...", "message": "...", "fields": [...]}}}}`:

| code | meaning |
|---|---|
{codes}

{_test_inputs()}"""


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Clearway payment API", "version": API_VERSION, "description": _description()},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/api/v1", "description": "This Clearway server"}],
        "tags": [{"name": "Payments", "description": "Create, read, cancel and refund payments."},
                 {"name": "Merchant", "description": "The calling key's merchant."},
                 {"name": "Documentation", "description": "This document and its Swagger UI (no key needed)."}],
        "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "API key",
                               "description": "Your API key: `Authorization: Bearer cw_test_…`"},
                "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "The same key in `X-Api-Key`."},
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a copy: callers may change it)."""
    return copy.deepcopy(_document())


# ------------------------------------------------------------------------------------------- Swagger UI


def swagger_static_dir() -> Path:
    """Swagger UI's dist files inside the swagger-ui-py wheel (found without importing its framework adapters)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed (pyproject.toml pins it)")
    return Path(list(spec.submodule_search_locations)[0]) / "static"


SWAGGER_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Clearway payment API</title>
  <link rel="stylesheet" href="docs/static/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/static/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/static/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: "openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      persistAuthorization: false,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  </script>
</body>
</html>
"""


async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(_document())


async def swagger_ui(request: Request) -> HTMLResponse:
    # Relative asset URLs: the page is /api/v1/docs, so docs/static/... and openapi.json stay under /api/v1 (behind any prefix).
    return HTMLResponse(SWAGGER_HTML, headers={"cache-control": "no-cache"})


def routes() -> list:
    return [
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/docs", swagger_ui, methods=["GET"]),
        Mount(DOCS_STATIC, app=StaticFiles(directory=swagger_static_dir()), name="docs-static"),
    ]

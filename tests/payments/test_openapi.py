"""The integrators' OpenAPI 3.1 document and Swagger UI: valid, complete (derived from the router), honest (real answers
validate against it), public (no key) and offline (local assets only)."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from backend.payments.api.openapi import document
from backend.payments.simulator.catalogue import listing

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
DOC_URI = "urn:clearway:openapi"
APPROVE = """mutation($id: ID!) { overrideTransaction(id: $id, action: APPROVE, reason: "paid (test)") { __typename } }"""


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class Doc:
    """Looks up and validates against the document (JSON Schema 2020-12, the OpenAPI 3.1 dialect)."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.registry = Registry().with_resource(DOC_URI, Resource(contents=doc, specification=DRAFT202012))

    def resolve(self, obj: dict) -> tuple[dict, tuple[str, ...]]:
        """Follow a component $ref (responses); returns the object and its location."""
        ref = obj.get("$ref")
        if not ref:
            return obj, ()
        parts = tuple(ref.removeprefix("#/").split("/"))
        node = self.doc
        for p in parts:
            node = node[p]
        return node, parts

    def errors(self, location: tuple[str, ...], instance) -> list[str]:
        validator = Draft202012Validator({"$ref": DOC_URI + _pointer(*location)}, registry=self.registry, format_checker=FormatChecker())
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]

    def response(self, path: str, method: str, status: int) -> tuple[dict, tuple[str, ...]]:
        responses = self.doc["paths"][path][method]["responses"]
        assert str(status) in responses, f"{method.upper()} {path} answered an undocumented {status}"
        obj, loc = self.resolve(responses[str(status)])
        return obj, loc or ("paths", path, method, "responses", str(status))

    def check(self, r: httpx.Response, path: str, method: str, status: int | None = None) -> dict:
        """The real answer `r` of `method path` is documented: its status, its body's schema, its error code, its headers."""
        if status is not None:
            assert r.status_code == status, (path, method, r.status_code, r.text)
        response, loc = self.response(path, method, r.status_code)
        assert r.headers["content-type"].startswith("application/json")
        media = response["content"]["application/json"]
        body = r.json()
        problems = self.errors((*loc, "content", "application/json", "schema"), body)
        assert not problems, (path, method, r.status_code, problems, body)
        if "error" in body:  # the code is one this very response documents
            assert body["error"]["code"] in media["examples"], (path, method, r.status_code, body["error"]["code"], list(media["examples"]))
        for name in r.headers:
            if name.lower() in ("idempotent-replayed", "retry-after", "www-authenticate"):
                assert name.lower() in {h.lower() for h in response.get("headers", {})}, (path, method, name)
        return body


@pytest.fixture(scope="module")
def doc() -> Doc:
    return Doc(document())


def _operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield path, method, op


def test_the_document_is_valid_openapi_31(doc):
    assert doc.doc["openapi"].startswith("3.1.")
    validate_openapi(doc.doc)


def test_every_route_of_the_router_is_documented_and_nothing_else():
    """Derived from the mounted /api/v1 router: a new route without documentation fails here."""
    from starlette.routing import Mount

    from backend.app import create_app

    app = create_app(migrate=False)
    api = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/api/v1")
    routed = set()
    for route in api.routes:
        if isinstance(route, Mount):  # Swagger UI's static files: assets, not API
            assert route.name == "docs-static" and route.path == "/docs/static", route
            continue
        routed |= {(route.path, m.lower()) for m in route.methods if m != "HEAD"}
    documented = {(path, method) for path, method, _ in _operations(document())}
    assert routed == documented, {"undocumented": routed - documented, "documented but not routed": documented - routed}


def test_every_operation_is_fully_described(doc):
    ids = set()
    for path, method, op in _operations(doc.doc):
        assert op.get("operationId") and op["operationId"] not in ids and op.get("summary") and op.get("tags"), (path, method)
        ids.add(op["operationId"])
        for param in re.findall(r"{(\w+)}", path):
            assert any(p["name"] == param and p["in"] == "path" for p in op.get("parameters", [])), (path, param)
        public = op.get("security") == []
        if not public:  # bearer auth (global) and its failures
            assert {"401", "429"} <= set(op["responses"]), (path, method)
        if method == "post":
            assert "requestBody" in op, (path, method)
        for status, response in op["responses"].items():
            response, _ = doc.resolve(response)
            assert response.get("description") and response.get("content"), (path, method, status)
            for media_type, media in response["content"].items():
                assert "schema" in media and ("example" in media or "examples" in media), (path, method, status, media_type)
    assert doc.doc["paths"]["/payments"]["post"]["parameters"][0]["name"] == "Idempotency-Key"
    assert {"bearerAuth": []} in doc.doc["security"] and doc.doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_example_fits_its_schema(doc):
    checked = 0
    for path, method, op in _operations(doc.doc):
        for status, response in op["responses"].items():
            response, loc = doc.resolve(response)
            loc = loc or ("paths", path, method, "responses", status)
            for media_type, media in response["content"].items():
                if media_type != "application/json":
                    continue
                schema_loc = (*loc, "content", media_type, "schema")
                examples = [media["example"]] if "example" in media else [e["value"] for e in media["examples"].values()]
                for example in examples:
                    assert not doc.errors(schema_loc, example), (path, method, status, example, doc.errors(schema_loc, example))
                    checked += 1
    for name, schema in doc.doc["components"]["schemas"].items():
        if "example" in schema:
            assert not doc.errors(("components", "schemas", name), schema["example"]), name
            checked += 1
    assert checked > 40


def test_amounts_are_integer_minor_units_and_currencies_iso_4217(doc):
    schemas = doc.doc["components"]["schemas"]
    for name in ("Payment", "CreatedPayment"):
        assert schemas[name]["properties"]["amount"]["type"] == "integer" and "minor units" in schemas[name]["properties"]["amount"]["description"]
        assert schemas[name]["properties"]["currency"] == {"$ref": "#/components/schemas/Currency"}
    assert schemas["CreatePaymentRequest"]["properties"]["amount"]["type"] == "integer"
    assert "ISO 4217" in schemas["Currency"]["description"]
    assert schemas["Payment"]["properties"]["status"] == {"$ref": "#/components/schemas/PaymentStatus"}


def test_the_description_lists_every_test_card_and_magic_amount(doc):
    description = doc.doc["info"]["description"]
    inputs = listing()
    for card in inputs["cards"]:
        assert card["number"] in description and card["description"] in description
    for amount in inputs["magic_amounts"]:
        assert f"`{amount['ends_with']}`" in description and amount["description"] in description
    for code in doc.doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]:
        assert f"`{code}`" in description


async def test_real_answers_validate_against_the_document(shop, api_url, doc):
    async with httpx.AsyncClient(base_url=api_url) as anon:
        served = (await anon.get("/api/v1/openapi.json")).json()
    assert served == doc.doc  # the served document is the one checked here
    api, pm = shop["sandbox"], shop["pm"]["id"]
    body = {"payment_method_id": pm, "amount": 1050, "currency": "eur", "order_id": "ORD-OA1", "user_reference": "u-1",
            "customer": {"email": "jane@example.com", "country": "DE"}, "card": {"bin": "424242", "brand": "visa"},
            "metadata": {"cart": "c-1"}, "customer_segment": "regular"}

    created = doc.check(await api.post("/payments", json=body, headers={"Idempotency-Key": "oa-1"}), "/payments", "post", 201)
    assert created["currency"] == "EUR" and "/pay/" in created["payment_url"]
    replay = await api.post("/payments", json=body, headers={"Idempotency-Key": "oa-1"})
    assert doc.check(replay, "/payments", "post", 201) == created and replay.headers["idempotent-replayed"] == "true"
    doc.check(await api.post("/payments", json={**body, "amount": 1051}, headers={"Idempotency-Key": "oa-1"}), "/payments", "post", 409)
    doc.check(await api.post("/payments", json=body, headers={"Idempotency-Key": "k" * 256}), "/payments", "post", 422)
    doc.check(await api.post("/payments", content=b"{not json", headers={"content-type": "application/json"}), "/payments", "post", 400)
    doc.check(await api.post("/payments", json=[1, 2]), "/payments", "post", 400)
    missing = doc.check(await api.post("/payments", json={}), "/payments", "post", 422)
    assert {f["field"] for f in missing["error"]["fields"]} == {"payment_method_id", "amount", "currency"}
    for patch in ({"amount": 0}, {"amount": 10.5}, {"currency": "JPY"}, {"colour": "red"}, {"order_id": "x" * 101},
                  {"payment_method_id": "pm_nope"}, {"amount": 5_000_000}, {"customer": "jane"}):
        doc.check(await api.post("/payments", json={**body, **patch}), "/payments", "post", 422)

    txn = created["transaction_id"]
    path = "/payments/{id}"
    got = doc.check(await api.get(f"/payments/{txn}"), path, "get", 200)
    assert got == {k: v for k, v in created.items() if k != "payment_url"}
    doc.check(await api.get("/payments/txn_nope"), path, "get", 404)

    doc.check(await api.post(f"/payments/{txn}/refunds", json={"amount": 100}), "/payments/{id}/refunds", "post", 409)
    doc.check(await api.post(f"/payments/{txn}/cancel", json={"reason": 42}), "/payments/{id}/cancel", "post", 422)
    doc.check(await api.post(f"/payments/{txn}/cancel", content=b"[", headers={"content-type": "application/json"}),
              "/payments/{id}/cancel", "post", 400)
    assert doc.check(await api.post(f"/payments/{txn}/cancel", json={"reason": "abandoned"}), "/payments/{id}/cancel", "post", 200)[
        "status"] == "cancelled"
    again = doc.check(await api.post(f"/payments/{txn}/cancel"), "/payments/{id}/cancel", "post", 409)
    assert again["error"]["current_status"] == "cancelled"
    doc.check(await api.post("/payments/txn_nope/cancel"), "/payments/{id}/cancel", "post", 404)

    settled = doc.check(await api.post("/payments", json={**body, "amount": 1000}), "/payments", "post", 201)["transaction_id"]
    assert (await shop["admin"].data(APPROVE, id=settled))["overrideTransaction"]["__typename"] == "OverridePayload"
    refunds = "/payments/{id}/refunds"
    part = doc.check(await api.post(f"/payments/{settled}/refunds", json={"amount": 300, "reason": "one item"}), refunds, "post", 201)
    assert part["status"] == "partially_refunded" and part["refunded_amount"] == 300
    for bad in ({"amount": 701}, {"amount": 0}, {"amount": "7"}, {"reason": ["x"]}):
        doc.check(await api.post(f"/payments/{settled}/refunds", json=bad), refunds, "post", 422)
    full = doc.check(await api.post(f"/payments/{settled}/refunds"), refunds, "post", 201)
    assert full["status"] == "refunded" and full["refunded_amount"] == 1000
    doc.check(await api.post(f"/payments/{settled}/refunds", json={"amount": 1}), refunds, "post", 409)
    doc.check(await api.post("/payments/txn_nope/refunds"), refunds, "post", 404)

    me = doc.check(await api.get("/merchant"), "/merchant", "get", 200)
    assert me["merchant_id"] == shop["merchant"]["id"] and me["environment"] == "sandbox"

    async with httpx.AsyncClient(base_url=api_url + "/api/v1") as anon:
        for method, url, tpl in (("post", "/payments", "/payments"), ("get", f"/payments/{txn}", path),
                                 ("post", f"/payments/{txn}/cancel", "/payments/{id}/cancel"),
                                 ("post", f"/payments/{txn}/refunds", refunds), ("get", "/merchant", "/merchant")):
            assert doc.check(await anon.request(method, url), tpl, method, 401)["error"]["code"] == "API_KEY_MISSING"
            bad_key = await anon.request(method, url, headers={"Authorization": "Bearer cw_test_not-a-real-key-at-all"})
            assert doc.check(bad_key, tpl, method, 401)["error"]["code"] == "API_KEY_INVALID"


async def test_rate_limited_answers_validate_against_the_document(shop, operator, doc):
    """A Free plan (60 requests per minute per key): the 61st request in a minute is a documented 429."""
    res = await operator.data('mutation($id: ID!) { setTenantPlan(id: $id, plan: FREE) { __typename } }', id=shop["tenant_id"])
    assert res["setTenantPlan"]["__typename"] == "TenantPayload"
    for _ in range(130):  # a minute boundary may reset the window once
        r = await shop["sandbox"].get("/merchant")
        if r.status_code != 200:
            break
    body = doc.check(r, "/merchant", "get", 429)
    assert body["error"]["code"] == "RATE_LIMITED" and int(r.headers["retry-after"]) > 0


async def test_docs_and_their_assets_load_without_a_key_and_only_from_here(api_url):
    async with httpx.AsyncClient(base_url=api_url) as anon:
        page = await anon.get("/api/v1/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        refs = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r'url:\s*"([^"]+)"', page.text)
        assert len(refs) >= 4, refs
        assert not re.search(r"https?://|//[a-z]", page.text, re.I), "the page must reference local assets only"
        types = {".css": "text/css", ".js": "javascript", ".png": "image/png", ".json": "application/json"}
        for ref in refs:
            url = urljoin(f"{api_url}/api/v1/docs", ref)
            assert url.startswith(f"{api_url}/api/v1/"), url
            r = await anon.get(url)
            assert r.status_code == 200 and len(r.content) > 100, (url, r.status_code)
            assert types[re.search(r"\.\w+$", ref).group(0)] in r.headers["content-type"], (url, r.headers["content-type"])
        bundle = await anon.get("/api/v1/docs/static/swagger-ui-bundle.js")
        assert b"isOAS31" in bundle.content  # Swagger UI 5.x: renders OpenAPI 3.1

        # Only the documentation is public: the API itself still needs a key, and the static mount serves its own files only.
        assert (await anon.get("/api/v1/payments/txn_x")).status_code == 401
        assert (await anon.get("/api/v1/docs/staticfoo")).status_code == 401
        escape = await anon.get("/api/v1/docs/static/%2e%2e/%2e%2e/%2e%2e/swagger_ui/__init__.py")
        assert escape.status_code == 404, escape.status_code

"""Swagger UI in a real browser (Debian chromium): it renders the OpenAPI 3.1 document, every operation, offline."""
from __future__ import annotations

import os

import pytest

from backend.payments.api.openapi import document

pytestmark = pytest.mark.e2e

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


async def test_swagger_ui_renders_every_operation_without_leaving_the_server(api_url):
    from playwright.async_api import async_playwright

    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        pytest.fail(f"chromium not found at {path}: `apt-get install -y chromium` or set CHROMIUM_PATH")
    operations = sum(1 for item in document()["paths"].values() for m in item if m in ("get", "post"))
    outside: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()

            async def only_here(route):
                if route.request.url.startswith(api_url):
                    await route.continue_()
                else:
                    outside.append(route.request.url)
                    await route.abort()

            await page.route("**/*", only_here)
            await page.goto(f"{api_url}/api/v1/docs")
            await page.wait_for_selector(".opblock", timeout=20_000)
            assert await page.locator(".opblock").count() == operations
            assert "Clearway payment API" in await page.locator(".info .title").inner_text()
            assert "OAS 3.1" in await page.locator(".info").inner_text()
            assert await page.locator(".errors-wrapper").count() == 0
            await page.locator("#operations-Payments-createPayment").click()  # expand: schemas and examples render
            await page.wait_for_selector("#operations-Payments-createPayment .responses-table", timeout=10_000)
            assert "Idempotency-Key" in await page.locator("#operations-Payments-createPayment").inner_text()
        finally:
            await browser.close()
    assert outside == [], outside

from __future__ import annotations

import pytest

from tests.payments.conftest import shop, va_shop  # noqa: F401  (re-exported fixtures)
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
async def allow_private(tenant, db):
    """Local receivers live on 127.0.0.1: this tenant allows private webhook targets (link-local stays refused)."""
    from backend.core.tenancy import system_scope
    from backend.tenants.models import Tenant

    with system_scope():
        await Tenant.filter(id=tenant["id"]).update(allow_private_webhook_targets=True)
    return tenant

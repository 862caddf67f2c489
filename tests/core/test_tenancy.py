"""The one tenancy mechanism: scoped models filter by the current tenant and fail closed without a scope."""
from __future__ import annotations

import pytest

from backend.core.tenancy import TenantScopeMissing, system_scope, tenant_scope


async def test_scoped_queries_fail_closed_and_stay_inside_the_tenant(db):
    from backend.merchants.models import MerchantGroup

    with pytest.raises(TenantScopeMissing):
        await MerchantGroup.all().count()
    with tenant_scope("ten_scope_a"):
        g = await MerchantGroup.create(name="scope-test-a")
        assert g.tenant_id == "ten_scope_a"
    with tenant_scope("ten_scope_b"):
        assert await MerchantGroup.get_or_none(id=g.id) is None
        assert await MerchantGroup.filter(name="scope-test-a").count() == 0
        with pytest.raises(TenantScopeMissing):
            await g.save()  # a row of another tenant cannot be written from here
        with pytest.raises(TenantScopeMissing):
            await g.delete()
    with tenant_scope(None):  # the operator's platform scope sees no tenant rows
        assert await MerchantGroup.filter(id=g.id).count() == 0
    with system_scope():
        assert await MerchantGroup.filter(id=g.id).count() == 1
        await g.delete()

"""One route per module. Importing this package registers every page with @rx.page."""
from . import (  # noqa: F401
    access_assignments,
    access_roles,
    access_users,
    audit,
    developer,
    disputes,
    execution,
    exports,
    index,
    login,
    merchants,
    operator_health,
    operator_tenants,
    routing,
    transactions,
    webhooks,
)

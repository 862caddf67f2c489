"""Assembly only: every domain's Query, Mutation and Subscription types merged into one schema."""
from __future__ import annotations

import logging
from functools import lru_cache

import strawberry
from graphql import GraphQLError, StringValueNode, Visitor, visit
from starlette.websockets import WebSocket
from strawberry.extensions import (AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, ParserCache, QueryDepthLimiter,
                                   SchemaExtension, ValidationCache)
from strawberry.tools import merge_types
from strawberry.types.graphql import OperationType

from backend.access.api.mutations import AccessMutation
from backend.access.api.invitations import InvitationMutation, InvitationQuery
from backend.access.api.queries import AccessQuery
from backend.audit.api.schema import AuditQuery
from backend.core.config import get_settings
from backend.core.errors import DomainError, ValidationFailed
from backend.core.text import NUL, nul_fields, nul_message
from backend.disputes.api.schema import DisputeMutation, DisputeQuery
from backend.exports.api.schema import ExportMutation, ExportQuery
from backend.execution.api.schema import ExecutionMutation, ExecutionQuery
from backend.ledger.api.schema import LedgerQuery
from backend.merchants.api.schema import MerchantMutation, MerchantQuery
from backend.routing.api.schema import RoutingMutation, RoutingQuery
from backend.operator.api.schema import OperatorQuery
from backend.payments.api.integrator import IntegratorMutation
from backend.payments.api.investigation import InvestigationQuery
from backend.payments.api.schema import PaymentMutation, PaymentQuery, TestDepositMutation
from backend.payments.api.subscriptions import PaymentSubscription
from backend.review.api.schema import ReviewQuery
from backend.secrets.api.schema import SecretsMutation
from backend.webhooks.api.schema import WebhookMutation, WebhookQuery
from backend.webhooks.api.subscriptions import WebhookSubscription
from backend.tenants.api.schema import TenantMutation, TenantQuery
from backend.tenants.api.settings import TenantSettingsMutation, TenantSettingsQuery

log = logging.getLogger("clearway.graphql")

Query = merge_types("Query", (AccessQuery, InvitationQuery, MerchantQuery, RoutingQuery, ExecutionQuery, PaymentQuery, InvestigationQuery, WebhookQuery, AuditQuery, TenantQuery, TenantSettingsQuery,
                                OperatorQuery, LedgerQuery, ReviewQuery, DisputeQuery, ExportQuery))
Mutation = merge_types("Mutation", (AccessMutation, InvitationMutation, MerchantMutation, RoutingMutation, ExecutionMutation, PaymentMutation, TestDepositMutation, SecretsMutation,
                                      WebhookMutation, TenantMutation, TenantSettingsMutation, IntegratorMutation, DisputeMutation, ExportMutation))
# Live over graphql-transport-ws on /graphql, fed by Redis pub/sub (backend.core.live); access checked when subscribing.
Subscription = merge_types("Subscription", (PaymentSubscription, WebhookSubscription))


class ErrorCodes(SchemaExtension):
    """Every error carries extensions.code; unexpected exceptions are logged and masked (never a stack to the client)."""

    def _bad_request(self, code: str) -> None:
        ctx = self.execution_context
        if ctx.pre_execution_errors:
            response = getattr(ctx.context, "response", None)
            if response is not None:
                response.status_code = 400
            for err in ctx.pre_execution_errors:
                err.extensions = {**(err.extensions or {}), "code": code}

    def on_parse(self):
        yield
        self._bad_request("GRAPHQL_PARSE_FAILED")

    def on_validate(self):
        yield
        self._bad_request("GRAPHQL_VALIDATION_FAILED")

    def on_execute(self):
        yield
        self._clean(self.execution_context.result)

    def on_stream_result(self, result):
        """Each result sent over a websocket (subscriptions): errors raised inside a subscription's generator never
        pass through on_execute."""
        self._clean(result)
        yield

    def _clean(self, result) -> None:
        if not result or not getattr(result, "errors", None):
            return
        cleaned = []
        for err in result.errors:
            original = err.original_error
            ext = dict(err.extensions or {})
            if original is None:
                ext.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
                cleaned.append(GraphQLError(err.message, nodes=err.nodes, path=err.path, extensions=ext))
            elif isinstance(original, DomainError):
                ext["code"] = original.code
                if isinstance(original, ValidationFailed):  # which input fields are wrong, e.g. filter.amountMin
                    ext["fields"] = [{"field": p.field, "code": p.code, "message": p.message} for p in original.problems]
                cleaned.append(GraphQLError(original.message, nodes=err.nodes, path=err.path, extensions=ext))
            elif "code" in ext or getattr(original, "extensions", None):
                ext.setdefault("code", (getattr(original, "extensions", None) or {}).get("code", "ERROR"))
                cleaned.append(GraphQLError(err.message, nodes=err.nodes, path=err.path, extensions=ext))
            elif not err.path and isinstance(original, (GraphQLError, ValueError, TypeError)):  # a variable a scalar refused
                ext["code"] = "BAD_USER_INPUT"
                cleaned.append(GraphQLError(err.message, nodes=err.nodes, path=err.path, extensions=ext))
            else:
                log.error("unhandled error in resolver", exc_info=original)
                cleaned.append(GraphQLError("Internal error", nodes=err.nodes, path=err.path, extensions={"code": "INTERNAL"}))
        result.errors = cleaned


class SubscriptionsOverWebsocket(SchemaExtension):
    """Subscriptions are served over graphql-transport-ws only (not as plain or multipart HTTP responses)."""

    def on_execute(self):
        ctx = self.execution_context
        if ctx.operation_type is OperationType.SUBSCRIPTION and not isinstance(getattr(ctx.context, "request", None), WebSocket):
            response = getattr(ctx.context, "response", None)
            if response is not None:
                response.status_code = 400
            raise GraphQLError("Subscriptions are served over a websocket (graphql-transport-ws) on /graphql",
                               extensions={"code": "WEBSOCKET_REQUIRED"})
        yield


class _NulLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_):
        self.found = self.found or NUL in node.value


class NoNulCharacters(SchemaExtension):
    """Input text holding a NUL character (which PostgreSQL cannot store) is a 400 BAD_USER_INPUT naming the variables,
    before any resolver runs."""

    def on_execute(self):
        ctx = self.execution_context
        fields = [f"variables.{f}" for f in nul_fields(ctx.variables or {})]
        if ctx.graphql_document is not None and "\\u" in (ctx.query or ""):  # a NUL in a literal is always escaped
            literals = _NulLiterals()
            visit(ctx.graphql_document, literals)
            if literals.found:
                fields.append("a string literal in the document")
        if fields:
            response = getattr(ctx.context, "response", None)
            if response is not None:
                response.status_code = 400
            raise GraphQLError(nul_message(fields), extensions={"code": "BAD_USER_INPUT", "fields": [
                {"field": f, "code": "NUL_CHARACTER", "message": "must not contain the NUL character"} for f in fields]})
        yield


@lru_cache(maxsize=None)
def _limit_rules(max_depth: int, max_aliases: int) -> tuple:
    """The depth and alias rules, built once per process. The stock extensions build new rule classes for every request,
    which would make every request miss ValidationCache (it keys on the document and the rule classes)."""
    return (*QueryDepthLimiter(max_depth=max_depth).validation_rules, *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules)


class QueryLimits(AddValidationRules):
    """Maximum depth (settings.graphql_max_depth) and 30 aliases per document, checked at validation."""

    def __init__(self) -> None:
        super().__init__(list(_limit_rules(get_settings().graphql_max_depth, 30)))


class CachedParse(ParserCache):
    """ParserCache, except that a document that does not parse is left to strawberry, which reports it (400)."""

    def on_parse(self):
        ctx = self.execution_context
        try:
            ctx.graphql_document = self.cached_parse_document(ctx.query, **ctx.parse_options)
        except GraphQLError:
            pass
        yield


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[
        # Parsing and validating a document costs more CPU than resolving a page of 50 rows: both are cached per
        # distinct query text (LRU of 256; the UI sends a few dozen fixed documents). Limits still apply: the token
        # limit is part of the parse cache key, the depth and alias rules part of the validation cache key.
        QueryLimits,
        lambda: MaxTokensLimiter(max_token_count=5000),
        lambda: CachedParse(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        SubscriptionsOverWebsocket,
        NoNulCharacters,
        ErrorCodes,
    ],
)

"""GraphQL documents of the webhook pages (/webhooks, /webhooks/<endpoint id>); the merchant page's Webhooks tab uses
the endpoint documents of gql/queries.py, which these reuse."""
from __future__ import annotations

from .queries import _RESULT_ERRORS, ERROR_FRAGMENTS, WEBHOOK_ENDPOINT_FIELDS

ENDPOINT_STATUS_FIELDS = """
fragment EndpointStatusFields on WebhookEndpoint {
  ...WebhookEndpointFields merchantName failingSince disabledAt disabledReason viewerCanManage
}
""" + WEBHOOK_ENDPOINT_FIELDS

WEBHOOK_ENDPOINTS = ENDPOINT_STATUS_FIELDS + """
query WebhookEndpoints { webhookEndpoints { ...EndpointStatusFields } }
"""

DELIVERY_FIELDS = """
fragment DeliveryFields on WebhookDelivery {
  id endpointId eventId eventType transactionId isTest status attemptCount nextAttemptAt lastError payload createdAt
  attempts { id number url requestHeaders requestBody responseStatus responseBody durationMs succeeded error createdAt }
}
"""

WEBHOOK_ENDPOINT = ENDPOINT_STATUS_FIELDS + DELIVERY_FIELDS + """
query WebhookEndpoint($id: ID!, $status: WebhookDeliveryStatus, $first: Int!) {
  webhookEndpoint(id: $id) { ...EndpointStatusFields }
  webhookEventTypes { name description }
  webhookDeliveries(endpointId: $id, status: $status, first: $first) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ...DeliveryFields } }
  }
}
"""

WEBHOOK_DELIVERIES = DELIVERY_FIELDS + """
query WebhookDeliveries($id: ID!, $status: WebhookDeliveryStatus, $first: Int!, $after: String) {
  webhookDeliveries(endpointId: $id, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ...DeliveryFields } }
  }
}
"""

WEBHOOK_DELIVERY_LOG = DELIVERY_FIELDS + """
subscription WebhookDeliveryLog($endpointId: ID!, $replay: Boolean!) {
  webhookDeliveries(endpointId: $endpointId, replay: $replay) {
    attemptId deliveryId deliveryStatus at delivery { ...DeliveryFields }
  }
}
"""

_DELIVERY_RESULT = """
    __typename
    ... on WebhookDeliveryPayload { webhookDelivery { ...DeliveryFields } }""" + _RESULT_ERRORS

RESEND_WEBHOOK_EVENT = DELIVERY_FIELDS + ERROR_FRAGMENTS + """
mutation ResendWebhookEvent($deliveryId: ID!) {
  resendWebhookEvent(deliveryId: $deliveryId) {""" + _DELIVERY_RESULT + """}
}
"""

SEND_TEST_WEBHOOK = DELIVERY_FIELDS + ERROR_FRAGMENTS + """
mutation SendTestWebhook($endpointId: ID!, $eventType: String!) {
  sendTestWebhook(endpointId: $endpointId, eventType: $eventType) {""" + _DELIVERY_RESULT + """}
}
"""

RESEND_FAILED_WEBHOOKS = ERROR_FRAGMENTS + """
mutation ResendFailedWebhooks($endpointId: ID!, $from: DateTime, $to: DateTime) {
  resendFailedWebhooks(endpointId: $endpointId, from: $from, to: $to) {
    __typename
    ... on WebhookResendPayload { count }""" + _RESULT_ERRORS + """
  }
}
"""

ENABLE_WEBHOOK_ENDPOINT = ENDPOINT_STATUS_FIELDS + ERROR_FRAGMENTS + """
mutation EnableWebhookEndpoint($id: ID!) {
  updateWebhookEndpoint(id: $id, input: {enabled: true}) {
    __typename
    ... on WebhookEndpointPayload { webhookEndpoint { ...EndpointStatusFields } }""" + _RESULT_ERRORS + """
  }
}
"""

TENANT_SETTINGS = """
query TenantSettings { tenantSettings { allowPrivateWebhookTargets viewerCanManage } }
"""

UPDATE_TENANT_SETTINGS = """
mutation UpdateTenantSettings($v: Boolean!) {
  updateTenantSettings(input: {allowPrivateWebhookTargets: $v}) {
    __typename
    ... on TenantSettingsPayload { settings { allowPrivateWebhookTargets viewerCanManage } }
    ... on ValidationError { code message }
    ... on NotFoundError { code message }
  }
}
"""

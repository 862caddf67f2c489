"""GraphQL documents of /review, the operational review (checked against /schema.graphql by
tests/e2e/test_ui_queries.py)."""

LINK_FIELDS = """
fragment LinkFields on TransactionLink { merchantIds paymentMethodIds statuses createdFrom createdTo transactionIds }
"""

OPERATIONAL_REVIEW = LINK_FIELDS + """
query OperationalReview($from: DateTime, $to: DateTime, $bucket: ReviewBucket!, $dimension: ReviewDimension!,
                        $merchantId: ID, $threshold: Float!, $minVolume: Int!, $withAudit: Boolean!) {
  operationalReview(from: $from, to: $to, bucket: $bucket, merchantId: $merchantId) {
    from to bucket merchantId
    successRates(dimension: $dimension, threshold: $threshold, minVolume: $minVolume, limit: 6) {
      threshold minVolume baselineBuckets
      total { key name decided succeeded rate dropCount points { bucketStart decided succeeded rate } link { ...LinkFields } }
      series {
        key name decided succeeded rate dropCount
        points { bucketStart bucketEnd decided succeeded failed expired rate baseline drop }
        link { ...LinkFields }
      }
      drops { key name bucketStart bucketEnd rate baseline decided unsuccessful link { ...LinkFields } }
    }
    webhookFailures(limit: 25) {
      failed dead
      endpoints { endpointId url merchantId merchantName enabled disabledReason failed dead lastAttemptAt link { ...LinkFields } }
      deliveries { id endpointId endpointUrl eventType status attempts lastError lastAttemptAt nextAttemptAt transactionId }
    }
    suspiciousCallbacks(limit: 25) {
      total byReason { reason count }
      callbacks { id provider reason detail transactionId reportedAmount reportedCurrency signatureValid receivedAt }
    }
    routing: routingRejections(kind: ROUTING, limit: 25) {
      total
      groups { kind code outcome merchantId merchantName paymentMethodId paymentMethodName count amount currency lastAt link { ...LinkFields } }
      rejections { id kind code outcome reason environment merchantId merchantName paymentMethodName amount currency transactionId subMidIds createdAt }
    }
    velocity: routingRejections(kind: VELOCITY, limit: 25) {
      total
      groups { kind code outcome merchantId merchantName paymentMethodId paymentMethodName count amount currency lastAt link { ...LinkFields } }
      rejections { id kind code outcome reason environment merchantId merchantName paymentMethodName amount currency transactionId subMidIds createdAt }
    }
    manualCorrections(limit: 25) {
      total byAction { action count }
      corrections { id transactionId merchantId action previousStatus newStatus reason amount currency actorLabel createdAt }
    }
    auditActivity @include(if: $withAudit) { action outcome count }
    transactionAuditEvents(limit: 25) @include(if: $withAudit) { id occurredAt actorLabel actorType action outcome targetId }
  }
}
"""

REVIEW_MERCHANTS = "query ReviewMerchants { merchants { id name } }"

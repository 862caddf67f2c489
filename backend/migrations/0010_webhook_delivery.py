from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.webhooks.models import DeliveryStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_hosted_page')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReceivedWebhook',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('endpoint_id', fields.CharField(db_index=True, max_length=40)),
                ('webhook_id', fields.CharField(max_length=100)),
                ('headers', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('body', fields.TextField(unique=False)),
                ('signature_valid', fields.BooleanField()),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_received', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event_id', fields.CharField(max_length=40)),
                ('event_type', fields.CharField(max_length=60)),
                ('transaction_id', fields.CharField(null=True, max_length=40)),
                ('payload', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('is_test', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, db_index=True, description='PENDING: pending\nFAILED: failed\nSUCCEEDED: succeeded\nDEAD: dead', enum_type=DeliveryStatus, max_length=20)),
                ('attempts', fields.IntField(default=0)),
                ('retries', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(null=True, max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'webhook_deliveries', 'app': 'models', 'unique_together': (('endpoint_id', 'event_id'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_log', on_delete=OnDelete.CASCADE)),
                ('endpoint_id', fields.CharField(db_index=True, max_length=40)),
                ('number', fields.IntField()),
                ('url', fields.CharField(max_length=2000)),
                ('request_headers', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('request_body', fields.TextField(unique=False)),
                ('response_status', fields.IntField(null=True)),
                ('response_body', fields.TextField(default='', unique=False)),
                ('duration_ms', fields.IntField(default=0)),
                ('succeeded', fields.BooleanField(default=False)),
                ('error', fields.CharField(null=True, max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_attempts', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.AddField(
            model_name='WebhookEndpoint',
            name='disabled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='WebhookEndpoint',
            name='disabled_reason',
            field=fields.CharField(null=True, max_length=300),
        ),
        ops.AddField(
            model_name='WebhookEndpoint',
            name='failing_since',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]

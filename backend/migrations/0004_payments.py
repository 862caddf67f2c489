from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.payments.models import TxnStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_master_mid_position')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('api_key_id', fields.CharField(max_length=40)),
                ('key', fields.CharField(max_length=255)),
                ('request_hash', fields.CharField(max_length=64)),
                ('status_code', fields.IntField()),
                ('response', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idempotency_records', 'app': 'models', 'unique_together': (('api_key_id', 'key'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Transaction',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('brand_id', fields.CharField(max_length=40)),
                ('payment_method_id', fields.CharField(max_length=40)),
                ('environment', fields.CharField(max_length=20)),
                ('api_key_id', fields.CharField(null=True, max_length=40)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('status', fields.CharEnumField(default=TxnStatus.PENDING, db_index=True, description='PENDING: pending\nSETTLEMENT: settlement\nFAILED: failed\nEXPIRED: expired\nCANCELLED: cancelled\nREFUNDED: refunded\nPARTIALLY_REFUNDED: partially_refunded', enum_type=TxnStatus, max_length=24)),
                ('version', fields.IntField(default=1)),
                ('order_id', fields.CharField(null=True, db_index=True, max_length=100)),
                ('user_reference', fields.CharField(null=True, db_index=True, max_length=100)),
                ('customer', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('metadata', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('routing_path', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('master_mid_id', fields.CharField(null=True, max_length=40)),
                ('sub_mid_id', fields.CharField(null=True, max_length=40)),
                ('processing_fee', fields.BigIntField(default=0)),
                ('conversion_fee', fields.BigIntField(default=0)),
                ('refunded_amount', fields.BigIntField(default=0)),
                ('hosted_token_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'transactions', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='TimelineEvent',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('transaction', fields.ForeignKeyField('models.Transaction', source_field='transaction_id', db_constraint=True, to_field='id', related_name='timeline', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('message', fields.CharField(max_length=500)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('actor_type', fields.CharField(null=True, max_length=20)),
                ('actor_id', fields.CharField(null=True, max_length=40)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'timeline_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.payments.models import CallbackVerdict
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_payment_changes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PaymentAttempt',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('transaction', fields.ForeignKeyField('models.Transaction', source_field='transaction_id', db_constraint=True, to_field='id', related_name='attempts', on_delete=OnDelete.CASCADE)),
                ('method', fields.CharField(max_length=20)),
                ('status', fields.CharField(max_length=20)),
                ('scenario', fields.CharField(max_length=40)),
                ('details', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('provider_reference', fields.CharField(null=True, max_length=60)),
                ('source', fields.CharField(default='hosted_page', db_default='hosted_page', max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'payment_attempts', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='ProviderCallback',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('provider', fields.CharField(max_length=20)),
                ('event_id', fields.CharField(null=True, db_index=True, max_length=80)),
                ('dedupe_key', fields.CharField(null=True, unique=True, max_length=160)),
                ('transaction_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('verdict', fields.CharEnumField(db_index=True, description='APPLIED: applied\nDUPLICATE: duplicate\nIGNORED: ignored\nSUSPICIOUS: suspicious', enum_type=CallbackVerdict, max_length=12)),
                ('reason', fields.CharField(null=True, max_length=40)),
                ('detail', fields.CharField(null=True, max_length=300)),
                ('reported_status', fields.CharField(null=True, max_length=20)),
                ('reported_amount', fields.BigIntField(null=True)),
                ('reported_currency', fields.CharField(null=True, max_length=3)),
                ('signature_valid', fields.BooleanField(default=False)),
                ('body_hash', fields.CharField(max_length=64)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('received_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'provider_callbacks', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.AddField(
            model_name='Transaction',
            name='provider',
            field=fields.CharField(null=True, max_length=20),
        ),
    ]

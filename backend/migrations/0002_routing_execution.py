from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.execution.models import MemberKind, Strategy
from backend.routing.models import PaymentMethodType, VersionStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MasterMidGroup',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'master_mid_groups', 'app': 'models', 'unique_together': (('tenant_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='MasterMid',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('group', fields.ForeignKeyField('models.MasterMidGroup', source_field='group_id', db_constraint=True, to_field='id', related_name='master_mids', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('provider', fields.CharField(max_length=20)),
                ('settlement_currency', fields.CharField(max_length=3)),
                ('fees', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('enabled', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'master_mids', 'app': 'models', 'unique_together': (('tenant_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='ExecutionBlueprint',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('master_mid', fields.ForeignKeyField('models.MasterMid', source_field='master_mid_id', db_constraint=True, to_field='id', related_name='blueprints', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('status', fields.CharEnumField(default=VersionStatus.DRAFT, description='DRAFT: draft\nPUBLISHED: published\nARCHIVED: archived', enum_type=VersionStatus, max_length=20)),
                ('document', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.CharField(null=True, max_length=40)),
                ('published_by', fields.CharField(null=True, max_length=40)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'execution_blueprints', 'app': 'models', 'unique_together': (('master_mid_id', 'version'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='PaymentMethod',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name='payment_methods', on_delete=OnDelete.CASCADE)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('type', fields.CharEnumField(description='CARD: card\nVIRTUAL_ACCOUNT: virtual_account\nEWALLET: ewallet\nQR: qr', enum_type=PaymentMethodType, max_length=20)),
                ('currencies', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('min_amount', fields.BigIntField(default=1)),
                ('max_amount', fields.BigIntField(default=100000000)),
                ('enabled', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payment_methods', 'app': 'models', 'unique_together': (('brand_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='RoutingBlueprint',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('payment_method', fields.ForeignKeyField('models.PaymentMethod', source_field='payment_method_id', db_constraint=True, to_field='id', related_name='blueprints', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('status', fields.CharEnumField(default=VersionStatus.DRAFT, description='DRAFT: draft\nPUBLISHED: published\nARCHIVED: archived', enum_type=VersionStatus, max_length=20)),
                ('document', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.CharField(null=True, max_length=40)),
                ('published_by', fields.CharField(null=True, max_length=40)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'routing_blueprints', 'app': 'models', 'unique_together': (('payment_method_id', 'version'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='SubMidGroup',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('master_mid', fields.ForeignKeyField('models.MasterMid', source_field='master_mid_id', db_constraint=True, to_field='id', related_name='sub_mid_groups', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('strategy', fields.CharEnumField(default=Strategy.SEQUENCE, description='SEQUENCE: sequence\nWEIGHT: weight', enum_type=Strategy, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sub_mid_groups', 'app': 'models', 'unique_together': (('master_mid_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='SubMid',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('group', fields.ForeignKeyField('models.SubMidGroup', source_field='group_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharEnumField(default=MemberKind.SUB_MID, description='SUB_MID: sub_mid\nAGGREGATOR: aggregator', enum_type=MemberKind, max_length=20)),
                ('position', fields.IntField(default=0)),
                ('weight', fields.IntField(default=1)),
                ('enabled', fields.BooleanField(default=True)),
                ('credentials_secret_id', fields.CharField(null=True, max_length=40)),
                ('velocity', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('conversion_fee_bps', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sub_mids', 'app': 'models', 'unique_together': (('group_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.disputes.states import DisputeOutcome, DisputeStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_routing_rejections')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Dispute',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('transaction_id', fields.CharField(db_index=True, max_length=40)),
                ('open_key', fields.CharField(null=True, unique=True, max_length=40)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('reason', fields.CharField(max_length=500)),
                ('status', fields.CharEnumField(default=DisputeStatus.OPENED, db_index=True, description='OPENED: opened\nUNDER_REVIEW: under_review\nPENDING_INFO: pending_info\nESCALATED: escalated\nRESOLVED: resolved', enum_type=DisputeStatus, max_length=16)),
                ('outcome', fields.CharEnumField(null=True, description='WON: won\nLOST: lost\nSPLIT: split', enum_type=DisputeOutcome, max_length=8)),
                ('merchant_loss', fields.BigIntField(null=True)),
                ('resolution_note', fields.CharField(default='', max_length=1000)),
                ('version', fields.IntField(default=1)),
                ('opened_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('escalate_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('opened_by', fields.CharField(null=True, max_length=255)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'disputes', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='DisputeEvent',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('dispute', fields.ForeignKeyField('models.Dispute', source_field='dispute_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharField(max_length=30)),
                ('message', fields.CharField(max_length=500)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('actor_type', fields.CharField(null=True, max_length=20)),
                ('actor_label', fields.CharField(null=True, max_length=255)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'dispute_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='DisputeEvidence',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('dispute', fields.ForeignKeyField('models.Dispute', source_field='dispute_id', db_constraint=True, to_field='id', related_name='evidence', on_delete=OnDelete.RESTRICT)),
                ('filename', fields.CharField(max_length=255)),
                ('file_type', fields.CharField(max_length=8)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('storage', fields.CharField(max_length=8)),
                ('storage_key', fields.CharField(max_length=300)),
                ('description', fields.CharField(default='', max_length=500)),
                ('uploaded_by', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'dispute_evidence', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='DisputeMessage',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('dispute', fields.ForeignKeyField('models.Dispute', source_field='dispute_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.RESTRICT)),
                ('author_id', fields.CharField(null=True, max_length=40)),
                ('author_label', fields.CharField(max_length=255)),
                ('author_side', fields.CharField(max_length=10)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'dispute_messages', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

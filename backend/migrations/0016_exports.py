from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.exports.models import ExportKind, ExportStatus
from backend.secrets.models import SecretKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0015_disputes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExportJob',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('kind', fields.CharEnumField(description='TRANSACTIONS_CSV: transactions_csv\nTRANSACTIONS_XLSX: transactions_xlsx\nWEBHOOK_LOG: webhook_log\nEVIDENCE_JSON: evidence_json\nRECEIPT_PDF: receipt_pdf\nCOMPLIANCE_BUNDLE: compliance_bundle', enum_type=ExportKind, max_length=24)),
                ('criteria', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('merchant_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('transaction_id', fields.CharField(null=True, max_length=40)),
                ('include_pii', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=ExportStatus.QUEUED, db_index=True, description='QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed', enum_type=ExportStatus, max_length=12)),
                ('rows_done', fields.BigIntField(default=0)),
                ('rows_total', fields.BigIntField(null=True)),
                ('file_name', fields.CharField(default='', max_length=120)),
                ('file_path', fields.CharField(null=True, max_length=500)),
                ('file_size', fields.BigIntField(null=True)),
                ('sha256', fields.CharField(null=True, max_length=64)),
                ('error', fields.CharField(null=True, max_length=300)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_by_label', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'export_jobs', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='DownloadToken',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('export', fields.ForeignKeyField('models.ExportJob', source_field='export_id', db_constraint=True, to_field='id', related_name='download_tokens', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'export_download_tokens', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='LedgerHead',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('length', fields.BigIntField(default=0)),
                ('head_hash', fields.CharField(max_length=64)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'ledger_heads', 'app': 'models', 'unique_together': (('tenant_id',),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='hash',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='prev_hash',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='JournalEntry',
            name='sequence',
            field=fields.BigIntField(default=0, db_index=True, db_default=0),
        ),
        ops.AlterField(
            model_name='Secret',
            name='kind',
            field=fields.CharEnumField(description='WEBHOOK_SIGNING: webhook_signing\nPROVIDER_CREDENTIALS: provider_credentials\nBUNDLE_SIGNING: bundle_signing', enum_type=SecretKind, max_length=40),
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.ledger.models import Account, EntryKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_attempt_answer')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JournalEntry',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('transaction_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('kind', fields.CharEnumField(description='SETTLEMENT: settlement\nREFUND: refund\nRELEASE: release\nDISPUTE_HOLD: dispute_hold\nDISPUTE_RELEASE: dispute_release', enum_type=EntryKind, max_length=20)),
                ('event_key', fields.CharField(max_length=120)),
                ('description', fields.CharField(default='', max_length=255)),
                ('available_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'journal_entries', 'app': 'models', 'unique_together': (('tenant_id', 'event_key'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Posting',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('entry', fields.ForeignKeyField('models.JournalEntry', source_field='entry_id', db_constraint=True, to_field='id', related_name='postings', on_delete=OnDelete.RESTRICT)),
                ('account', fields.CharEnumField(description='PROVIDER_RECEIVABLE: provider_receivable\nMERCHANT_PENDING: merchant_pending\nMERCHANT_AVAILABLE: merchant_available\nFEES_PROCESSING: fees_processing\nFEES_CONVERSION: fees_conversion\nDISPUTE_HOLD: dispute_hold', enum_type=Account, max_length=24)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('transaction_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('currency', fields.CharField(max_length=3)),
                ('debit', fields.BigIntField(default=0)),
                ('credit', fields.BigIntField(default=0)),
            ],
            options={'table': 'ledger_postings', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

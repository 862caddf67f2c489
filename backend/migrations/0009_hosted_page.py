from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_ledger')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ThreeDSChallenge',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('attempt_id', fields.CharField(unique=True, max_length=40)),
                ('transaction_id', fields.CharField(db_index=True, max_length=40)),
                ('code_hash', fields.CharField(max_length=64)),
                ('code_sealed', fields.CharField(max_length=200)),
                ('status', fields.CharField(default='open', max_length=12)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts_left', fields.IntField(default=3)),
                ('last_sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('resends', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'threeds_challenges', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

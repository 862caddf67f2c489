from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_investigation_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RoutingRejection',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('merchant_id', fields.CharField(db_index=True, max_length=40)),
                ('payment_method_id', fields.CharField(null=True, max_length=40)),
                ('environment', fields.CharField(max_length=20)),
                ('kind', fields.CharField(db_index=True, max_length=20)),
                ('outcome', fields.CharField(max_length=20)),
                ('code', fields.CharField(max_length=40)),
                ('reason', fields.CharField(max_length=500)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('transaction_id', fields.CharField(null=True, max_length=40)),
                ('sub_mid_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'routing_rejections', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
    ]

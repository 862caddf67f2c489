from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_routing_execution')]

    initial = False

    operations = [
        ops.AddField(
            model_name='MasterMid',
            name='position',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]

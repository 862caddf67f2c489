# Exports: EXPIRED status (retention deleted the file). Depends on 0016 here; at merge, point it at the latest migration.
from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.exports.models import ExportStatus
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0018_investigation_covering')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='ExportJob',
            name='status',
            field=fields.CharEnumField(default=ExportStatus.QUEUED, db_index=True, description='QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed\nEXPIRED: expired', enum_type=ExportStatus, max_length=12),
        ),
    ]

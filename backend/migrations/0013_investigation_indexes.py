from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_webhook_delivery')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Transaction',
            name='created_at',
            field=fields.DatetimeField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Transaction',
            name='merchant_id',
            field=fields.CharField(max_length=40),
        ),
        ops.AlterField(
            model_name='Transaction',
            name='user_reference',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'created_at', 'id'], name='txn_tenant_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'merchant_id', 'created_at', 'id'], name='txn_tenant_merchant_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'brand_id', 'created_at', 'id'], name='txn_tenant_brand_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'payment_method_id', 'created_at', 'id'], name='txn_tenant_method_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'status', 'created_at', 'id'], name='txn_tenant_status_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'currency', 'created_at', 'id'], name='txn_tenant_currency_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'user_reference', 'created_at', 'id'], name='txn_tenant_userref_created'),
        ),
        ops.AddIndex(
            model_name='Transaction',
            index=Index(fields=['tenant_id', 'amount', 'id'], name='txn_tenant_amount'),
        ),
        ops.AlterField(
            model_name='WebhookDelivery',
            name='transaction_id',
            field=fields.CharField(null=True, db_index=True, max_length=40),
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.access.models import ContextType, RoleKind, UserKind
from backend.merchants.models import MerchantStatus
from backend.tenants.models import Plan, TenantStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('actor_type', fields.CharField(max_length=20)),
                ('actor_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('actor_label', fields.CharField(null=True, max_length=255)),
                ('action', fields.CharField(db_index=True, max_length=100)),
                ('outcome', fields.CharField(default='ok', max_length=20)),
                ('target_type', fields.CharField(null=True, db_index=True, max_length=60)),
                ('target_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('diff', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('ip', fields.CharField(null=True, max_length=64)),
                ('request_id', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'audit_events', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Append-only. Rows are inserted by backend.audit.service.record and never updated.'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='MerchantGroup',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'merchant_groups', 'app': 'models', 'unique_together': (('tenant_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Merchant',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('merchant_group', fields.ForeignKeyField('models.MerchantGroup', source_field='merchant_group_id', null=True, db_constraint=True, to_field='id', related_name='merchants', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=MerchantStatus.ACTIVE, description='ACTIVE: active\nDISABLED: disabled', enum_type=MerchantStatus, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'merchants', 'app': 'models', 'unique_together': (('tenant_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Role',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('description', fields.CharField(default='', max_length=500)),
                ('kind', fields.CharEnumField(description='PLATFORM: platform\nMERCHANT: merchant', enum_type=RoleKind, max_length=20)),
                ('permissions', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('is_system', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'roles', 'app': 'models', 'unique_together': (('tenant_id', 'name'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Tenant',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('slug', fields.CharField(unique=True, max_length=63)),
                ('plan', fields.CharEnumField(default=Plan.FREE, description='FREE: free\nPRO: pro\nENTERPRISE: enterprise', enum_type=Plan, max_length=20)),
                ('status', fields.CharEnumField(default=TenantStatus.ACTIVE, description='ACTIVE: active\nSUSPENDED: suspended', enum_type=TenantStatus, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'tenants', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A payment company running its back office on Clearway. Managed by the system operator.'},
            bases=['Entity'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('name', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(description='PLATFORM: platform\nMERCHANT: merchant\nOPERATOR: operator', enum_type=UserKind, max_length=20)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('is_active', fields.BooleanField(default=True)),
                ('totp_secret_enc', fields.TextField(null=True, unique=False)),
                ('totp_enabled', fields.BooleanField(default=False)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'users', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='AccessGrant',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='grants', on_delete=OnDelete.CASCADE)),
                ('merchant_id', fields.CharField(null=True, max_length=40)),
                ('merchant_group_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'access_grants', 'app': 'models', 'unique_together': (('user_id', 'merchant_id', 'merchant_group_id'),), 'pk_attr': 'id', 'table_description': 'Grants a platform user reach to one merchant or one merchant group.'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('tenant_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='role_assignments', on_delete=OnDelete.CASCADE)),
                ('role', fields.ForeignKeyField('models.Role', source_field='role_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.RESTRICT)),
                ('context_type', fields.CharEnumField(description='TENANT: tenant\nMERCHANT_GROUP: merchant_group\nMERCHANT: merchant', enum_type=ContextType, max_length=20)),
                ('context_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'role_assignments', 'app': 'models', 'unique_together': (('user_id', 'role_id', 'context_type', 'context_id'),), 'pk_attr': 'id'},
            bases=['TenantScoped'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('tenant_id', fields.CharField(null=True, max_length=40)),
                ('access_hash', fields.CharField(unique=True, max_length=64)),
                ('refresh_hash', fields.CharField(unique=True, max_length=64)),
                ('access_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('refresh_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ip', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sessions', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A back-office login. Looked up by token hash on each request (so suspension is immediate).'},
            bases=['Entity'],
        ),
    ]

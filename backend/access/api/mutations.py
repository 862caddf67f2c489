from __future__ import annotations

from typing import Optional

import strawberry
from strawberry.types import Info

from backend.access import auth, service
from backend.access.api.queries import me_of
from backend.access.api.types import (
    AccessGrant, AccessGrantPayload, AccessGrantResult, AssignRoleInput, CreateUserInput, DeleteResult, GrantAccessInput,
    InviteMerchantUserInput, LoginFailed, LoginResult, LoginSuccess, Role, RoleAssignment, RoleAssignmentPayload,
    RoleAssignmentResult, RoleInput, RolePayload, RoleResult, TotpRequired, TotpSetup, TotpSetupResult, UpdateUserInput,
    User, UserPayload, UserResult,
)
from backend.access.http import session_cookie_headers
from backend.access.permissions import Perm
from backend.access.principal import principal_for_user
from backend.core.context import client_ip_var
from backend.core.tenancy import tenant_scope
from backend.graphql.common import DeletePayload, run_mutation
from backend.graphql.permissions import IsAuthenticated, needs, needs_anywhere


def _set_cookies(info: Info, values: list[str]) -> None:
    for v in values:
        info.context.response.headers.append("set-cookie", v)


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Sign in to the back office. Sets httpOnly session cookies.")
    async def login(self, info: Info, email: str, password: str, totp_code: Optional[str] = None) -> LoginResult:
        try:
            issued = await auth.login(email, password, totp_code, client_ip_var.get())
        except auth.TotpRequired as exc:
            return TotpRequired(message=exc.message)
        except auth.LoginFailed as exc:
            return LoginFailed(code=exc.code, message=exc.message)
        _set_cookies(info, session_cookie_headers(issued))
        with tenant_scope(issued.user.tenant_id):
            principal = await principal_for_user(issued.user)
        return LoginSuccess(me=await me_of(principal))

    @strawberry.mutation(description="End the current session and clear its cookies.")
    async def logout(self, info: Info) -> bool:
        session_id = info.context.request.state.session_id
        if session_id:
            await auth.logout(session_id)
            from backend.audit import service as audit

            await audit.record("auth.logout", target_type="session", target_id=session_id)
        _set_cookies(info, session_cookie_headers(None))
        return True

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def create_user(self, input: CreateUserInput) -> UserResult:
        async def work():
            u = await service.create_user(email=input.email, name=input.name, password=input.password, kind=input.kind)
            return UserPayload(user=User.from_model(u))
        return await run_mutation("user.create", work, target_type="user")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def update_user(self, info: Info, id: strawberry.ID, input: UpdateUserInput) -> UserResult:
        async def work():
            u = await service.update_user(info.context.principal, id, name=input.name, is_active=input.is_active)
            return UserPayload(user=User.from_model(u))
        return await run_mutation("user.update", work, target_type="user")

    @strawberry.mutation(
        permission_classes=[needs_anywhere(Perm.MERCHANT_USERS_MANAGE)],
        description="Create a merchant user inside a merchant or merchant-group context you manage, with an allowed merchant role.",
    )
    async def invite_merchant_user(self, info: Info, input: InviteMerchantUserInput) -> UserResult:
        async def work():
            u = await service.invite_merchant_user(
                info.context.principal, email=input.email, name=input.name, password=input.password,
                role_id=input.role_id, context_type=input.context_type, context_id=input.context_id)
            return UserPayload(user=User.from_model(u))
        return await run_mutation("user.invite", work, target_type="user")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def create_role(self, input: RoleInput) -> RoleResult:
        async def work():
            r = await service.create_role(name=input.name, description=input.description, kind=input.kind, permissions=input.permissions)
            return RolePayload(role=Role.from_model(r))
        return await run_mutation("role.create", work, target_type="role")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def update_role(self, id: strawberry.ID, input: RoleInput) -> RoleResult:
        async def work():
            r = await service.update_role(id, name=input.name, description=input.description, permissions=input.permissions)
            return RolePayload(role=Role.from_model(r))
        return await run_mutation("role.update", work, target_type="role")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def delete_role(self, id: strawberry.ID) -> DeleteResult:
        async def work():
            return DeletePayload(id=await service.delete_role(id))
        return await run_mutation("role.delete", work, target_type="role")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.MERCHANT_USERS_MANAGE)],
                         description="Assign a role in the tenant, a merchant group or a merchant. Merchant admins: own context, merchant roles only.")
    async def assign_role(self, info: Info, input: AssignRoleInput) -> RoleAssignmentResult:
        async def work():
            ra = await service.assign_role(info.context.principal, user_id=input.user_id, role_id=input.role_id,
                                           context_type=input.context_type, context_id=input.context_id)
            return RoleAssignmentPayload(role_assignment=RoleAssignment.from_model(ra))
        return await run_mutation("role_assignment.create", work, target_type="role_assignment")

    @strawberry.mutation(permission_classes=[needs_anywhere(Perm.MERCHANT_USERS_MANAGE)])
    async def revoke_role_assignment(self, info: Info, id: strawberry.ID) -> DeleteResult:
        async def work():
            return DeletePayload(id=await service.revoke_role_assignment(info.context.principal, id))
        return await run_mutation("role_assignment.delete", work, target_type="role_assignment")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def grant_access(self, input: GrantAccessInput) -> AccessGrantResult:
        async def work():
            g = await service.grant_access(user_id=input.user_id, merchant_id=input.merchant_id, merchant_group_id=input.merchant_group_id)
            return AccessGrantPayload(access_grant=AccessGrant.from_model(g))
        return await run_mutation("access_grant.create", work, target_type="access_grant")

    @strawberry.mutation(permission_classes=[needs(Perm.ACCESS_MANAGE)])
    async def revoke_access(self, id: strawberry.ID) -> DeleteResult:
        async def work():
            return DeletePayload(id=await service.revoke_access(id))
        return await run_mutation("access_grant.delete", work, target_type="access_grant")

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Start two-factor set-up; the secret is shown once.")
    async def setup_totp(self, info: Info) -> TotpSetupResult:
        async def work():
            secret, uri = await service.start_totp(info.context.principal.user)
            return TotpSetup(secret=secret, otpauth_uri=uri)
        return await run_mutation("user.totp_setup", work, target_type="user")

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def confirm_totp(self, info: Info, code: str) -> UserResult:
        async def work():
            u = await service.confirm_totp(info.context.principal.user, code)
            return UserPayload(user=User.from_model(u))
        return await run_mutation("user.totp_enable", work, target_type="user")

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def disable_totp(self, info: Info, password: str) -> UserResult:
        async def work():
            u = await service.disable_totp(info.context.principal.user, password)
            return UserPayload(user=User.from_model(u))
        return await run_mutation("user.totp_disable", work, target_type="user")


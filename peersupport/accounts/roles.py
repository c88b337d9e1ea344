"""Global roles as Django groups with permissions; per-group roles (member, facilitator) live in groups."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from peersupport.core import permissions

SITE_ADMIN = "site_admin"
HR_ADMIN = "hr_admin"
PROGRAMME_LEAD = "programme_lead"
SAFEGUARDING_LEAD = "safeguarding_lead"

# Role -> (label, permissions as "app_label.codename"). Permissions are declared on accounts.User.
ROLES: dict[str, tuple[str, list[str]]] = {
    SITE_ADMIN: (
        _("Site admin"),
        [
            permissions.MANAGE_PEOPLE,
            permissions.MANAGE_ROLES,
            "accounts.view_user",
            "accounts.change_user",
            "accounts.view_invitation",
            "accounts.view_orgunit",
            "accounts.add_orgunit",
            "accounts.change_orgunit",
            "core.view_crisisresource",
            "core.add_crisisresource",
            "core.change_crisisresource",
            "core.delete_crisisresource",
            permissions.VIEW_AUDIT,
        ],
    ),
    HR_ADMIN: (_("HR admin"), [permissions.VIEW_INSIGHTS]),
    # Programme leads hold the safeguarding permission: they approve break-glass requests from facilitators.
    PROGRAMME_LEAD: (_("Programme lead"), [permissions.MANAGE_PROGRAMME, permissions.APPROVE_UNMASKING]),
    # Decides break-glass requests with another holder of the permission; manages nothing else.
    # Also alerted with the facilitators when someone may be at risk, and reads those words.
    SAFEGUARDING_LEAD: (_("Safeguarding lead"), [permissions.APPROVE_UNMASKING, permissions.RESPOND_TO_RISK]),
}

# Roles that see programme-wide information, or can change who sees confidential content (programme leads
# appoint facilitators and decide break-glass requests), must sign in with a second factor.
PRIVILEGED_ROLES = frozenset({SITE_ADMIN, HR_ADMIN, PROGRAMME_LEAD, SAFEGUARDING_LEAD})
# Holding one of these permissions directly (not through a role) is as privileged as the role.
PRIVILEGED_PERMISSIONS = (
    permissions.MANAGE_PROGRAMME,
    permissions.APPROVE_UNMASKING,
    permissions.RESPOND_TO_RISK,
    permissions.MANAGE_ROLES,
)


def role_names(user) -> set[str]:
    """The global roles a user holds, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_names = cached
    return cached


def role_labels(user) -> list[str]:
    """The labels of a person's global roles, from their (usually prefetched) groups, in ROLES order."""
    held = {group.name for group in user.groups.all()}
    return [str(label) for role, (label, _permissions) in ROLES.items() if role in held]


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_privileged(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or bool(role_names(user) & PRIVILEGED_ROLES)
        or any(user.has_perm(permission) for permission in PRIVILEGED_PERMISSIONS)
    )


def lacks_second_factor(user) -> bool:
    """True when the second-factor rule is on and the person has no TOTP or security key yet."""
    if not settings.MFA_REQUIRED_FOR_PRIVILEGED_ROLES or not user.is_authenticated:
        return False
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
        user._has_second_factor = cached
    return not cached


def needs_second_factor(user) -> bool:
    """True when the person holds a privileged role, the rule is on, and they have no second factor yet."""
    return is_privileged(user) and lacks_second_factor(user)

"""Every permission the project checks, named once. Roles (accounts/roles.py) grant them; code that checks
a permission imports its name from here, never spells it."""

# Declared on accounts.User (Meta.permissions).
MANAGE_PEOPLE = "accounts.manage_people"  # invite and import employees
MANAGE_ROLES = "accounts.manage_roles"  # grant and revoke global roles
VIEW_INSIGHTS = "accounts.view_insights"  # aggregate programme dashboards
MANAGE_PROGRAMME = "accounts.manage_programme"  # themes, groups and facilitators (never content)
APPROVE_UNMASKING = "accounts.approve_unmasking"  # decide break-glass requests (safeguarding)
# Alerted, with a group's facilitators, when words suggest a risk to life, and reads those words. Only the
# safeguarding role: a programme lead decides break-glass requests but reads no group's words otherwise.
RESPOND_TO_RISK = "accounts.respond_to_risk"

# Django's model permissions that the project checks by name.
VIEW_AUDIT = "core.view_auditevent"


def codename(permission: str) -> str:
    """The codename part of "app_label.codename", for queries over Permission rows."""
    return permission.split(".", 1)[1]

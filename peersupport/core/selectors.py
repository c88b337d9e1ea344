from django.utils.translation import gettext_lazy as _

from peersupport.core.models import CrisisResource

# Shown until a site admin configures the organisation's own resources.
DEFAULT_CRISIS_RESOURCES = [
    CrisisResource(
        title=_("Emergency services"),
        kind=CrisisResource.Kind.TEXT,
        description=_(
            "If you or someone else is in immediate danger, call your local emergency number now "
            "(999 or 112 in the UK and Europe, 911 in North America)."
        ),
        is_urgent=True,
    ),
]


def crisis_resource_list() -> list[CrisisResource]:
    """The crisis and support contacts; public to everyone, signed in or not."""
    resources = list(CrisisResource.objects.all())
    return resources or DEFAULT_CRISIS_RESOURCES


def audit_list(*, actor, actor_email: str = "", action: str = "", date_from=None, date_to=None):
    """Audit rows for the site admins' audit view, filtered; the view checks the permission."""
    from peersupport.core.models import AuditEvent

    rows = AuditEvent.objects.select_related("actor", "subject").order_by("-occurred_at", "-id")
    if actor_email:
        rows = rows.filter(actor__email__icontains=actor_email)
    if action:
        rows = rows.filter(action__startswith=action)
    if date_from:
        rows = rows.filter(occurred_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(occurred_at__date__lte=date_to)
    return rows

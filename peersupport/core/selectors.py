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

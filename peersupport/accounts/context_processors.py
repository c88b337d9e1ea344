from django.conf import settings

from peersupport.accounts.roles import is_privileged
from peersupport.core.permissions import MANAGE_PEOPLE
from peersupport.core.pillars import navigation_for


def shell(request):
    """What the site-wide shell needs: navigation entries and admin links, as flags for the templates."""
    user = getattr(request, "user", None)
    context = {"site_name": settings.SITE_NAME, "organisation_name": settings.ORGANISATION_NAME}
    if not (user and user.is_authenticated):
        return context
    context.update(
        nav_entries=navigation_for(user, current_path=request.path),
        nav_show_admin=user.has_perm(MANAGE_PEOPLE),
        nav_show_django_admin=user.is_staff and is_privileged(user),
    )
    return context

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peersupport.accounts.roles import HR_ADMIN, has_role, is_privileged
from peersupport.core.permissions import MANAGE_PEOPLE

# Navigation entries, each shown once its app is installed: (app, label, URL name, role needed).
NAVIGATION = [
    ("groups", _("Groups"), "groups:list", None),
    ("training", _("Training"), "training:index", None),
    ("events", _("Events"), "events:list", None),
    ("recognition", _("Kudos"), "recognition:index", None),
    ("peersupport.insights", _("Insights"), "insights:index", HR_ADMIN),
]


def shell(request):
    """What the site-wide shell needs: navigation entries and admin links, as flags for the templates."""
    user = getattr(request, "user", None)
    context = {"site_name": settings.SITE_NAME, "organisation_name": settings.ORGANISATION_NAME}
    if not (user and user.is_authenticated):
        return context
    entries = []
    for app, label, url_name, role in NAVIGATION:
        if apps.is_installed(app) and (role is None or has_role(user, role)):
            url = reverse(url_name)
            entries.append({"label": label, "url": url, "current": request.path.startswith(url)})
    context.update(
        nav_entries=entries,
        nav_show_admin=user.has_perm(MANAGE_PEOPLE),
        nav_show_django_admin=user.is_staff and is_privileged(user),
    )
    return context

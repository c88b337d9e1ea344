"""Who may open and post to the core pages: home, crisis help, health checks, the audit log."""

from django.urls import reverse

from tests.matrix import SIGN_IN, Route, only, signed_in_only


class World:
    def __init__(self, request):
        self.request = request


SITE_ADMINS = only({"site_admin": 200})
SITE_ADMINS_405 = only({"site_admin": 405})  # a POST to a read-only page the site admin may open

ROUTES = [
    Route("core:home", lambda w: reverse("core:home"), get=signed_in_only(), post=signed_in_only(405)),
    # Crisis help and health checks answer everyone, signed in or not; none of them takes a POST.
    Route("core:crisis", lambda w: reverse("core:crisis"), get={"*": 200}, post={"*": 405}),
    Route("core:healthz", lambda w: reverse("core:healthz"), get={"*": 200}, post={"*": 405}),
    Route("core:readyz", lambda w: reverse("core:readyz"), get={"*": 200}, post={"*": 405}),
    Route("core:audit_list", lambda w: reverse("core:audit_list"), get=SITE_ADMINS, post=SITE_ADMINS_405),
    Route("core:audit_export", lambda w: reverse("core:audit_export"), get=SITE_ADMINS, post=SITE_ADMINS_405),
]

__all__ = ["ROUTES", "SIGN_IN", "World"]

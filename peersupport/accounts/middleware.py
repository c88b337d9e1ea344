"""Sign-in rules that hold on every request: session lifetimes and the second-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from peersupport.accounts.access import SecondFactorRequired
from peersupport.accounts.roles import needs_second_factor

SESSION_LAST_SEEN = "ps_last_seen"
SESSION_SIGNED_IN_AT = "ps_signed_in_at"
# Writing the session on every request costs a query; a minute of slack on a 30-minute timeout does not.
_TOUCH_EVERY_SECONDS = 60


def mark_signed_in(session) -> None:
    """Start both session clocks; called at sign-in."""
    session[SESSION_SIGNED_IN_AT] = session[SESSION_LAST_SEEN] = time.time()


class SessionTimeoutMiddleware:
    """Ends a session after 30 idle minutes or 12 hours since sign-in, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(SESSION_LAST_SEEN)
            signed_in_at = request.session.get(SESSION_SIGNED_IN_AT)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if signed_in_at is None:
                mark_signed_in(request.session)
            elif now - last_seen > idle or now - signed_in_at > absolute:
                logout(request)
                messages.info(
                    request, _("You were signed out to keep your account safe. Please sign in again.")
                )
                return redirect_to_login(request.get_full_path())
            elif now - last_seen > _TOUCH_EVERY_SECONDS:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class PrivilegedAreaMiddleware:
    """Sends privileged people without a second factor to set one up: HR admins, site admins and programme
    leads before any privileged area, and anyone on a page whose power needs one (SecondFactorRequired)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(tuple(settings.PRIVILEGED_PATH_PREFIXES)) and needs_second_factor(
            request.user
        ):
            return self._set_one_up(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SecondFactorRequired):
            return self._set_one_up(request)
        return None

    @staticmethod
    def _set_one_up(request):
        messages.warning(
            request,
            _(
                "What you are about to open can reveal or change who sees confidential information, so it "
                "needs a second sign-in step. Please set one up to continue."
            ),
        )
        return redirect("mfa_activate_totp")

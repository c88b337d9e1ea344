"""Hooks into Django's sign-in signals: every sign-in, success or failure, leaves an audit row.

Signals are the only way into django.contrib.auth and allauth's flows; each receiver calls one service.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from peersupport.accounts.middleware import mark_signed_in
from peersupport.core.models import AuditEvent
from peersupport.core.services import audit_record


def _on_login(sender, request, user, **kwargs):
    mark_signed_in(request.session)
    audit_record(actor=user, action="accounts.login.succeeded", target=user, subject=user, request=request)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # The typed address is not stored; when it names a real account, that person can see the attempt.
    email = (credentials.get("email") or credentials.get("username") or "").strip()
    subject = get_user_model().objects.filter(email__iexact=email).first() if email else None
    audit_record(
        actor=None,
        action="accounts.login.failed",
        subject=subject,
        request=request,
        outcome=AuditEvent.Outcome.FAILURE,
    )


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="accounts.logout.done", target=user, subject=user, request=request)


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="peersupport.audit.login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="peersupport.audit.login_failed")
    user_logged_out.connect(_on_logout, dispatch_uid="peersupport.audit.logout")

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import services
from peersupport.accounts.models import EmailChange, Invitation
from peersupport.core.mail import send_templated_email

INVITATION_SALT = "peersupport.invitation"
EMAIL_CHANGE_CONFIRM_SALT = "peersupport.email-change.confirm"
EMAIL_CHANGE_CANCEL_SALT = "peersupport.email-change.cancel"
TRANSIENT_MAIL_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.public_id, salt=INVITATION_SALT)


def _send_claimed(model, pk: int, claim_field: str, send, **still) -> None:
    """Claim one e-mail of a row with a conditional UPDATE (only while the row is `still` as given), send
    it, and release the claim if sending fails, so that a retry or the sweep sends it."""
    now = timezone.now()
    claim = model.objects.filter(pk=pk, **{f"{claim_field}__isnull": True}, **still)
    if not claim.update(**{claim_field: now}):
        return
    try:
        send()
    except Exception:
        model.objects.filter(pk=pk, **{claim_field: now}).update(**{claim_field: None})
        raise


@shared_task(
    bind=True, autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=6
)
def send_invitation(self, invitation_id: int) -> None:
    """Send one invitation e-mail, once: the row is claimed with a conditional UPDATE before sending."""
    invitation = Invitation.objects.select_related("org_unit", "invited_by").filter(pk=invitation_id).first()
    if invitation is None:
        return
    _send_claimed(
        Invitation,
        invitation_id,
        "sent_at",
        lambda: send_templated_email(
            template="invitation",
            to=invitation.email,
            context={
                "invitation": invitation,
                "accept_url": settings.SITE_URL
                + reverse("accounts:invitation_accept", args=[invitation_token(invitation)]),
            },
            # Each (re)send has its own expiry, so a resent invitation is a new message, not a duplicate.
            message_id_key=f"invitation-{invitation.public_id}-{invitation.expires_at:%Y%m%d%H%M%S%f}",
        ),
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )


def email_change_path(change: EmailChange, *, cancel: bool = False) -> str:
    """The signed link that confirms an address change (sent to the new address) or stops it (the old)."""
    salt = EMAIL_CHANGE_CANCEL_SALT if cancel else EMAIL_CHANGE_CONFIRM_SALT
    name = "accounts:email_change_cancel" if cancel else "accounts:email_change_confirm"
    return reverse(name, args=[signing.dumps(change.public_id, salt=salt)])


@shared_task(
    bind=True, autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=6
)
def send_email_change_mails(self, change_id: int) -> None:
    """Tell the old address about an address change (with a link to stop it) and send the new address its
    confirmation link; each e-mail once."""
    change = EmailChange.objects.select_related("user").filter(pk=change_id).first()
    if change is None or not change.is_open:
        return
    context = {
        "change": change,
        "name": change.user.display_name,
        "confirm_url": settings.SITE_URL + email_change_path(change),
        "cancel_url": settings.SITE_URL + email_change_path(change, cancel=True),
    }
    _send_claimed(
        EmailChange,
        change.pk,
        "old_told_at",
        lambda: send_templated_email(
            template="email_change_notice",
            to=change.old_email,
            context=context,
            message_id_key=f"email-change-notice-{change.public_id}",
        ),
    )
    _send_claimed(
        EmailChange,
        change.pk,
        "sent_at",
        lambda: send_templated_email(
            template="email_change_confirm",
            to=change.new_email,
            context=context,
            message_id_key=f"email-change-confirm-{change.public_id}",
        ),
    )


@shared_task(
    bind=True, autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=6
)
def send_email_changed_notice(self, change_id: int) -> None:
    """Tell the old address, once, that the account now signs in with the new one."""
    change = EmailChange.objects.select_related("user").filter(pk=change_id, applied_at__isnull=False).first()
    if change is None:
        return
    _send_claimed(
        EmailChange,
        change.pk,
        "done_told_at",
        lambda: send_templated_email(
            template="email_changed",
            to=change.old_email,
            context={"change": change, "name": change.user.display_name},
            message_id_key=f"email-changed-{change.public_id}",
        ),
    )


@shared_task
def apply_due_email_changes() -> int:
    """Make confirmed address changes whose notice has run the sign-in address."""
    return services.email_changes_apply_due()


@shared_task
def send_pending_invitations() -> int:
    """Publish invitations and address-change e-mails never sent (the broker was down at the time)."""
    stale = timezone.now() - timedelta(minutes=2)
    for change_id in EmailChange.objects.filter(
        Q(sent_at__isnull=True) | Q(old_told_at__isnull=True),
        requested_at__lt=stale,
        applied_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).values_list("pk", flat=True)[:500]:
        send_email_change_mails.delay(change_id)
    for change_id in EmailChange.objects.filter(applied_at__lt=stale, done_told_at__isnull=True).values_list(
        "pk", flat=True
    )[:500]:
        send_email_changed_notice.delay(change_id)
    pending = Invitation.objects.filter(
        sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        created_at__lt=stale,
        expires_at__gt=timezone.now(),
    ).values_list("pk", flat=True)[:500]
    for invitation_id in pending:
        send_invitation.delay(invitation_id)
    return len(pending)


@shared_task
def build_data_export(export_id: int) -> None:
    """Build one person's data export and notify them."""
    services.data_export_build(export_id=export_id)


@shared_task
def requeue_pending_exports() -> int:
    """Publish exports still waiting because the broker was down when they were asked for."""
    return services.pending_exports_requeue()


@shared_task
def run_import_batch(batch_id: int) -> None:
    """Check and import one uploaded CSV of employees."""
    services.import_batch_run(batch_id=batch_id)

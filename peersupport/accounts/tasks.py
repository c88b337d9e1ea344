import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from peersupport.accounts import services
from peersupport.accounts.models import Invitation
from peersupport.core.mail import send_templated_email

INVITATION_SALT = "peersupport.invitation"
TRANSIENT_MAIL_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.public_id, salt=INVITATION_SALT)


@shared_task(
    bind=True, autoretry_for=TRANSIENT_MAIL_ERRORS, retry_backoff=30, retry_backoff_max=600, max_retries=6
)
def send_invitation(self, invitation_id: int) -> None:
    """Send one invitation e-mail, once: the row is claimed with a conditional UPDATE before sending."""
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=now)
    if not claimed:
        return
    invitation = Invitation.objects.select_related("org_unit", "invited_by").get(pk=invitation_id)
    try:
        send_templated_email(
            template="invitation",
            to=invitation.email,
            context={
                "invitation": invitation,
                "accept_url": settings.SITE_URL
                + reverse("accounts:invitation_accept", args=[invitation_token(invitation)]),
            },
            message_id_key=f"invitation-{invitation.public_id}",
        )
    except Exception:
        # Release the claim so that the retry (or the minute sweep) can send it.
        Invitation.objects.filter(pk=invitation_id, sent_at=now).update(sent_at=None)
        raise


@shared_task
def send_pending_invitations() -> int:
    """Publish invitations whose e-mail was never sent (the broker was down when they were created)."""
    stale = timezone.now() - timedelta(minutes=2)
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

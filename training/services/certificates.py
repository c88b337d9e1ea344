"""Peer-supporter certificates: issued when every required module is passed, renewed by a refresher,
reminded about before they expire; and the holder's choice to let the verification link show them."""

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peersupport.core.public_ids import new_public_id
from peersupport.core.services import audit_record
from peersupport.notifications.services import cancel, notify
from training import kinds, selectors
from training.models import Certificate

# Reminders before a certificate expires, in days; a last notice when it has.
REMINDER_DAYS = (60, 14)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def certificate_topic(certificate: Certificate) -> str:
    return f"training-certificate:{certificate.pk}"


def _schedule_expiry_notices(certificate: Certificate) -> None:
    """Cancel what was scheduled for the old expiry date and schedule this one's: 60 and 14 days before,
    and on the day (which also says why the person left the directory)."""
    cancel(recipient=certificate.user, topic=certificate_topic(certificate))
    now = timezone.now()
    expires = certificate.expires_at
    when = date_format(timezone.localtime(expires), "j F Y")
    url = selectors.refresher_url()
    stamp = expires.strftime("%Y%m%d%H%M")
    for days in REMINDER_DAYS:
        due = expires - timedelta(days=days)
        if due <= now:
            continue
        notify(
            recipient=certificate.user,
            kind=kinds.CERTIFICATE_EXPIRING,
            idempotency_key=f"training-expiry:{certificate.pk}:{stamp}:{days}",
            due_at=due,
            url=url,
            topic=certificate_topic(certificate),
            context={
                "headline": _("Your peer-supporter certificate expires on %(date)s") % {"date": when},
                "message": _(
                    "The short refresher module renews it for another %(months)s months. Until %(date)s "
                    "you remain a peer supporter."
                )
                % {"months": settings.TRAINING_CERTIFICATE_MONTHS, "date": when},
            },
        )
    notify(
        recipient=certificate.user,
        kind=kinds.CERTIFICATE_EXPIRING,
        idempotency_key=f"training-expired:{certificate.pk}:{stamp}",
        due_at=expires,
        url=url,
        topic=certificate_topic(certificate),
        context={
            "headline": _("Your peer-supporter certificate has expired"),
            "message": _(
                "It expired on %(date)s, so you are no longer shown as a peer supporter or listed in the "
                "supporters directory. Complete the refresher module to renew it; your choices are kept."
            )
            % {"date": when},
        },
    )


def _tell_issued(certificate: Certificate, *, renewed: bool) -> None:
    when = date_format(timezone.localtime(certificate.expires_at), "j F Y")
    notify(
        recipient=certificate.user,
        kind=kinds.CERTIFICATE_ISSUED,
        idempotency_key=f"training-issued:{certificate.pk}:{certificate.expires_at.strftime('%Y%m%d%H%M')}",
        url=reverse("training:certificate"),
        topic=certificate_topic(certificate),
        context={
            "headline": _("Your certificate is renewed") if renewed else _("You are now a peer supporter"),
            "message": _(
                "Your peer-supporter certificate is valid until %(date)s. On its page you can print it, "
                "and choose whether colleagues see your badge and find you in the supporters directory."
            )
            % {"date": when},
        },
    )


def certificate_issue(*, user, at: datetime | None = None) -> Certificate:
    """Called when `user` has passed every required module: their first certificate, with its expiry
    notices scheduled. Someone who holds one already keeps it (an expired one is renewed by a refresher)."""
    now = at or timezone.now()
    expires = add_months(now, settings.TRAINING_CERTIFICATE_MONTHS)
    certificate = Certificate.objects.select_for_update().filter(user=user).first()
    if certificate is not None:
        return certificate  # current, or expired: the refresher renews it
    certificate = Certificate.objects.create(user=user, issued_at=now, expires_at=expires)
    _schedule_expiry_notices(certificate)
    _tell_issued(certificate, renewed=False)
    # Which modules it was issued for, so a later change to what is required can be traced.
    audit_record(
        actor=user,
        action="training.certificate.issued",
        target=certificate,
        subject=user,
        metadata={"modules": sorted(selectors.required_modules().values_list("public_id", flat=True))},
    )
    return certificate


def certificate_renew(*, user, at: datetime | None = None) -> Certificate | None:
    """Called when `user` completes a refresher: their certificate, current or expired, runs for a new term
    from today; the reminders for the old date are cancelled. Nothing for someone without one."""
    now = at or timezone.now()
    certificate = Certificate.objects.select_for_update().filter(user=user).first()
    if certificate is None:
        return None
    certificate.renewed_at = now
    certificate.expires_at = add_months(now, settings.TRAINING_CERTIFICATE_MONTHS)
    certificate.save(update_fields=["renewed_at", "expires_at"])
    _schedule_expiry_notices(certificate)
    _tell_issued(certificate, renewed=True)
    audit_record(actor=user, action="training.certificate.renewed", target=certificate, subject=user)
    return certificate


@transaction.atomic
def certificate_sharing_set(*, actor, allowed: bool) -> Certificate:
    """The holder only: let the verification link show their name and validity, or stop it."""
    certificate = Certificate.objects.select_for_update().get(user=actor)
    if certificate.verification_allowed != allowed:
        certificate.verification_allowed = allowed
        if allowed:
            # A new address each time it is switched on: a link that was passed on before stays dead.
            certificate.code = new_public_id()
        certificate.save(update_fields=["verification_allowed", "code"])
        audit_record(
            actor=actor,
            action="training.certificate.shared" if allowed else "training.certificate.unshared",
            target=certificate,
            subject=actor,
        )
    return certificate


def certificates_issue_due() -> int:
    """Everyone who now meets what is required but holds no certificate gets one: run after a programme
    lead unpublishes a required module or stops requiring one, and hourly as a safety net."""
    issued = 0
    for user in get_user_model().objects.filter(
        pk__in=selectors.qualified_without_certificate(), is_active=True
    ):
        with transaction.atomic():
            certificate_issue(user=user)
        issued += 1
    return issued

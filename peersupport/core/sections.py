"""The core app's part of a person's data: the audit rows about them and by them."""

from django.utils.translation import gettext_lazy as _

from peersupport.core.models import AuditEvent
from peersupport.core.personal_data import ACTION_LABELS, VALUE_LABELS, Section, register


def _audit(user):
    rows = AuditEvent.objects.filter(subject=user) | AuditEvent.objects.filter(actor=user)
    return [
        {
            "time": event.occurred_at.isoformat(),
            "action": event.action,
            "by_me": event.actor_id == user.pk,
            "about_me": event.subject_id == user.pk,
            "outcome": event.outcome,
            "ip_address": event.ip_address,
        }
        for event in rows.order_by("occurred_at")
    ]


register(
    Section(
        "audit",
        str(_("Security and access log")),
        ("core.auditevent",),
        export=_audit,
        # Kept on erasure: the rows point at the pseudonymised account and hold no name, address or content.
        who_can_see=lambda user: str(_("You, and site admins who look after the installation.")),
    )
)

ACTION_LABELS.update(
    {
        "core.audit.viewed": _("Looked at the audit log"),
        "core.audit.exported": _("Downloaded the audit log"),
    }
)

for _code, _label in AuditEvent.Outcome.choices:
    VALUE_LABELS.setdefault(_code, _label)

from typing import Any

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from peersupport.core.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    subject=None,
    request=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    metadata: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event inside the caller's transaction. Callers pass ids and counts, never content."""
    target_id = ""
    if target is not None:
        target_id = str(getattr(target, "public_id", None) or target.pk)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label="" if getattr(actor, "is_authenticated", False) else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target_id,
        subject=subject,
        ip_address=_client_ip(request),
        outcome=outcome,
        metadata=metadata or {},
    )


def _client_ip(request) -> str | None:
    if request is None:
        return None
    # allauth resolves the client address with the trusted-proxy setting, so audit rows and rate limits agree.
    try:
        return get_adapter().get_client_ip(request)
    except ImproperlyConfigured:  # A forwarding header shorter than the proxy count must not lose the row.
        return request.META.get("REMOTE_ADDR")

from django.http import Http404

AUDIT_VIEW_PERMISSION = "core.view_auditevent"


def require_audit_viewer(*, actor) -> None:
    """Site admins read the audit log; for anyone else the page does not exist (404)."""
    if not (actor.is_authenticated and actor.has_perm(AUDIT_VIEW_PERMISSION)):
        raise Http404

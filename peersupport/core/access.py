from django.http import Http404

from peersupport.core.permissions import VIEW_AUDIT


def require_audit_viewer(*, actor) -> None:
    """Site admins read the audit log; for anyone else the page does not exist (404)."""
    if not (actor.is_authenticated and actor.has_perm(VIEW_AUDIT)):
        raise Http404

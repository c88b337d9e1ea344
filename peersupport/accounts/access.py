from django.http import Http404

from peersupport.accounts.models import ImportBatch, Invitation

MANAGE_PEOPLE = "accounts.manage_people"


def require_manage_people(*, actor) -> None:
    """Site admins only; anyone else gets a 404 so that the management area does not advertise itself."""
    if not (actor.is_authenticated and actor.has_perm(MANAGE_PEOPLE)):
        raise Http404


def access_import_batch(*, actor, public_id: str) -> ImportBatch:
    """One CSV import, for people who may manage people."""
    require_manage_people(actor=actor)
    try:
        return ImportBatch.objects.defer("content").get(public_id=public_id)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def access_invitation(*, actor, public_id: str) -> Invitation:
    """One invitation, for people who may manage people."""
    require_manage_people(actor=actor)
    try:
        return Invitation.objects.select_related("org_unit").get(public_id=public_id)
    except Invitation.DoesNotExist:
        raise Http404 from None


def access_data_export(*, actor, public_id: str, need_ready: bool = False):
    """One of the actor's own data exports; anyone else's (or, with need_ready, an expired one) is a 404."""
    from peersupport.accounts.models import DataExport

    export = DataExport.objects.filter(user=actor, public_id=public_id).first()
    if export is None or (need_ready and not export.is_available):
        raise Http404
    return export

from django.http import Http404

from peersupport.accounts import selectors
from peersupport.accounts.models import ImportBatch, Invitation
from peersupport.accounts.roles import lacks_second_factor
from peersupport.core.permissions import MANAGE_PEOPLE


class SecondFactorRequired(Exception):
    """Raised after an access check passed, on a page whose power needs a second factor; the middleware
    sends the person to set one up (so out-of-world objects stay 404s whatever the person's factors)."""


def require_second_factor(*, actor) -> None:
    """Pages that change who sees confidential content (appointing, letting people in, break-glass) need a
    second factor, whatever role opened them. Call it after the access check."""
    if lacks_second_factor(actor):
        raise SecondFactorRequired


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


def invitation_proven_by_link(request):
    """The open invitation whose signed link was opened in this session (allauth stashes its address as
    verified), or None."""
    email = request.session.get("account_verified_email") if request is not None else None
    return selectors.invitation_open_for_email(email=email) if email else None

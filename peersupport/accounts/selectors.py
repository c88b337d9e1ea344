from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from peersupport.accounts.models import ImportBatch, Invitation, OrgUnit, User
from peersupport.accounts.roles import ROLES


def org_unit_paths() -> dict[int, str]:
    """Every org unit's full path ("Operations / Finance / Payroll") by id; the tree is small."""
    units = {unit.pk: unit for unit in OrgUnit.objects.only("pk", "name", "parent_id")}
    paths: dict[int, str] = {}

    def path_of(unit_id: int) -> str:
        if unit_id not in paths:
            unit = units[unit_id]
            paths[unit_id] = (
                unit.name if unit.parent_id is None else f"{path_of(unit.parent_id)} / {unit.name}"
            )
        return paths[unit_id]

    for unit_id in units:
        path_of(unit_id)
    return paths


def org_unit_get(*, pk: int) -> OrgUnit:
    """One org unit (the names of org units are not confidential)."""
    return OrgUnit.objects.get(pk=pk)


def org_unit_choices() -> list[tuple[int, str]]:
    """(id, path) for every org unit, sorted by path, for forms; anyone signing up may see these."""
    return sorted(org_unit_paths().items(), key=lambda item: item[1].lower())


def signup_email_allowed(*, email: str, invitation=None) -> bool:
    """Sign-up is open to the organisation's own e-mail domains, and to the address of an invitation whose
    link the person opened (`invitation`, proven by that link; never looked up from the typed address)."""
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.SIGNUP_ALLOWED_EMAIL_DOMAINS or (
        invitation is not None and invitation.email.lower() == email
    )


def _open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_open_for_email(*, email: str) -> Invitation | None:
    """The open invitation for an address, if any; used by sign-up and by invitation checks."""
    return _open_invitations().filter(email__iexact=email.strip()).select_related("org_unit").first()


def invitation_open_emails(*, emails: set[str]) -> list[str]:
    """Which of these lower-cased addresses already have an open invitation."""
    return list(
        _open_invitations().annotate(e=Lower("email")).filter(e__in=emails).values_list("e", flat=True)
    )


def invitation_list(*, actor) -> QuerySet[Invitation]:
    """Invitations for the people-management page; the view checks the actor may manage people."""
    return Invitation.objects.select_related("org_unit", "invited_by").order_by("-created_at")


def org_unit_with_descendants(*, pk: int) -> set[int]:
    """The ids of an org unit and every unit below it (the tree is small, so it is walked in Python)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found, todo = set(), [pk]
    while todo:
        unit_id = todo.pop()
        if unit_id not in found:
            found.add(unit_id)
            todo.extend(children.get(unit_id, []))
    return found


def person_list(
    *, actor, search: str = "", org_unit_id: int | None = None, role: str = "", active: bool | None = None
) -> QuerySet[User]:
    """People for the people-management page (the view checks the actor may manage people): name, address,
    team, global roles and whether the account is active; nothing about groups they belong to. Erased
    accounts (pseudonymised in place) are left out."""
    people = (
        User.objects.exclude(email__endswith="@erased.invalid")
        .select_related("org_unit")
        .prefetch_related("groups")
        .order_by(Lower("display_name"), "pk")
    )
    if search:
        people = people.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    if org_unit_id is not None:
        people = people.filter(org_unit_id__in=org_unit_with_descendants(pk=org_unit_id))
    if role in ROLES:
        people = people.filter(groups__name=role)
    elif role == "none":
        people = people.exclude(groups__name__in=ROLES)
    if active is not None:
        people = people.filter(is_active=active)
    return people


def import_batch_list(*, actor) -> QuerySet[ImportBatch]:
    """Recent CSV imports for the people-management page, without their file contents."""
    return ImportBatch.objects.defer("content").select_related("created_by").order_by("-created_at")


def invitation_open_by_public_id(*, public_id: str) -> Invitation | None:
    """The open invitation behind a signed invitation link, if it is still open."""
    return _open_invitations().filter(public_id=public_id).first()


def access_log_for(*, actor):
    """The audit rows about the actor's own data, newest first: what was done, when, by whom (as a role)."""
    from peersupport.core.models import AuditEvent

    return AuditEvent.objects.filter(subject=actor).select_related("actor").order_by("-occurred_at", "-id")


def data_export_list(*, actor):
    """The actor's own data exports, without their contents."""
    from peersupport.accounts.models import DataExport

    return DataExport.objects.filter(user=actor).defer("content").order_by("-requested_at")


def email_change_open_for(*, user):
    """The admin-asked address change that has not happened yet (waiting for the new mailbox or for its
    notice to run), if any."""
    return _open_email_changes().filter(user=user).select_related("user").first()


def email_change_by_public_id(*, public_id: str):
    """An address change that has not happened yet, behind a signed link, or None."""
    return _open_email_changes().filter(public_id=public_id).select_related("user").first()


def email_change_to_stop(*, public_id: str):
    """What a stop link stops: its own change, or, when a site admin asked again since, the person's change
    that is open now (a newer request must not make the older stop link useless)."""
    from peersupport.accounts.models import EmailChange

    change = EmailChange.objects.filter(public_id=public_id).select_related("user").first()
    return email_change_open_for(user=change.user) if change is not None else None


def _open_email_changes():
    from django.db.models import Q

    from peersupport.accounts.models import EmailChange

    return EmailChange.objects.filter(applied_at__isnull=True, cancelled_at__isnull=True).filter(
        Q(confirmed_at__isnull=False) | Q(expires_at__gt=timezone.now())
    )

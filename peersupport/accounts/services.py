import csv
import io
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from peersupport.accounts import roles, selectors
from peersupport.accounts.models import DataExport, EmailChange, ImportBatch, Invitation, OrgUnit, User
from peersupport.core import personal_data
from peersupport.core.exceptions import ApplicationError
from peersupport.core.queue import enqueue_on_commit
from peersupport.core.services import audit_record
from peersupport.notifications import kinds
from peersupport.notifications.services import notify, notify_many

IMPORT_COLUMNS = ("email", "name", "org_unit")
BUILD_EXPORT_TASK = "peersupport.accounts.tasks.build_data_export"
IMPORT_MAX_ROWS = 20_000
# Progress is written every so many rows: often enough to move the bar, rarely enough to stay cheap.
IMPORT_PROGRESS_EVERY = 250


class RoleError(ApplicationError):
    pass


class InvitationError(ApplicationError):
    pass


def roles_sync() -> None:
    """Make the role groups and their permissions match roles.ROLES. Safe to call any number of times."""
    for name, (_label, perm_names) in roles.ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = []
        for dotted in perm_names:
            app_label, codename = dotted.split(".")
            perms.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(perms)


def roles_sync_from_migrate(**kwargs) -> None:
    roles_sync()


def role_grant(*, actor, user: User, role: str, request=None) -> User:
    """Give a global role; site admins (or the command line, actor=None) only, never to oneself. Audited."""
    if actor is not None and actor.pk == user.pk:
        # Nobody widens their own powers: another site admin grants it, or the operator's command line.
        raise RoleError(_("You cannot give yourself a role; ask another site admin."))
    if not user.is_active:
        raise RoleError(
            _("%(user)s is deactivated; reactivate them before granting a role.") % {"user": user}
        )
    return _role_change(actor=actor, user=user, role=role, grant=True, request=request)


def role_revoke(*, actor, user: User, role: str, request=None) -> User:
    """Take a global role away; site admins (or the command line) only. Audited."""
    return _role_change(actor=actor, user=user, role=role, grant=False, request=request)


ONLY_SITE_ADMIN = _lazy("%(user)s is the only site admin; give the role to someone else first.")


def is_last_site_admin(user: User) -> bool:
    """Whether taking this person's site-admin role away (or their account) would leave nobody to run the
    installation."""
    admins = User.objects.filter(groups__name=roles.SITE_ADMIN, is_active=True)
    return admins.filter(pk=user.pk).exists() and not admins.exclude(pk=user.pk).exists()


@transaction.atomic
def _role_change(*, actor, user: User, role: str, grant: bool, request) -> User:
    if role not in roles.ROLES:
        raise RoleError(_("There is no role called “%(role)s”.") % {"role": role})
    group = Group.objects.get(name=role)
    if user.groups.filter(pk=group.pk).exists() == grant:
        return user  # nothing to change, nothing to audit
    if not grant and role == roles.SITE_ADMIN and is_last_site_admin(user):
        raise RoleError(ONLY_SITE_ADMIN % {"user": user})
    (user.groups.add if grant else user.groups.remove)(group)
    # The site admin role is what opens the Django admin; a superuser keeps it regardless.
    if role == roles.SITE_ADMIN and user.is_staff != (grant or user.is_superuser):
        user.is_staff = grant or user.is_superuser
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)
    event = audit_record(
        actor=actor,
        action="accounts.role.granted" if grant else "accounts.role.revoked",
        target=user,
        subject=user,
        request=request,
        metadata={"role": role},
    )
    # People are always told when their powers change: no one gains access to more without knowing.
    notify(
        recipient=user,
        kind=kinds.ROLE_CHANGED,
        idempotency_key=f"role-changed:{event.pk}",
        context={"role_label": str(roles.ROLES[role][0]), "granted": grant},
        url=reverse("accounts:privacy"),
    )
    if role in roles.PRIVILEGED_ROLES:
        label = str(roles.ROLES[role][0]).lower()
        headline = (
            _("%(user)s was given the %(role)s role") if grant else _("%(user)s lost the %(role)s role")
        ) % {"user": user, "role": label}
        _announce_to_site_admins(actor=actor, about=user, event=event, headline=headline)
    return user


def _announce_to_site_admins(*, actor, about: User, event, headline: str) -> None:
    """Every other site admin hears when someone gains or loses a privileged role, or a site admin is
    switched off: one admin cannot quietly assemble the people who see programme-wide data or decide
    break-glass requests, nor quietly remove the colleagues who would notice."""
    others = (
        User.objects.filter(groups__name=roles.SITE_ADMIN, is_active=True)
        .exclude(pk=about.pk)
        .exclude(pk=getattr(actor, "pk", None) or 0)
    )
    done_by = actor.display_name if actor is not None else _("the command line")
    notify_many(
        recipients=list(others),
        kind=kinds.PRIVILEGED_ROLE_GRANTED,
        idempotency_prefix=f"role-announced:{event.pk}",
        url=reverse("core:audit_list"),
        context={
            "headline": headline,
            "message": _("Done by %(actor)s. If you did not expect this, look into it.") % {"actor": done_by},
        },
    )


@transaction.atomic
def user_deactivate(*, actor, user: User, request=None) -> User:
    """Switch an account off and end every session it has, at once. Site admins only. Audited."""
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(_("You cannot deactivate your own account here."))
    if is_last_site_admin(user):
        raise ApplicationError(ONLY_SITE_ADMIN % {"user": user})
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    for session in UserSession.objects.filter(user=user):
        session.end()
    event = audit_record(
        actor=actor, action="accounts.user.deactivated", target=user, subject=user, request=request
    )
    # The person hears it (by e-mail: they can no longer sign in), and so do the other site admins when a
    # privileged account is switched off.
    notify(recipient=user, kind=kinds.ACCOUNT_DEACTIVATED, idempotency_key=f"deactivated:{event.pk}")
    if roles.role_names(user) & roles.PRIVILEGED_ROLES:
        headline = _("%(user)s's account was switched off") % {"user": user}
        _announce_to_site_admins(actor=actor, about=user, event=event, headline=headline)
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User, request=None) -> User:
    """Switch an account back on. Site admins only. Audited."""
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    audit_record(actor=actor, action="accounts.user.reactivated", target=user, subject=user, request=request)
    return user


@transaction.atomic
def user_signup_complete(*, user: User, invitation: Invitation | None, request=None) -> User:
    """Save a person who just signed up and, when they came through an invitation, mark it accepted. The team
    the person chose stands (the form offered the invitation's); without one, the invitation's applies."""
    if invitation is not None and not user.org_unit_id:
        user.org_unit_id = invitation.org_unit_id
    user.save()
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    audit_record(
        actor=user,
        action="accounts.user.signed_up",
        target=user,
        subject=user,
        request=request,
        metadata={"via_invitation": invitation is not None},
    )
    return user


def profile_update(*, actor: User, display_name: str, pronouns: str, timezone_name: str) -> User:
    """Change one's own name, pronouns and timezone."""
    actor.display_name = display_name
    actor.pronouns = pronouns
    actor.timezone = timezone_name
    actor.save(update_fields=["display_name", "pronouns", "timezone"])
    return actor


def _retire_expired_invitations(emails: set[str]) -> None:
    """Expired invitations make room for new ones to the same addresses."""
    Invitation.objects.annotate(e=Lower("email")).filter(
        e__in=emails, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now()
    ).update(revoked_at=timezone.now())


def _check_can_invite(email: str) -> str:
    email = email.strip().lower()
    _retire_expired_invitations({email})
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationError(_("%(email)s already has an account.") % {"email": email}, field="email")
    if selectors.invitation_open_for_email(email=email) is not None:
        raise InvitationError(
            _("%(email)s already has an open invitation.") % {"email": email}, field="email"
        )
    return email


@transaction.atomic
def invitation_create(*, actor, email: str, display_name: str, org_unit: OrgUnit, request=None) -> Invitation:
    """Invite one person; site admins only. The e-mail is queued after commit."""
    invitation = Invitation.objects.create(
        email=_check_can_invite(email),
        display_name=display_name.strip(),
        org_unit=org_unit,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(actor=actor, action="accounts.invitation.created", target=invitation, request=request)
    _queue_invitation_email(invitation)
    return invitation


def _lock_unanswered(invitation: Invitation) -> Invitation:
    """The invitation, locked, if nobody has accepted it and nobody has withdrawn it; else a domain error."""
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or locked.accepted_at is not None:
        raise InvitationError(_("%(email)s has already joined.") % {"email": invitation.email})
    if locked.revoked_at is not None:
        raise InvitationError(_("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return locked


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation, request=None) -> Invitation:
    """Send an unanswered invitation again with a fresh link, valid for the full period again (an expired
    one comes back to life unless the address has an account by now). Site admins only."""
    invitation = _lock_unanswered(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(_("%(email)s already has an account.") % {"email": invitation.email})
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.sent_at = None  # the send task claims the row again and sends once
    invitation.save(update_fields=["expires_at", "sent_at"])
    audit_record(actor=actor, action="accounts.invitation.resent", target=invitation, request=request)
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation, request=None) -> Invitation:
    """Withdraw an invitation nobody has answered; its link stops working. Site admins only."""
    invitation = _lock_unanswered(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="accounts.invitation.revoked", target=invitation, request=request)
    return invitation


def _queue_invitation_email(invitation: Invitation) -> None:
    enqueue_on_commit("peersupport.accounts.tasks.send_invitation", invitation.pk)


def import_batch_create(*, actor, file_name: str, content: str, request=None) -> ImportBatch:
    """Queue an uploaded CSV for import; site admins only. Nothing is imported unless every row checks."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        running = ImportBatch.objects.filter(
            created_by=actor, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.CHECKING]
        ).first()
        if running is not None:  # one import at a time per person
            raise InvitationError(
                _("Your last import is still being checked. Wait for it to finish, then upload this file."),
                field="file",
            )
        batch = ImportBatch.objects.create(created_by=actor, file_name=file_name[:255], content=content)
        audit_record(actor=actor, action="accounts.import.started", target=batch, request=request)
        enqueue_on_commit("peersupport.accounts.tasks.run_import_batch", batch.pk)
    return batch


def import_batch_run(*, batch_id: int) -> ImportBatch | None:
    """Check every row of a queued import, then create all its invitations in one transaction, or none.

    Runs in a Celery task. Claims the batch with a conditional UPDATE so that a second delivery does nothing.
    """
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.CHECKING
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    rows, errors = _parse_import(batch.content)
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=len(rows))

    checked = []
    unit_by_path = {path.lower(): unit_id for unit_id, path in selectors.org_unit_paths().items()}
    existing = _existing_addresses([row["email"] for _line, row in rows])
    first_line_for = {}
    for index, (line, row) in enumerate(rows, start=1):
        problem, email, unit_id = _check_import_row(row, unit_by_path, existing, first_line_for, line)
        if problem:
            errors.append({"row": line, "message": problem})
        else:
            checked.append((email, row["name"].strip(), unit_id))
        if index % IMPORT_PROGRESS_EVERY == 0:
            ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=index)
    ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=len(rows))

    if errors or not checked:
        if not errors:
            errors.append({"row": None, "message": _("The file has no rows to import.")})
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, errors=errors, finished_at=timezone.now(), content=""
        )
        return ImportBatch.objects.get(pk=batch.pk)

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING)
    expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    with transaction.atomic():
        _retire_expired_invitations({email for email, _name, _unit in checked})
        invitations = Invitation.objects.bulk_create(
            Invitation(
                email=email,
                display_name=name,
                org_unit_id=unit_id,
                invited_by=batch.created_by,
                batch=batch,
                expires_at=expires_at,
            )
            for email, name, unit_id in checked
        )
        # The uploaded file is not needed any more; keeping it would keep everyone's addresses twice.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE,
            created_count=len(invitations),
            finished_at=timezone.now(),
            content="",
        )
        audit_record(
            actor=batch.created_by,
            action="accounts.import.finished",
            target=batch,
            metadata={"invitations": len(invitations)},
        )
        for invitation in Invitation.objects.filter(batch=batch).only("pk"):
            _queue_invitation_email(invitation)
    return ImportBatch.objects.get(pk=batch.pk)


def _parse_import(content: str) -> tuple[list[tuple[int, dict]], list[dict]]:
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in IMPORT_COLUMNS if column not in header]
    if missing:
        message = _("The first row must name the columns email, name and org_unit; missing: %(missing)s.") % {
            "missing": ", ".join(missing)
        }
        return [], [{"row": 1, "message": message}]
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # Blank lines are not mistakes.
        rows.append((reader.line_num, {key: (row.get(key) or "") for key in IMPORT_COLUMNS}))
        if len(rows) > IMPORT_MAX_ROWS:
            message = _("The file has more than %(max)s rows; split it into smaller files.") % {
                "max": IMPORT_MAX_ROWS
            }
            return [], [{"row": None, "message": message}]
    return rows, []


def _existing_addresses(emails: list[str]) -> set[str]:
    lowered = {email.strip().lower() for email in emails}
    taken = set(User.objects.annotate(e=Lower("email")).filter(e__in=lowered).values_list("e", flat=True))
    taken |= set(selectors.invitation_open_emails(emails=lowered))
    return taken


def _check_import_row(row, unit_by_path, existing, first_line_for, line):
    email = row["email"].strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not a valid e-mail address.") % {"email": row["email"].strip()}, None, None
    if not row["name"].strip():
        return _("The name is empty."), None, None
    path = " / ".join(part.strip() for part in row["org_unit"].split("/") if part.strip())
    unit_id = unit_by_path.get(path.lower())
    if unit_id is None:
        return _("There is no org unit “%(path)s”.") % {"path": row["org_unit"].strip()}, None, None
    if email in first_line_for:
        return (
            _("%(email)s appears twice in this file (first on row %(row)s).")
            % {"email": email, "row": first_line_for[email]},
            None,
            None,
        )
    first_line_for[email] = line
    if email in existing:
        return _("%(email)s already has an account or an open invitation.") % {"email": email}, None, None
    return None, email, unit_id


EXPORT_KEEP_DAYS = 7
ERASED_NAME = "Former member"


def data_export_request(*, actor: User, request=None) -> DataExport:
    """Start a copy of everything stored about the actor; built by a task, announced by a notification.

    One at a time: while an export is being prepared, asking again returns that one (a loop of requests
    must not fill the queue that other people's messages wait in).
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one request at a time per person
        waiting = DataExport.objects.filter(user=actor, status=DataExport.Status.PENDING).first()
        if waiting is not None:
            return waiting
        export = DataExport.objects.create(
            user=actor, expires_at=timezone.now() + timedelta(days=EXPORT_KEEP_DAYS)
        )
        audit_record(
            actor=actor, action="accounts.export.requested", target=export, subject=actor, request=request
        )
        enqueue_on_commit(BUILD_EXPORT_TASK, export.pk)
    return export


def data_export_build(*, export_id: int) -> DataExport | None:
    """Fill a pending export and tell its owner. Runs in a task; a second delivery does nothing."""
    export = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=DataExport.Status.PENDING)
        .first()
    )
    if export is None:
        return None
    content = {
        "exported_at": timezone.now().isoformat(),
        "about": "Everything the Peer Support Programme stores about you.",
        **personal_data.export_everything(export.user),
    }
    with transaction.atomic():
        claimed = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.READY, content=content, finished_at=timezone.now()
        )
        if claimed:
            notify(
                recipient=export.user,
                kind=kinds.EXPORT_READY,
                idempotency_key=f"export-ready:{export.public_id}",
                url=reverse("accounts:data_export_detail", args=[export.public_id]),
                target=export,
            )
    return DataExport.objects.get(pk=export.pk)


def pending_exports_requeue() -> int:
    """Publish exports that are still waiting (the broker was down when they were asked for)."""
    stale = DataExport.objects.filter(
        status=DataExport.Status.PENDING, requested_at__lt=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)
    for export_id in stale:
        enqueue_on_commit(BUILD_EXPORT_TASK, export_id)
    return len(stale)


@transaction.atomic
def account_erase(*, actor: User, keep_posts: bool, request=None) -> User:
    """Delete the actor's own account: every app erases its part, then the account is pseudonymised.

    Afterwards no table holds the person's name or e-mail address; audit rows keep pointing at the
    pseudonymous account. With keep_posts, posts stay under a tombstone ("Former member").
    """
    user = User.objects.select_for_update().get(pk=actor.pk)
    personal_data.erase_everything(user, keep_posts=keep_posts)
    user.email = f"erased-{user.public_id}@erased.invalid"
    user.display_name = ERASED_NAME
    user.pronouns = ""
    user.org_unit = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(
        actor=user,
        action="accounts.user.erased",
        target=user,
        subject=user,
        request=request,
        metadata={"posts_kept": keep_posts},
    )
    return user


def data_export_downloaded(*, actor: User, export: DataExport, request=None) -> None:
    """Record a download of one's own export, so that it shows in the privacy centre."""
    audit_record(
        actor=actor, action="accounts.export.downloaded", target=export, subject=actor, request=request
    )


EMAIL_CHANGE_VALID_DAYS = 7


class EmailChangeError(ApplicationError):
    pass


@transaction.atomic
def email_change_request(*, actor, user: User, new_email: str, request=None) -> EmailChange:
    """A site admin asks to move someone's sign-in address. Audited; the person is told at the old address.

    Nothing changes until the new address is confirmed from its mailbox and EMAIL_CHANGE_NOTICE_HOURS have
    passed (email_change_confirm, email_change_apply): an address an admin controls can neither sign in
    nor receive a password reset before then, and the person has time to stop it.
    """
    new_email = new_email.strip().lower()
    if new_email == user.email.lower():
        raise EmailChangeError(_("That is already their address."), field="new_email")
    if User.objects.filter(email__iexact=new_email).exists():
        raise EmailChangeError(_("Another account uses that address."), field="new_email")
    now = timezone.now()
    EmailChange.objects.filter(user=user, applied_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    change = EmailChange.objects.create(
        user=user,
        old_email=user.email,
        new_email=new_email,
        requested_by=actor,
        expires_at=now + timedelta(days=EMAIL_CHANGE_VALID_DAYS),
        effective_at=now + timedelta(hours=settings.EMAIL_CHANGE_NOTICE_HOURS),
    )
    audit_record(
        actor=actor, action="accounts.email.change_requested", target=user, subject=user, request=request
    )
    # The old address hears about it at once, with a link to stop it; the in-app notice says the same.
    notify(
        recipient=user,
        kind=kinds.EMAIL_CHANGE_REQUESTED,
        idempotency_key=f"email-change:{change.public_id}",
        url=reverse("accounts:privacy"),
        context={"new_email": new_email},
    )
    enqueue_on_commit("peersupport.accounts.tasks.send_email_change_mails", change.pk)
    return change


@transaction.atomic
def email_change_confirm(*, change: EmailChange, request=None) -> EmailChange:
    """The new mailbox confirms. The change happens now if the notice has run, else when it has."""
    change = EmailChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    if not change.is_open or change.confirmed_at is not None:
        raise EmailChangeError(_("This link has expired, was used already, or the change was stopped."))
    change.confirmed_at = timezone.now()
    change.save(update_fields=["confirmed_at"])
    audit_record(
        actor=None, action="accounts.email.change_confirmed", target=change.user, subject=change.user,
        request=request,
    )  # fmt: skip
    if change.effective_at <= timezone.now():
        email_change_apply(change=change)
    return change


@transaction.atomic
def email_change_apply(*, change: EmailChange) -> User | None:
    """Make a confirmed change whose notice has run the sign-in address. Audited; the old address is told;
    every session ends. Safe to run twice (beat and the confirmation may race)."""
    claimed = EmailChange.objects.filter(
        pk=change.pk,
        applied_at__isnull=True,
        cancelled_at__isnull=True,
        confirmed_at__isnull=False,
        effective_at__lte=timezone.now(),
    ).update(applied_at=timezone.now())
    if not claimed:
        return None
    change = EmailChange.objects.select_related("user").get(pk=change.pk)
    user = change.user
    if User.objects.filter(email__iexact=change.new_email).exclude(pk=user.pk).exists():
        EmailChange.objects.filter(pk=change.pk).update(applied_at=None, cancelled_at=timezone.now())
        return None  # someone took the address meanwhile: the change cannot happen
    user.email = change.new_email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=change.new_email, verified=True, primary=True)
    audit_record(actor=None, action="accounts.email.changed", target=user, subject=user)
    # Every session that was signed in with the old address ends: whoever holds it signs in again.
    for session in UserSession.objects.filter(user=user):
        session.end()
    enqueue_on_commit("peersupport.accounts.tasks.send_email_changed_notice", change.pk)
    return user


def email_changes_apply_due() -> int:
    """Apply confirmed address changes whose notice has run. Beat runs it."""
    due = EmailChange.objects.filter(
        applied_at__isnull=True,
        cancelled_at__isnull=True,
        confirmed_at__isnull=False,
        effective_at__lte=timezone.now(),
    )
    return sum(email_change_apply(change=change) is not None for change in due[:500])


@transaction.atomic
def email_change_cancel(*, change: EmailChange, actor=None, request=None) -> EmailChange:
    """The person stops an address change (from the old mailbox's link or the privacy centre), at any time
    before it happens. Audited as done by the person."""
    updated = EmailChange.objects.filter(
        pk=change.pk, applied_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    if updated:
        audit_record(
            # The stop link went to the person's own mailbox: whoever uses it acts for them.
            actor=actor or change.user,
            action="accounts.email.change_cancelled",
            target=change.user,
            subject=change.user,
            request=request,
        )
    return change


# Fields a site admin may change in the Django admin; each change is audited with the field names.
ADMIN_EDITABLE_FIELDS = ("display_name", "pronouns", "timezone", "org_unit")


@transaction.atomic
def user_admin_update(*, actor, user: User, changes: dict, request=None) -> User:
    """A site admin edits someone's profile in the Django admin. Audited (which fields, not their values)."""
    fields = sorted(name for name in changes if name in ADMIN_EDITABLE_FIELDS)
    if not fields:
        return user
    for name in fields:
        setattr(user, name, changes[name])
    user.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="accounts.user.changed_by_admin",
        target=user,
        subject=user,
        request=request,
        metadata={"fields": fields},
    )
    return user

"""The accounts app's part of a person's data, for the privacy centre's export, erasure and overview."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peersupport.accounts import roles, selectors
from peersupport.accounts.models import DataExport, EmailChange, ImportBatch, Invitation, User
from peersupport.core.personal_data import ACTION_LABELS, Section, register


def _site_admin_count(user) -> int:
    """How many site admins there are. The privacy centre names the number in several sections of one
    page, so it is counted once per person object (that is, per request) rather than once per section."""
    count = getattr(user, "_site_admin_count", None)
    if count is None:
        count = user._site_admin_count = User.objects.filter(
            groups__name=roles.SITE_ADMIN, is_active=True
        ).count()
    return count


def _site_admins(user) -> str:
    count = _site_admin_count(user)
    return ngettext("the %(count)d site admin", "the %(count)d site admins", count) % {"count": count}


def _profile(user):
    paths = selectors.org_unit_paths()
    return {
        "email": user.email,
        "name": user.display_name,
        "pronouns": user.pronouns,
        "timezone": user.timezone,
        "team": paths.get(user.org_unit_id, ""),
        "joined": user.date_joined.isoformat(),
        "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        "roles": sorted(roles.role_names(user)),
    }


def _emails(user):
    return {
        "addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "address_changes": [
            {
                "from": c.old_email,
                "to": c.new_email,
                "asked": c.requested_at.isoformat(),
                "confirmed": c.confirmed_at.isoformat() if c.confirmed_at else None,
                "stopped": c.cancelled_at.isoformat() if c.cancelled_at else None,
            }
            for c in EmailChange.objects.filter(user=user)
        ],
    }


def _erase_emails(user, keep_posts):
    EmailAddress.objects.filter(user=user).delete()
    EmailChange.objects.filter(user=user).delete()
    EmailChange.objects.filter(requested_by=user).update(requested_by=None)


def _second_factors(user):
    # The kinds and dates only: secrets never leave the database.
    return [
        {"type": a.type, "created": a.created_at.isoformat() if a.created_at else None}
        for a in Authenticator.objects.filter(user=user)
    ]


def _erase_second_factors(user, keep_posts):
    Authenticator.objects.filter(user=user).delete()


def _sessions(user):
    return [
        {
            "ip": s.ip,
            "browser": s.user_agent,
            "started": s.created_at.isoformat(),
            "last_seen": s.last_seen_at.isoformat(),
        }
        for s in UserSession.objects.filter(user=user)
    ]


def _erase_sessions(user, keep_posts):
    for session in UserSession.objects.filter(user=user):
        session.end()


def _invitations(user):
    # Invitations the person sent name other people: only how many and when.
    sent = Invitation.objects.filter(invited_by=user)
    mine = Invitation.objects.annotate(e=Lower("email")).filter(e=user.email.lower())
    return {
        "invitations_i_sent": [i.created_at.isoformat() for i in sent],
        "invitations_to_me": [
            {"sent": i.created_at.isoformat(), "accepted": bool(i.accepted_at)} for i in mine
        ],
        "imports_i_ran": [
            {"file": b.file_name, "when": b.created_at.isoformat(), "status": b.status}
            for b in ImportBatch.objects.filter(created_by=user).defer("content")
        ],
    }


def _erase_invitations(user, keep_posts):
    Invitation.objects.annotate(e=Lower("email")).filter(e=user.email.lower()).delete()
    # A stored CSV may still hold the address (only while an import has not finished).
    for batch in ImportBatch.objects.filter(content__icontains=user.email):
        ImportBatch.objects.filter(pk=batch.pk).update(content="")


def _admin_history(user):
    # The site administration's own history: changes made to this person's account (by whom is left out, as
    # everywhere in the privacy centre), and changes the person made there, by kind of record ("person",
    # "org unit") but not whose record it was.
    about = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )
    return {
        "changes_to_your_account": [
            {
                "when": e.action_time.isoformat(),
                "what": e.get_action_flag_display(),
                "details": e.get_change_message(),
            }
            for e in about.order_by("action_time")
        ],
        "changes_you_made": [
            {
                "when": e.action_time.isoformat(),
                "what": e.get_action_flag_display(),
                "record": e.content_type.name,
            }
            for e in LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time")
        ],
    }


def _erase_admin_history(user, keep_posts):
    # Django's admin history names the people whose records were edited; drop the entries about this person.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()


def _exports(user):
    return [
        {"requested": e.requested_at.isoformat(), "status": e.status}
        for e in DataExport.objects.filter(user=user)
    ]


def _erase_exports(user, keep_posts):
    DataExport.objects.filter(user=user).delete()


def _admins_only(user):
    count = _site_admin_count(user)
    return ngettext(
        "You, and the %(count)d site admin who runs the installation. HR sees your team only inside "
        "programme-wide numbers of at least 5 people.",
        "You, and the %(count)d site admins who run the installation. HR sees your team only inside "
        "programme-wide numbers of at least 5 people.",
        count,
    ) % {"count": count}


register(
    Section(
        "profile",
        str(_("Your profile")),
        ("accounts.user",),
        export=_profile,
        who_can_see=lambda user: str(
            _(
                "Your name and pronouns: colleagues, next to things you do under your own name. "
                "Your e-mail address and team: you and %(admins)s."
            )
            % {"admins": _site_admins(user)}
        ),
    )
)
register(
    Section(
        "emails",
        str(_("E-mail addresses")),
        ("account.emailaddress", "accounts.emailchange"),
        export=_emails,
        erase=_erase_emails,
        who_can_see=_admins_only,
    )
)
register(
    Section(
        "second_factors",
        str(_("Two-step sign-in")),
        ("mfa.authenticator",),
        export=_second_factors,
        erase=_erase_second_factors,
        who_can_see=lambda user: str(_("Only you.")),
    )
)
register(
    Section(
        "sessions",
        str(_("Where you are signed in")),
        ("usersessions.usersession",),
        export=_sessions,
        erase=_erase_sessions,
        who_can_see=lambda user: str(_("Only you.")),
    )
)
register(
    Section(
        "invitations",
        str(_("Invitations and imports")),
        ("accounts.invitation", "accounts.importbatch"),
        export=_invitations,
        erase=_erase_invitations,
        who_can_see=_admins_only,
    )
)
register(
    Section(
        "admin_history",
        str(_("Changes made by site administrators")),
        ("admin.logentry",),
        export=_admin_history,
        erase=_erase_admin_history,
        who_can_see=_admins_only,
    )
)
register(
    Section(
        "data_exports",
        str(_("Data exports")),
        ("accounts.dataexport",),
        export=_exports,
        erase=_erase_exports,
        who_can_see=lambda user: str(_("Only you.")),
    )
)


ACTION_LABELS.update(
    {
        "accounts.login.succeeded": _("Signed in"),
        "accounts.login.failed": _("A sign-in to your account failed"),
        "accounts.logout.done": _("Signed out"),
        "accounts.role.granted": _("A role was given to you"),
        "accounts.role.revoked": _("A role was taken away from you"),
        "accounts.user.deactivated": _("Your account was deactivated"),
        "accounts.user.reactivated": _("Your account was reactivated"),
        "accounts.user.signed_up": _("Your account was created"),
        "accounts.user.changed_by_admin": _("A site admin changed your profile"),
        "accounts.email.change_requested": _("A site admin asked to change your sign-in address"),
        "accounts.email.changed": _("Your sign-in address was changed, after the new address confirmed it"),
        "accounts.email.change_cancelled": _("A change of your sign-in address was stopped"),
        "accounts.export.requested": _("A copy of your data was requested"),
        "accounts.export.downloaded": _("Your data export was downloaded"),
        "accounts.email.change_confirmed": _("The new sign-in address confirmed the change"),
        "accounts.user.erased": _("Your account was deleted"),
        # Things a site admin does, which appear in their own copy of the log.
        "accounts.people.viewed": _("Looked at the list of people"),
        "accounts.invitation.created": _("Invited someone"),
        "accounts.invitation.resent": _("Sent an invitation again"),
        "accounts.invitation.revoked": _("Withdrew an invitation"),
        "accounts.import.started": _("Started importing a list of people"),
        "accounts.import.finished": _("An import of a list of people finished"),
        "accounts.import.viewed": _("Looked at an import of a list of people"),
    }
)

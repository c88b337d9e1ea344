"""Every kind of message the app sends, registered by the app that sends it.

A kind names its templates (templates/emails/notifications/<key>_{subject.txt,body.txt,body.html}; the
subject is also the in-app title) and its defaults. Essential kinds cannot be switched off, only moved
between channels. Mandatory kinds (safety alerts and notices about the safety of an account) cannot be
changed at all: they go by every channel the kind uses, whatever the person's choices, and their e-mails
carry no unsubscribe link or List-Unsubscribe header. Every urgent kind is mandatory.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from peersupport.core.personal_data import VALUE_LABELS


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    description: str
    in_app: bool = True
    email: bool = True
    essential: bool = False
    digestible: bool = True
    # Safety messages (risk alerts): sent through their own queue and worker, past quiet hours, so that no
    # other work and no setting can delay them.
    urgent: bool = False
    # Delivered (by e-mail) even to an account that has been switched off: the notice that it was.
    reaches_inactive: bool = False
    # Always sent by every channel above: no preference, digest, one-click link or mail-client button can
    # stop it. Urgent kinds are mandatory whether or not they say so.
    mandatory: bool = False
    template_name: str = ""  # defaults to one named after the key

    def __post_init__(self):
        if self.urgent and not self.mandatory:
            object.__setattr__(self, "mandatory", True)
        if self.mandatory:
            # A mandatory message is never held for a weekly digest, and is essential by definition.
            object.__setattr__(self, "essential", True)
            object.__setattr__(self, "digestible", False)

    @property
    def mandatory_reason(self) -> str:
        """Why a mandatory kind cannot be switched off, in plain words for the person receiving it."""
        if not self.mandatory:
            return ""
        if self.urgent:
            return _(
                "This is a safety alert, so it always reaches you in every way it can: someone who may need "
                "help should never be kept waiting by a setting."
            )
        return _(
            "This is about the safety of your account, so it always reaches you: you should hear at once "
            "about a change you did not expect."
        )

    @property
    def queue(self) -> str | None:
        from peersupport.core.queue import SAFETY_QUEUE

        return SAFETY_QUEUE if self.urgent else None

    @property
    def template(self) -> str:
        return self.template_name or "notifications/" + self.key.replace(".", "_")


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    VALUE_LABELS[kind.key] = kind.label  # a kind in someone's export reads as its label
    return kind


def get(key: str) -> Kind:
    return KINDS[key]


ROLE_CHANGED = register(
    Kind(
        "accounts.role_changed",
        _("Your role changed"),
        _("When a site admin gives you a role, or takes one away."),
        essential=True,
        mandatory=True,
        digestible=False,
    )
)
ACCOUNT_DEACTIVATED = register(
    Kind(
        "accounts.account_deactivated",
        _("Your account was switched off"),
        _("When a site admin switches your account off; sent by e-mail, since you can no longer sign in."),
        in_app=False,
        essential=True,
        mandatory=True,
        digestible=False,
        reaches_inactive=True,
    )
)
PRIVILEGED_ROLE_GRANTED = register(
    Kind(
        "accounts.privileged_role_granted",
        _("Changes to privileged roles"),
        _("For site admins: when someone gains or loses a privileged role, or a site admin is switched off."),
        essential=True,
        mandatory=True,
        digestible=False,
        template_name="notifications/notice",
    )
)
EXPORT_READY = register(
    Kind(
        "privacy.export_ready",
        _("Your data export is ready"),
        _("When the copy of your data you asked for can be downloaded."),
        essential=True,
        digestible=False,
    )
)
DIGEST = register(
    Kind(
        "notifications.digest",
        _("Weekly digest"),
        _("One e-mail a week instead of single e-mails, if you choose it below."),
        in_app=False,
        digestible=False,
    )
)
EMAIL_CHANGE_REQUESTED = register(
    Kind(
        "accounts.email_change_requested",
        _("A change of your sign-in address"),
        _("When a site admin asks to move your account to another e-mail address."),
        email=False,  # the old address gets its own e-mail, with a link to stop the change
        essential=True,
        mandatory=True,
        digestible=False,
    )
)

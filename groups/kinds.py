"""The messages the groups app sends. Their text names groups, never what anyone wrote."""

from django.utils.translation import gettext_lazy as _

from peersupport.notifications.kinds import Kind, register

NOTICE = "notifications/notice"  # a headline and a sentence, written by the service that sends it

JOIN_REQUESTED = register(
    Kind(
        "groups.join_requested",
        _("Someone asked to join your group"),
        _("For facilitators: a request waiting for you."),
        template_name=NOTICE,
    )
)
REQUEST_ANSWERED = register(
    Kind(
        "groups.request_answered",
        _("Your request to join a group was answered"),
        _("When a facilitator lets you in, or not."),
        template_name=NOTICE,
    )
)
INVITED = register(
    Kind(
        "groups.invited",
        _("You were invited to a group"),
        _("When a facilitator invites you."),
        template_name=NOTICE,
    )
)
REMOVED = register(
    Kind(
        "groups.member_removed",
        _("You were removed from a group"),
        _("When a facilitator removes you, with their reason."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
FACILITATOR_APPOINTED = register(
    Kind(
        "groups.facilitator_appointed",
        _("You now facilitate a group"),
        _("When a programme lead asks you to run a group."),
        template_name=NOTICE,
    )
)
FACILITATOR_ANNOUNCED = register(
    Kind(
        "groups.facilitator_announced",
        _("A new facilitator for your group"),
        _("Who will facilitate a group you are in, and from when, before they can see it."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
REPORT_RECEIVED = register(
    Kind(
        "groups.report_received",
        _("Something was reported in your group"),
        _("For facilitators: a post or reply to look at in the moderation queue."),
        template_name=NOTICE,
    )
)
RISK_ALERT = register(
    Kind(
        "groups.risk_alert",
        _("Someone in your group may be at risk"),
        _("For facilitators and safeguarding leads: words suggesting a risk to life. Always sent."),
        essential=True,
        digestible=False,
        urgent=True,
        template_name=NOTICE,
    )
)
CHECK_IN = register(
    Kind(
        "groups.check_in",
        _("A facilitator checking in on you"),
        _("A private note from a facilitator after you shared something hard; they never learn it was you."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
MODERATED = register(
    Kind(
        "groups.moderated",
        _("A facilitator acted on something you wrote"),
        _("When your post is hidden, restored or removed, with the reason."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
UNMASK_REQUESTED = register(
    Kind(
        "groups.unmask_requested",
        _("A safeguarding decision is needed"),
        _("For safeguarding leads: a facilitator asked to know who wrote an anonymous post."),
        essential=True,
        digestible=False,
        urgent=True,
        template_name=NOTICE,
    )
)
UNMASK_DECIDED = register(
    Kind(
        "groups.unmask_decided",
        _("Your safeguarding request was decided"),
        _("For facilitators: when two safeguarding leads approved your request, or one declined it."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
UNMASKED = register(
    Kind(
        "groups.unmasked",
        _("Your anonymity was lifted for safeguarding"),
        _("When two safeguarding leads agreed to show a facilitator that you wrote an anonymous post."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
SESSION_REMINDER = register(
    Kind(
        "groups.session_reminder",
        _("Session reminders"),
        _("A day and an hour before a session you're going to."),
        digestible=False,
        template_name=NOTICE,
    )
)
SESSION_CHANGED = register(
    Kind(
        "groups.session_changed",
        _("Session changes"),
        _("When a session you're going to moves or is cancelled, or a place opens up for you."),
        digestible=False,
        template_name=NOTICE,
    )
)
AGREEMENT_CHANGED = register(
    Kind(
        "groups.agreement_changed",
        _("A group's agreement changed"),
        _("When the agreement of a group you are in changes; you accept it again before you next post."),
        essential=True,
        digestible=False,
        template_name=NOTICE,
    )
)
GROUP_CHANGED = register(
    Kind(
        "groups.group_changed",
        _("A group's settings changed"),
        _("When who can join or find a group you are in, its theme or anonymous posting changes."),
        digestible=False,
        template_name=NOTICE,
    )
)

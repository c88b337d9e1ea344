from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.agreement import DEFAULT_AGREEMENT
from peersupport.core.public_ids import PublicIdField


class Theme(models.Model):
    """What a group is about (e.g. new parents). Sensitive themes get stricter aggregates and privacy."""

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Members are unlisted by default and HR numbers need at least 10 people."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeerGroup(models.Model):
    """A confidential safe space around a theme, run by one or more facilitators."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Anyone can join")
        REQUEST = "request", _("Ask to join")
        INVITATION = "invitation", _("By invitation only")

    class Visibility(models.TextChoices):
        LISTED = "listed", _("Listed: everyone can find it")
        PRIVATE = "private", _("Private: only members know it exists")

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=120)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("theme"))
    description = models.TextField(_("description"))
    agreement = models.TextField(_("group agreement"), default=DEFAULT_AGREEMENT)
    join_policy = models.CharField(_("who can join"), max_length=12, choices=JoinPolicy.choices)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices)
    allow_anonymous = models.BooleanField(_("members may post anonymously"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in a group: member or facilitator, and how they joined or left."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        DECLINED = "declined", _("Request declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    public_id = PublicIdField()
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    listed = models.BooleanField(_("show me in the member list"), default=True)
    listen_only = models.BooleanField(_("listen only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Seen by the removed member and the group's facilitators only; never copied into audit rows.
    removal_reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person")]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR

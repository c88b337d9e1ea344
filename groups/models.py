from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.agreement import DEFAULT_AGREEMENT
from peersupport.core.public_ids import PublicIdField

EDIT_WINDOW = timedelta(minutes=15)


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
    # Counts changes of the agreement's text; members who accepted an earlier one accept again before
    # they next post (Membership.agreement_accepted_at is compared with agreement_changed_at).
    agreement_version = models.PositiveIntegerField(default=1)
    agreement_changed_at = models.DateTimeField(null=True, blank=True)
    join_policy = models.CharField(_("who can join"), max_length=12, choices=JoinPolicy.choices)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices)
    allow_anonymous = models.BooleanField(_("members may post anonymously"), default=True)
    timezone = models.CharField(_("timezone for sessions"), max_length=64, default=settings.TIME_ZONE)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many people are in the group now (active memberships). Every page of the group shows it, so it is
    # kept here by the membership services, in the transaction that changes a membership, rather than
    # counted on each request (groups/services/counts.py).
    member_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def agreement_pending_for(self, membership) -> bool:
        """Whether the agreement changed since this member last accepted it (they accept before posting)."""
        if membership is None or self.agreement_changed_at is None:
            return False
        accepted = membership.agreement_accepted_at
        return accepted is None or accepted < self.agreement_changed_at


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
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["group", "status"]),
            # A group's few facilitators (its member list, alerts, access checks) without reading its members.
            models.Index(
                fields=["group"], condition=models.Q(role="facilitator"), name="membership_facilitators"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR


class Writing(models.Model):
    """What threads and replies share: who wrote it (or which pseudonym), and what happened to it since."""

    public_id = PublicIdField()
    # Null once the author erased their account and chose to keep their posts ("Former member").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fixed when written: "Member A" for an anonymous author, empty otherwise. Never recomputed.
    pseudonym = models.CharField(max_length=20, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)  # by its author
    hidden_at = models.DateTimeField(
        null=True, blank=True
    )  # by three reports or a facilitator, until reviewed
    removed_at = models.DateTimeField(null=True, blank=True)  # by a facilitator, for good
    # An erased author's anonymous words are blanked at a random later time rather than with their named
    # ones, so that nobody watching a thread can tell which pseudonym was theirs (groups/sections.py).
    erase_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def byline(self) -> str:
        """Who wrote it as others see it: the fixed pseudonym or the name, never who is behind a pseudonym."""
        if self.pseudonym:
            return self.pseudonym
        if self.author_id is None:
            return str(_("Former member"))
        return self.author.display_name

    @property
    def is_withdrawn(self) -> bool:
        """Deleted by its author, hidden or removed: its words, and a thread's title, are not shown."""
        return bool(self.deleted_at or self.hidden_at or self.removed_at)

    @property
    def editable_until(self):
        return self.created_at + EDIT_WINDOW


class Thread(Writing):
    """A conversation in a group. Its body is confidential: never in the admin, audit rows or e-mails."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("what's on your mind"))
    open_to_suggestions = models.BooleanField(_("I'm open to suggestions"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Replies not deleted by their author, kept by the discussion services like PeerGroup.member_count.
    reply_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-last_activity_at"]
        indexes = [
            # A group's conversations, newest activity first, read one page at a time.
            models.Index(fields=["group", "-last_activity_at", "-id"], name="thread_group_activity"),
            # The few hidden ones, for the moderation queue.
            models.Index(
                fields=["hidden_at"], condition=models.Q(hidden_at__isnull=False), name="thread_hidden"
            ),
        ]

    def __str__(self) -> str:
        return f"Thread {self.public_id}"


class Post(Writing):
    """A reply in a thread, typed to steer toward listening."""

    class ReplyType(models.TextChoices):
        REFLECT = "reflect", _("Reflect: what I hear you saying")
        SHARE = "share", _("Share a similar experience")
        SUGGEST = "suggest", _("Offer a suggestion")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    reply_type = models.CharField(_("kind of reply"), max_length=8, choices=ReplyType.choices)
    body = models.TextField(_("your reply"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # A thread's replies in order: pages are read from here by key (after / before a reply), so a
            # deep page of a long thread costs what the first one does.
            models.Index(fields=["thread", "created_at", "id"], name="post_thread_order"),
            # The few hidden ones, for the moderation queue.
            models.Index(
                fields=["hidden_at"], condition=models.Q(hidden_at__isnull=False), name="post_hidden"
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.public_id}"


class Pseudonym(models.Model):
    """Who is "Member B" in a thread: assigned on the first anonymous post, fixed for good.

    Only break-glass unmasking reads this table to reveal a person.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    # Null once the person erased their account: the label stays taken, so it is never handed to anyone else.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    label = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_pseudonym_per_person_per_thread"),
            models.UniqueConstraint(fields=["thread", "label"], name="unique_pseudonym_in_thread"),
        ]

    def __str__(self) -> str:
        return self.label


class EditRecord(models.Model):
    """The text of a thread or reply before an edit, kept for moderators of the group."""

    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    previous_body = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Edit at {self.edited_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    """A supportive reaction; shown only as counts, never as a list of who reacted."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Thank you")
        ME_TOO = "me_too", _("Me too")
        SUPPORT = "support", _("Sending support")

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)

    class Meta:
        constraints = [
            # One row points at a thread or at a reply, never both: one partial constraint for each case
            # (NULLS NOT DISTINCT would say it in one, but SQLite, the embedded default, cannot enforce it).
            models.UniqueConstraint(
                fields=["thread", "user", "kind"],
                condition=models.Q(post__isnull=True),
                name="one_reaction_of_a_kind_on_a_thread",
            ),
            models.UniqueConstraint(
                fields=["post", "user", "kind"],
                condition=models.Q(thread__isnull=True),
                name="one_reaction_of_a_kind_on_a_reply",
            ),
        ]

    def __str__(self) -> str:
        return self.kind


class ReadMarker(models.Model):
    """When a member last read a thread, for unread markers."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_read_marker")]

    def __str__(self) -> str:
        return f"Read {self.read_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """A concern about a thread or reply. The reporter is never shown to anyone, not even facilitators."""

    class Reason(models.TextChoices):
        AT_RISK = "at_risk", _("Someone may be at risk")
        UNKIND = "unkind", _("Unkind or hurtful")
        AGREEMENT = "agreement", _("Breaks the group agreement")
        PRIVACY = "privacy", _("Shares someone else's private information")
        OTHER = "other", _("Something else")

    public_id = PublicIdField()
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    # The reported item's group (an item never changes group), kept here as on RiskFlag so that a group's
    # open reports are read from the partial index below instead of by walking every reply of the group.
    # Not indexed on its own: only open reports are looked up by group.
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="+", db_index=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("anything the facilitators should know (optional)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # As for reactions: a thread or a reply, each with its own partial constraint that SQLite enforces
            # too. Reports whose reporter was erased (NULL) never clash with each other.
            models.UniqueConstraint(
                fields=["thread", "reporter"],
                condition=models.Q(post__isnull=True),
                name="one_report_per_person_on_a_thread",
            ),
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(thread__isnull=True),
                name="one_report_per_person_on_a_reply",
            ),
        ]
        indexes = [
            # The few open reports of a group, for its moderation queue and its facilitators' home page.
            models.Index(
                fields=["group"], condition=models.Q(resolved_at__isnull=True), name="report_open_by_group"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.public_id}"


class RiskFlag(models.Model):
    """Words suggesting a risk to life in a thread or reply, found by the detector or reported. It stays open,
    at the top of the facilitators' queue, until one of them marks it handled (audited)."""

    class Source(models.TextChoices):
        DETECTED = "detected", _("Found by the risk check when it was posted")
        REPORTED = "reported", _("A member reported that someone may be at risk")

    public_id = PublicIdField()
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="risk_flags")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    raised_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the facilitator did, for the other facilitators and safeguarding leads; never shown to members.
    handled_note = models.TextField(_("what you did"), blank=True)
    check_ins = models.PositiveSmallIntegerField(default=0)  # private check-ins sent about it (capped)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["group", "handled_at"], name="risk_flag_open_by_group")]

    def __str__(self) -> str:
        return f"Risk flag {self.public_id}"

    @property
    def item(self):
        return self.thread or self.post


class UnmaskRequest(models.Model):
    """Break-glass: a facilitator asks to learn who wrote an anonymous post; two other people decide.

    Two different people with the safeguarding permission, neither of them the requester, must each approve
    with a written reason (UnmaskApproval); one decline ends it. Only the requester and the two approvers
    can ever see the answer, and only after approval.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    public_id = PublicIdField()
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("why this is needed"))
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Unmask request {self.public_id}"


class UnmaskApproval(models.Model):
    """One safeguarding lead's decision on a break-glass request, with their written reason."""

    request = models.ForeignKey(UnmaskRequest, on_delete=models.CASCADE, related_name="decisions")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approve = models.BooleanField()
    reason = models.TextField(_("your reason"))
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "approver"], name="one_decision_per_approver")
        ]

    def __str__(self) -> str:
        return f"{'Approval' if self.approve else 'Decline'} of {self.request_id}"


class GroupSession(models.Model):
    """A meeting of the group, in person or by video, with optional capacity and a waitlist."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")

    public_id = PublicIdField()
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what the session is about"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Goes up whenever the title or place changes, so reminders already queued are replaced by ones that
    # say what the session is now called and where it meets.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class SessionRSVP(models.Model):
    """A member's answer for a session; the waitlist is ordered by when people answered."""

    class Answer(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")
        WAITLISTED = "waitlisted", _("On the waitlist")

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField()
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_rsvp_per_person")]
        indexes = [
            # A session's answers of one kind in the order given: a page of those going (or the waitlist)
            # is read from here instead of joining and sorting every answer.
            models.Index(fields=["session", "answer", "answered_at", "id"], name="rsvp_session_answer_order"),
        ]

    def __str__(self) -> str:
        return self.answer


class SessionNote(models.Model):
    """A facilitator's private note about a session, for the group's facilitators only."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class FacilitatorAppointment(models.Model):
    """A programme lead's appointment of a facilitator, announced to the group's members before it starts.

    The appointee gains nothing until `starts_at`: members hear who will facilitate, and can leave first.
    A group with nobody in it yet has nobody to tell, so its first facilitators start at once.
    """

    public_id = PublicIdField()
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="appointments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    announced_at = models.DateTimeField()
    starts_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Set when the appointee leaves the group (or is removed) before the appointment starts.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(started_at__isnull=True, withdrawn_at__isnull=True),
                name="one_waiting_appointment_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Appointment {self.public_id}"


class InvitationBatch(models.Model):
    """Addresses a facilitator typed into the invitation form, invited by a task.

    The page answers at once and the same way for every address; whether an address has an account is
    found out here, in the background, where its timing tells nobody anything. The addresses are cleared
    once the invitations are made.
    """

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    emails = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Invitations for {self.group_id}"

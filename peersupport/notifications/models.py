from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peersupport.core.public_ids import PublicIdField


class Notification(models.Model):
    """One message to one person, written in the same transaction as the change that caused it.

    Never holds confidential text: templates get ids and short labels through `context`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Claimed")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    public_id = PublicIdField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # What the message is about, e.g. "groups.group:3kq9x…": leaving a group withdraws every pending message
    # with its topic, so that nobody keeps hearing about a group they are no longer in.
    topic = models.CharField(max_length=80, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)  # which dispatcher run claimed it
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    # What delivery did: shown in the notification centre, e-mailed, or held for the weekly digest.
    show_in_app = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="notification_due"),
            # The notification centre: one person's delivered in-app rows, newest first, read a page at a time
            # by key; the status is in the index so the pending and cancelled rows are never visited.
            models.Index(
                fields=["recipient", "show_in_app", "status", "-sent_at", "-id"], name="notification_centre"
            ),
            # The unread badge counts only unread delivered rows.
            models.Index(
                fields=["recipient"],
                condition=models.Q(show_in_app=True, status="sent", read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "topic", "status"], name="notification_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.status})"


class NotificationSettings(models.Model):
    """A person's delivery choices that are not per kind: the weekly digest and quiet hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    weekly_digest = models.BooleanField(_("weekly digest instead of single e-mails"), default=False)
    quiet_hours_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"


class KindPreference(models.Model):
    """A person's channels for one kind of message; absent means the kind's defaults."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class AuditEvent(models.Model):
    """One privileged or security-relevant thing that happened. Never holds confidential text."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "system" for background work, otherwise empty; kept so that a row says who acted after erasure too.
    actor_label = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_about_me",
        help_text=_("The person whose data this event concerns."),
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    metadata = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only: they cannot be updated.")
        self.full_clean(exclude=["actor", "subject"])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be deleted.")

    def clean(self):
        if not ACTION_PATTERN.match(self.action):
            raise ValidationError({"action": _("Use a dotted action such as accounts.role.granted.")})


class CrisisResource(models.Model):
    """A crisis or support contact shown on the crisis page and in every e-mail; edited by site admins."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        LINK = "link", _("Web link")
        TEXT = "text", _("Text only")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PHONE)
    value = models.CharField(
        _("number or link"), max_length=300, blank=True, help_text=_("A phone number or an https:// link.")
    )
    description = models.TextField(_("description"), blank=True)
    available = models.CharField(_("when it is available"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_urgent = models.BooleanField(
        _("urgent"), default=False, help_text=_("Shown first, for when someone is in immediate danger.")
    )

    class Meta:
        ordering = ["-is_urgent", "position", "id"]
        verbose_name = _("crisis resource")
        verbose_name_plural = _("crisis resources")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.kind == self.Kind.LINK and not self.value.startswith(("https://", "http://")):
            raise ValidationError({"value": _("A link must start with https:// or http://.")})
        if self.kind == self.Kind.PHONE and not re.fullmatch(r"[0-9+() \-]{3,30}", self.value):
            raise ValidationError(
                {"value": _("Enter a phone number using digits, spaces, +, - and brackets.")}
            )

    @property
    def tel_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.value)

import functools
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from peersupport.core.public_ids import PublicIdField


@functools.cache
def timezone_choices() -> list[tuple[str, str]]:
    """Region/City timezones; available_timezones() scans the disk, so this is worked out once per process."""
    return [
        (name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name and "Etc" not in name
    ]


class OrgUnit(models.Model):
    """A division, department or team; the tree that aggregate dashboards are cut by."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("Division")
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")

    public_id = PublicIdField()
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("org unit")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unit_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="org_unit_unique_root_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One person. The e-mail address is the login; roles come from groups and memberships."""

    public_id = PublicIdField()
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(_("name"), max_length=120, help_text=_("How colleagues see you."))
    pronouns = models.CharField(
        _("pronouns"), max_length=40, blank=True, help_text=_("Optional, e.g. she/her.")
    )
    timezone = models.CharField(_("timezone"), max_length=64, default=settings.TIME_ZONE)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("team"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]
        # Lists of people in name order (a group's members, one page at a time) walk this index until they
        # have a page, rather than sorting everyone they might show.
        indexes = [models.Index(fields=["display_name", "id"], name="user_name_order")]
        permissions = [
            ("manage_people", "Can invite and import employees"),
            ("manage_roles", "Can grant and revoke global roles"),
            ("view_insights", "Can view aggregate programme dashboards"),
            ("manage_programme", "Can manage themes, groups and facilitators"),
            ("approve_unmasking", "Can approve or decline a break-glass unmasking (safeguarding)"),
            ("respond_to_risk", "Is alerted to, and reads, words suggesting a risk to life (safeguarding)"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else ""


class ImportBatch(models.Model):
    """One CSV upload of employees: checked whole before anything is written, then written at once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        IMPORTING = "importing", _("Creating invitations")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Not imported")

    public_id = PublicIdField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent_checked(self) -> int:
        return int(100 * self.checked_rows / self.total_rows) if self.total_rows else 0


class Invitation(models.Model):
    """An invitation for one address to join; accepting it creates the account with a verified e-mail."""

    public_id = PublicIdField()
    email = models.EmailField(_("e-mail address"))
    display_name = models.CharField(_("name"), max_length=120)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # Set by the send task when it claims the row; cleared again if sending fails, so it is retried.
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None and self.revoked_at is None and self.expires_at > django_timezone.now()
        )


class DataExport(models.Model):
    """A copy of everything stored about one person, built by a Celery task and kept for a week."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = PublicIdField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    content = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Data export {self.public_id}"

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.READY and self.expires_at > django_timezone.now()


class EmailChange(models.Model):
    """A change of someone's sign-in address that a site admin asked for.

    Nothing changes until the new address is confirmed from its own mailbox, and not before
    EMAIL_CHANGE_NOTICE_HOURS have passed since the old address was told: until then the new address can
    neither sign in nor receive a password reset, and the person can stop it from the old address or the
    privacy centre.
    """

    public_id = PublicIdField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_changes")
    old_email = models.EmailField(_("address at the time of the request"))
    new_email = models.EmailField(_("new e-mail address"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()  # the new mailbox must confirm before this
    effective_at = models.DateTimeField()  # and the change happens no earlier than this
    confirmed_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set by the send task when it claims each e-mail, as for invitations: the confirmation link to the new
    # address, and the notice (with a link to stop it) to the old one.
    sent_at = models.DateTimeField(null=True, blank=True)
    old_told_at = models.DateTimeField(null=True, blank=True)
    done_told_at = models.DateTimeField(null=True, blank=True)  # the old address told it happened

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(applied_at__isnull=True, cancelled_at__isnull=True),
                name="email_change_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"E-mail change {self.public_id}"

    @property
    def is_open(self) -> bool:
        """Not applied, not stopped, and either confirmed or still waiting within its time to confirm."""
        if self.applied_at is not None or self.cancelled_at is not None:
            return False
        return self.confirmed_at is not None or self.expires_at > django_timezone.now()

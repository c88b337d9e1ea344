"""Training: modules of lessons, a scenario quiz and a practice exercise; learners' progress and attempts;
peer-supporter certificates and supporters' own choices about being found.

Who sees what (training/README.md): a learner's progress, answers, attempts and practice text are theirs
alone. A certificate's holder, dates and status are seen by facilitators and programme leads (the roster)
and by anyone only while the holder allows the verification link or joins the directory.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peersupport.core.public_ids import PublicIdField


def default_pass_mark() -> int:
    return settings.TRAINING_PASS_MARK


class Module(models.Model):
    """A unit of the curriculum. Passing every published required module issues a certificate; a refresher
    renews one."""

    public_id = PublicIdField()
    # Set for the modules shipped with the app (training/curriculum/), so loading them again adds only
    # what is missing and never overwrites a programme lead's edits.
    slug = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for the module list."))
    minutes = models.PositiveSmallIntegerField(_("minutes to complete"), default=20)
    position = models.PositiveIntegerField(default=0)
    required = models.BooleanField(
        _("required for the certificate"),
        default=True,
        help_text=_("Passing every published required module makes someone a peer supporter."),
    )
    refresher = models.BooleanField(
        _("refresher"),
        default=False,
        help_text=_("Completing it renews a peer-supporter certificate."),
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=default_pass_mark)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def nudge_topic(self) -> str:
        """The notification topic of reminders to finish this module (cancelled together)."""
        return f"training-module:{self.pk}"


class Lesson(models.Model):
    public_id = PublicIdField()
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("lesson"), help_text=_("Markdown: paragraphs, lists, headings, emphasis."))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A scenario question of a module's quiz; `multiple` when several options are correct (the learner
    must choose exactly those)."""

    public_id = PublicIdField()
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("question"))
    multiple = models.BooleanField(_("several answers are correct"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("answer"), max_length=400)
    correct = models.BooleanField(_("correct"), default=False)
    explanation = models.TextField(_("why it is right or wrong"))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PracticeExercise(models.Model):
    """A colleague's message to answer; the listening coach comments and a model answer follows."""

    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="practice")
    title = models.CharField(_("title"), max_length=160)
    prompt = models.TextField(_("the colleague's message"))
    guidance = models.TextField(_("what a good reply does"), blank=True)
    model_answer = models.TextField(_("model answer"))

    def __str__(self) -> str:
        return self.title


class ModuleProgress(models.Model):
    """One learner's way through one module. Theirs alone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # The lessons read, by id (a module has at most a handful).
    lessons_read = models.JSONField(default=list)
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    practice_done_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="one_progress_per_module")]

    def __str__(self) -> str:
        return f"progress {self.pk}"


class QuizAttempt(models.Model):
    """One submitted quiz, scored against the questions as they were then (`scored_against`), so that
    editing a quiz later never changes a past result."""

    public_id = PublicIdField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="attempts")
    submitted_at = models.DateTimeField(default=timezone.now)
    # {"questions": [{"id", "text", "multiple", "options": [{"id", "text", "correct", "explanation"}]}]}
    scored_against = models.JSONField()
    answers = models.JSONField()  # {question id: [option ids]}
    score = models.PositiveSmallIntegerField()  # percent of questions answered exactly right
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["user", "module", "-submitted_at"], name="attempt_by_learner")]

    def __str__(self) -> str:
        return f"attempt {self.public_id}"


class PracticeResponse(models.Model):
    """A learner's reply to a practice exercise, with what the coach noticed. Theirs alone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="practice_responses")
    text = models.TextField()
    coach_flags = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "module", "-created_at"], name="practice_by_learner")]

    def __str__(self) -> str:
        return f"practice reply {self.pk}"


class Certificate(models.Model):
    """A person's peer-supporter certificate: current until `expires_at`, renewed by a refresher. Being a
    peer supporter means holding a current one; nothing else sets it."""

    public_id = PublicIdField()
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The verification link's opaque code; it shows anything only while `verification_allowed`.
    code = PublicIdField()
    issued_at = models.DateTimeField()
    renewed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    verification_allowed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="certificate_expiry")]

    def __str__(self) -> str:
        return f"certificate {self.public_id}"

    def is_current(self, at=None) -> bool:
        return self.expires_at > (at or timezone.now())


class Topic(models.TextChoices):
    """What a supporter is comfortable talking about (training's own list: pillars never share models)."""

    STRESS = "stress", _("Stress and workload")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    BULLYING = "bullying", _("Bullying and harassment")
    WORK_LIFE = "work_life", _("Work-life balance")
    PARENTS_CARERS = "parents_carers", _("Parents and carers")
    BEREAVEMENT = "bereavement", _("Bereavement and loss")
    INCLUSION = "inclusion", _("Diversity and inclusion")
    NEURODIVERSITY = "neurodiversity", _("Neurodiversity")
    HEALTH = "health", _("Long-term health conditions")
    CHANGE = "change", _("Career worries and change")


class SupporterProfile(models.Model):
    """A supporter's own choices: whether others see the badge, whether they are in the directory, what
    they are comfortable talking about, and whether they are available now."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    show_badge = models.BooleanField(_("show my peer-supporter badge"), default=False)
    in_directory = models.BooleanField(_("list me in the supporters directory"), default=False)
    available = models.BooleanField(_("available to colleagues now"), default=True)
    paused_until = models.DateField(_("back on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"supporter profile {self.pk}"


class SupporterTopic(models.Model):
    """One thing a supporter is comfortable talking about (a row each: the directory filters by it)."""

    profile = models.ForeignKey(SupporterProfile, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(max_length=20, choices=Topic.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "topic"], name="one_row_per_topic")]

    def __str__(self) -> str:
        return self.topic

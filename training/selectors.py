"""Reads for the training app, narrowed to the person asking. A learner's progress, attempts and practice
text are read only for that learner; the roster and directory show certificates, never learning."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.core.pillars import PEER_SUPPORTER
from training.models import (
    Certificate,
    Lesson,
    Module,
    ModuleProgress,
    PracticeResponse,
    QuizAttempt,
    SupporterProfile,
    Topic,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class Step:
    """Where a learner goes next in a module: a lesson, the quiz or the practice."""

    kind: str  # "lesson", "quiz", "practice" or "done"
    lesson: Lesson | None = None


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    lesson_count: int
    question_count: int
    has_practice: bool
    progress: ModuleProgress | None
    next_step: Step

    @property
    def state(self) -> str:
        if self.progress is not None and self.progress.completed_at is not None:
            return "completed"
        return "started" if self.progress is not None else "new"

    @property
    def steps_total(self) -> int:
        return self.lesson_count + (1 if self.question_count else 0) + (1 if self.has_practice else 0)

    @property
    def steps_done(self) -> int:
        if self.progress is None:
            return 0
        if self.progress.completed_at is not None:
            return self.steps_total
        done = min(len(self.progress.lessons_read), self.lesson_count)
        done += 1 if self.question_count and self.progress.quiz_passed_at else 0
        done += 1 if self.has_practice and self.progress.practice_done_at else 0
        return done

    @property
    def url(self) -> str:
        """Where the learner's next step in this module is."""
        module_id = self.module.public_id
        if self.next_step.kind == "lesson":
            return reverse("training:lesson", args=[module_id, self.next_step.lesson.public_id])
        if self.next_step.kind in ("quiz", "practice"):
            return reverse(f"training:{self.next_step.kind}", args=[module_id])
        return reverse("training:module", args=[module_id])

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


def _modules(*, published_only: bool = True) -> QuerySet[Module]:
    modules = Module.objects.annotate(
        lesson_count=Count("lessons", distinct=True),
        question_count=Count("questions", distinct=True),
        practice_count=Count("practice", distinct=True),
    ).order_by("position", "pk")  # a query with GROUP BY drops Meta.ordering
    return modules.filter(published_at__isnull=False) if published_only else modules


def _next_step(progress: ModuleProgress | None, lessons: list[Lesson], has_quiz: bool, has_practice: bool):
    read = set(progress.lessons_read) if progress else set()
    for lesson in lessons:
        if lesson.pk not in read:
            return Step("lesson", lesson)
    if has_quiz and not (progress and progress.quiz_passed_at):
        return Step("quiz")
    if has_practice and not (progress and progress.practice_done_at):
        return Step("practice")
    return Step("done")


def module_rows(*, actor, modules=None) -> list[ModuleRow]:
    """The published modules (or `modules`) with the actor's own progress and next step: four queries
    however many modules and lessons there are."""
    modules = list(modules if modules is not None else _modules())
    progress = {p.module_id: p for p in ModuleProgress.objects.filter(user=actor, module__in=modules)}
    lessons: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(module__in=modules).only("pk", "module_id", "title", "public_id"):
        lessons.setdefault(lesson.module_id, []).append(lesson)
    return [
        ModuleRow(
            module=module,
            lesson_count=module.lesson_count,
            question_count=module.question_count,
            has_practice=bool(module.practice_count),
            progress=progress.get(module.pk),
            next_step=_next_step(
                progress.get(module.pk),
                lessons.get(module.pk, []),
                bool(module.question_count),
                bool(module.practice_count),
            ),
        )
        for module in modules
    ]


def continue_where_left_off(rows: list[ModuleRow]) -> ModuleRow | None:
    """The started, unfinished module the learner touched last; else the first they have not started."""
    started = [row for row in rows if row.state == "started"]
    if started:
        return max(started, key=lambda row: row.progress.last_activity_at)
    fresh = [row for row in rows if row.state == "new" and not row.module.refresher]
    return fresh[0] if fresh else None


# A refresher is offered from this long before a certificate expires (and any time after).
REFRESHER_WINDOW_DAYS = 90


def refresher_url() -> str:
    """Where renewing starts: the published refresher's page, or the module list without one."""
    refresher = (
        Module.objects.filter(published_at__isnull=False, refresher=True).order_by("position", "pk").first()
    )
    return reverse("training:module", args=[refresher.public_id]) if refresher else reverse("training:list")


def refresher_due(certificate: Certificate | None) -> bool:
    """Whether the person should renew now: their certificate has expired or expires within the window."""
    if certificate is None:
        return False
    return (certificate.expires_at - timezone.now()).days <= REFRESHER_WINDOW_DAYS


def module_get(*, public_id: str) -> Module | None:
    """One module with its counts (for access, which decides who may open it)."""
    return _modules(published_only=False).filter(public_id=public_id).first()


def module_row(*, actor, module: Module) -> ModuleRow:
    if not hasattr(module, "lesson_count"):  # not read through module_get (an attempt's module)
        module = _modules(published_only=False).get(pk=module.pk)
    return module_rows(actor=actor, modules=[module])[0]


def lessons_of(*, module: Module) -> list[Lesson]:
    return list(module.lessons.all())


def questions_of(*, module: Module):
    return list(module.questions.prefetch_related("options"))


def progress_of(*, actor, module: Module) -> ModuleProgress | None:
    return ModuleProgress.objects.filter(user=actor, module=module).first()


def attempts_of(*, actor, module: Module, limit: int = 5) -> list[QuizAttempt]:
    """The learner's own latest attempts at a module's quiz."""
    return list(QuizAttempt.objects.filter(user=actor, module=module)[:limit])


def attempt_get(*, actor, public_id: str) -> QuizAttempt | None:
    """One of the actor's own attempts; nobody else's, whoever asks."""
    return QuizAttempt.objects.select_related("module").filter(user=actor, public_id=public_id).first()


def answered_right(question: dict, chosen) -> bool:
    """A question (as an attempt keeps it) is answered right with every correct option and nothing else."""
    return set(chosen) == {option["id"] for option in question["options"] if option["correct"]}


def attempt_feedback(attempt: QuizAttempt) -> list[dict]:
    """For the learner's own attempt: each question as it was then, with the options they chose and whether
    they got it right (every option keeps its explanation)."""
    questions = []
    for question in attempt.scored_against["questions"]:
        chosen = set(attempt.answers.get(str(question["id"]), ()))
        options = [{**option, "chosen": option["id"] in chosen} for option in question["options"]]
        questions.append({**question, "options": options, "right": answered_right(question, chosen)})
    return questions


def supporter_choices(*, user) -> dict:
    """The person's own choices as a peer supporter, as their settings form starts (a pause whose return
    date has come is over)."""
    profile = SupporterProfile.objects.filter(user=user).prefetch_related("topics").first()
    if profile is None:
        return {
            "show_badge": False,
            "in_directory": False,
            "topics": [],
            "available": True,
            "paused_until": None,
        }
    choices = {
        "show_badge": profile.show_badge,
        "in_directory": profile.in_directory,
        "topics": [t.topic for t in profile.topics.all()],
        "available": profile.available,
        "paused_until": profile.paused_until,
    }
    if profile.paused_until and profile.paused_until <= timezone.localdate():
        choices["available"], choices["paused_until"] = True, None
    return choices


def latest_practice(*, actor, module: Module) -> PracticeResponse | None:
    return PracticeResponse.objects.filter(user=actor, module=module).first()


def passed_every_required_module(*, user) -> bool:
    """Has the person completed every published required module (and is there at least one)?"""
    required = required_modules()
    if not required.exists():
        return False
    # The person's own completed rows, as a subquery: an exclude() across the relation would let "this
    # person has a row" and "someone completed it" match different rows.
    completed = ModuleProgress.objects.filter(user=user, completed_at__isnull=False).values("module_id")
    return not required.exclude(pk__in=completed).exists()


def qualified_without_certificate():
    """The ids of people who completed every published required module and hold no certificate (after a
    programme lead changed what is required, for instance)."""
    required = required_modules()
    count = required.count()
    if not count:
        return []
    return list(
        ModuleProgress.objects.filter(module__in=required, completed_at__isnull=False)
        .exclude(user__in=Certificate.objects.values("user"))
        .values("user")
        .annotate(done=Count("module", distinct=True))
        .filter(done=count)
        .values_list("user", flat=True)
    )


def required_modules() -> QuerySet[Module]:
    """What a certificate needs now: every published required module."""
    return Module.objects.filter(published_at__isnull=False, required=True, refresher=False)


def certificate_of(*, user) -> Certificate | None:
    return Certificate.objects.filter(user=user).first() if user.is_authenticated else None


def is_supporter(*, user) -> bool:
    """A peer supporter is someone with a current certificate; nothing else makes one."""
    return (
        user.is_authenticated
        and Certificate.objects.filter(user=user, expires_at__gt=timezone.now()).exists()
    )


def standings(*, actor) -> set[str]:
    """For other pillars (through core.pillars.standings_of)."""
    return {PEER_SUPPORTER} if is_supporter(user=actor) else set()


def profile_of(*, user) -> SupporterProfile | None:
    return SupporterProfile.objects.filter(user=user).first()


def directory_page(*, topic: str = "", page_number=None):
    """Supporters who chose to be listed and hold a current certificate, those available first, one page
    at a time. Names, pronouns, topics and availability only: never anything they learned or wrote."""
    today = timezone.localdate()
    profiles = (
        SupporterProfile.objects.filter(
            in_directory=True,
            user__is_active=True,
            user__in=Certificate.objects.filter(expires_at__gt=timezone.now()).values("user"),
        )
        .select_related("user")
        .order_by("-available", "user__display_name", "pk")
    )
    if topic:
        profiles = profiles.filter(topics__topic=topic)
    page = Paginator(profiles.prefetch_related("topics"), PAGE_SIZE).get_page(page_number)
    for profile in page:
        # A pause ends on its return date, whether or not the supporter came back to untick it.
        profile.is_available = profile.available or bool(
            profile.paused_until and profile.paused_until <= today
        )
        profile.topic_labels = [Topic(t.topic).label for t in profile.topics.all()]
    return page


def roster_page(*, page_number=None, query: str = ""):
    """For facilitators and programme leads: every current certificate, the soonest to expire first."""
    certificates = (
        Certificate.objects.filter(expires_at__gt=timezone.now(), user__is_active=True)
        .select_related("user", "user__org_unit")
        .order_by("expires_at", "pk")
    )
    if query:
        certificates = certificates.filter(
            Q(user__display_name__icontains=query) | Q(user__email__iexact=query)
        )
    return Paginator(certificates, PAGE_SIZE).get_page(page_number)


def name_badges(*, user_ids) -> dict[int, str]:
    """For other pillars' lists of named people (core.pillars.name_badges_for): "Peer supporter" by those
    who chose to show the badge and hold a current certificate."""
    label = str(_("Peer supporter"))
    showing = SupporterProfile.objects.filter(
        user_id__in=user_ids,
        show_badge=True,
        user__in=Certificate.objects.filter(expires_at__gt=timezone.now()).values("user"),
    )
    return dict.fromkeys(showing.values_list("user_id", flat=True), label)


def verification_get(*, code: str) -> Certificate | None:
    """A certificate by its opaque code, only while its holder allows the link to show it."""
    return (
        Certificate.objects.select_related("user")
        .filter(code=code, verification_allowed=True, user__is_active=True)
        .first()
    )


def learners_in(*, module: Module) -> int:
    """How many people have started or finished a module (a count for the programme lead, no names)."""
    return ModuleProgress.objects.filter(module=module).count()


def module_manage_list() -> list[Module]:
    """Programme leads: every module, published or not, in order, with counts."""
    return list(_modules(published_only=False))

"""Programme leads write the curriculum: modules, lessons, quiz questions and practice exercises; they
reorder, publish and unpublish. Past attempts keep the questions they were scored against."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.core.exceptions import ApplicationError
from peersupport.core.queue import enqueue_on_commit
from peersupport.core.services import audit_record
from peersupport.notifications.services import cancel
from training.models import Lesson, Module, Option, PracticeExercise, Question

ISSUE_DUE_TASK = "training.tasks.issue_due_certificates"
MODULE_FIELDS = ("title", "summary", "minutes", "required", "refresher", "pass_mark")


class AuthoringError(ApplicationError):
    pass


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _check_module(fields: dict) -> None:
    if fields.get("refresher") and fields.get("required"):
        raise AuthoringError(
            _("A refresher renews a certificate; it cannot also be required for one."), field="required"
        )
    if not 1 <= fields.get("pass_mark", 80) <= 100:
        raise AuthoringError(_("The pass mark is a percentage from 1 to 100."), field="pass_mark")


@transaction.atomic
def module_create(*, actor, slug: str | None = None, **fields) -> Module:
    """Programme leads: a new, unpublished module at the end of the list."""
    _check_module(fields)
    module = Module.objects.create(slug=slug, position=_next_position(Module.objects), **fields)
    audit_record(actor=actor, action="training.module.created", target=module)
    return module


@transaction.atomic
def module_update(*, actor, module: Module, **fields) -> Module:
    """Programme leads: change a module's details (its quiz's pass mark included)."""
    _check_module(fields)
    changed = [name for name in MODULE_FIELDS if name in fields and getattr(module, name) != fields[name]]
    for name in changed:
        setattr(module, name, fields[name])
    if changed:
        module.save()
        if "required" in changed or "refresher" in changed:
            enqueue_on_commit(ISSUE_DUE_TASK)
        audit_record(
            actor=actor, action="training.module.changed", target=module, metadata={"fields": changed}
        )
    return module


@transaction.atomic
def module_publish(*, actor, module: Module, publish: bool) -> Module:
    """Programme leads: publish a module (it needs at least one lesson) or take it back to a draft;
    learners' progress in an unpublished module is kept for when it returns."""
    if publish and not module.lessons.exists():
        raise AuthoringError(_("Add at least one lesson before you publish the module."))
    if publish == module.is_published:
        return module
    module.published_at = timezone.now() if publish else None
    module.save(update_fields=["published_at", "updated_at"])
    if not publish:
        # Nudges would lead learners to a page they can no longer open.
        cancel(topic=module.nudge_topic)
        if module.required:
            enqueue_on_commit(ISSUE_DUE_TASK)  # fewer modules required: some may now qualify
    audit_record(
        actor=actor,
        action="training.module.published" if publish else "training.module.unpublished",
        target=module,
    )
    return module


def _move(item, siblings, *, up: bool) -> None:
    """Swap an item with its neighbour in `siblings`, renumbering them all 1, 2, 3… on the way."""
    ordered = list(siblings.order_by("position", "pk").select_for_update())
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)


@transaction.atomic
def module_move(*, actor, module: Module, up: bool) -> Module:
    """Programme leads: move a module one place up or down the list."""
    _move(module, Module.objects.all(), up=up)
    audit_record(actor=actor, action="training.module.reordered", target=module)
    return module


@transaction.atomic
def lesson_save(*, actor, module: Module, lesson: Lesson | None = None, title: str, body: str) -> Lesson:
    """Programme leads: add a lesson at the end of a module, or change one."""
    if lesson is None:
        lesson = Lesson.objects.create(
            module=module, title=title, body=body, position=_next_position(module.lessons)
        )
        audit_record(actor=actor, action="training.lesson.created", target=lesson)
    else:
        lesson.title, lesson.body = title, body
        lesson.save()
        audit_record(actor=actor, action="training.lesson.changed", target=lesson)
    return lesson


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson) -> None:
    """Programme leads: remove a lesson; a published module keeps at least one."""
    module = lesson.module
    if module.is_published and module.lessons.count() == 1:
        raise AuthoringError(_("A published module needs a lesson. Unpublish it first, or add another."))
    audit_record(actor=actor, action="training.lesson.deleted", target=lesson)
    lesson.delete()


@transaction.atomic
def lesson_move(*, actor, lesson: Lesson, up: bool) -> Lesson:
    """Programme leads: move a lesson one place up or down its module."""
    _move(lesson, lesson.module.lessons.all(), up=up)
    audit_record(actor=actor, action="training.lesson.reordered", target=lesson)
    return lesson


def _check_options(*, multiple: bool, options: list[dict]) -> None:
    if not 2 <= len(options) <= 6:
        raise AuthoringError(_("Give between two and six answers."))
    unexplained = [
        str(number) for number, option in enumerate(options, start=1) if not option["explanation"].strip()
    ]
    if unexplained:
        raise AuthoringError(
            _(
                "Explain every answer (answer %(numbers)s has no explanation): learners read why each "
                "is right or wrong."
            )
            % {"numbers": ", ".join(unexplained)}
        )
    correct = sum(1 for option in options if option["correct"])
    if not multiple and correct == 0:
        raise AuthoringError(_("Tick “Correct” on the right answer."))
    if not multiple and correct > 1:
        raise AuthoringError(
            _(
                "Only one answer can be correct here. Untick the others, "
                "or tick “Several answers are correct”."
            )
        )
    if multiple and not 1 <= correct < len(options):
        raise AuthoringError(_("Mark at least one answer correct and leave at least one wrong."))


@transaction.atomic
def question_save(
    *, actor, module: Module, question: Question | None = None, text: str, multiple: bool, options: list[dict]
) -> Question:
    """Programme leads: add or change a quiz question with its answers (text, correct, explanation).
    Attempts already made keep the version they answered."""
    _check_options(multiple=multiple, options=options)
    if question is None:
        question = Question.objects.create(
            module=module, text=text, multiple=multiple, position=_next_position(module.questions)
        )
        action = "training.question.created"
    else:
        question.text, question.multiple = text, multiple
        question.save()
        question.options.all().delete()
        action = "training.question.changed"
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                position=position,
                text=option["text"],
                correct=option["correct"],
                explanation=option["explanation"],
            )
            for position, option in enumerate(options, start=1)
        ]
    )
    audit_record(actor=actor, action=action, target=question)
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    """Programme leads: remove a quiz question (past attempts keep it in what they were scored against)."""
    audit_record(actor=actor, action="training.question.deleted", target=question)
    question.delete()


@transaction.atomic
def question_move(*, actor, question: Question, up: bool) -> Question:
    """Programme leads: move a question one place up or down its quiz."""
    _move(question, question.module.questions.all(), up=up)
    audit_record(actor=actor, action="training.question.reordered", target=question)
    return question


@transaction.atomic
def practice_save(*, actor, module: Module, title: str, prompt: str, guidance: str, model_answer: str):
    """Programme leads: set a module's practice exercise (one per module)."""
    practice, created = PracticeExercise.objects.update_or_create(
        module=module,
        defaults={"title": title, "prompt": prompt, "guidance": guidance, "model_answer": model_answer},
    )
    audit_record(
        actor=actor,
        action="training.practice.created" if created else "training.practice.changed",
        target=module,
    )
    return practice

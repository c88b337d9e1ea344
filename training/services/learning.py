"""A learner's writes: reading lessons, submitting quizzes and practice, completing modules (which issues
or renews the certificate) and the nudges that follow an unfinished module."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.core.exceptions import ApplicationError
from peersupport.core.listening_coach import review
from peersupport.notifications.selectors import sent_count
from peersupport.notifications.services import cancel, notify
from training import kinds, selectors
from training.models import Lesson, Module, ModuleProgress, PracticeResponse, QuizAttempt
from training.services.certificates import certificate_issue, certificate_renew

# A module left unfinished is nudged this long after the last activity on it, twice at most.
NUDGE_AFTER = timedelta(days=7)
MAX_NUDGES = 2


class TrainingError(ApplicationError):
    pass


def _require_published(module: Module) -> None:
    if not module.is_published:
        raise TrainingError(_("This module is a preview: publish it before anyone takes it."))


def _progress(user, module: Module) -> ModuleProgress:
    progress, _created = ModuleProgress.objects.select_for_update().get_or_create(user=user, module=module)
    if module.refresher and progress.completed_at is not None:
        # Taking a completed refresher again starts a new round (it renews the certificate once more).
        progress.lessons_read, progress.best_score = [], None
        progress.quiz_passed_at = progress.practice_done_at = progress.completed_at = None
        progress.started_at = timezone.now()
    return progress


def _after_activity(user, module: Module, progress: ModuleProgress) -> None:
    """Save the progress, complete the module when every step is done, and put the nudges a week after
    this activity (replacing any that were waiting); none once it is complete."""
    now = timezone.now()
    progress.last_activity_at = now
    lesson_ids = set(module.lessons.values_list("pk", flat=True))
    has_quiz = module.questions.exists()
    has_practice = hasattr(module, "practice")
    done = (
        lesson_ids <= set(progress.lessons_read)
        and (progress.quiz_passed_at is not None or not has_quiz)
        and (progress.practice_done_at is not None or not has_practice)
    )
    newly_completed = done and progress.completed_at is None
    if newly_completed:
        progress.completed_at = now
    progress.save()
    cancel(recipient=user, topic=module.nudge_topic)
    if newly_completed:
        _completed(user, module)
        return
    if progress.completed_at is not None:
        # Activity in a module finished before: if what is required changed since, it may now suffice.
        if not module.refresher and selectors.passed_every_required_module(user=user):
            certificate_issue(user=user)
        return
    left = MAX_NUDGES - sent_count(recipient=user, topic=module.nudge_topic, kind=kinds.MODULE_NUDGE)
    activity = secrets.token_hex(6)
    for number in range(1, left + 1):
        notify(
            recipient=user,
            kind=kinds.MODULE_NUDGE,
            # A pair of its own for each activity: a cancelled pair keeps its keys for good.
            idempotency_key=f"training-nudge:{user.pk}:{module.pk}:{activity}:{number}",
            due_at=now + NUDGE_AFTER * number,
            url=reverse("training:module", args=[module.public_id]),
            topic=module.nudge_topic,
            context={
                "headline": _("Pick up “%(title)s” where you left off") % {"title": module.title},
                "message": _(
                    "You started “%(title)s” and have a few steps left. It takes a few minutes at a time, "
                    "and your place is kept: the link opens the module where you stopped."
                )
                % {"title": module.title},
            },
        )


def _completed(user, module: Module) -> None:
    if module.refresher:
        certificate_renew(user=user)
    elif selectors.passed_every_required_module(user=user):
        certificate_issue(user=user)


@transaction.atomic
def lesson_read(*, actor, lesson: Lesson) -> ModuleProgress:
    """A learner marks a lesson of a published module read (their own progress only)."""
    _require_published(lesson.module)
    progress = _progress(actor, lesson.module)
    if lesson.pk not in progress.lessons_read:
        progress.lessons_read = [*progress.lessons_read, lesson.pk]
    _after_activity(actor, lesson.module, progress)
    return progress


def _snapshot(module: Module) -> dict:
    """The quiz as it is now, which an attempt keeps: later edits never change its score."""
    return {
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "multiple": question.multiple,
                "options": [
                    {"id": o.pk, "text": o.text, "correct": o.correct, "explanation": o.explanation}
                    for o in question.options.all()
                ],
            }
            for question in module.questions.prefetch_related("options")
        ]
    }


def score_answers(snapshot: dict, answers: dict[str, list[int]]) -> int:
    """The percentage of questions answered exactly right (every correct option and nothing else)."""
    questions = snapshot["questions"]
    if not questions:
        return 0
    right = sum(1 for q in questions if selectors.answered_right(q, answers.get(str(q["id"]), ())))
    return round(100 * right / len(questions))


@transaction.atomic
def quiz_submit(*, actor, module: Module, answers: dict[str, list[int]]) -> QuizAttempt:
    """A learner submits a quiz: scored against the questions as they are now, the best score kept, the
    quiz passed at the module's pass mark. Unlimited attempts. `answers` maps question ids to option ids."""
    _require_published(module)
    snapshot = _snapshot(module)
    if not snapshot["questions"]:
        raise TrainingError(_("This module has no quiz yet."))
    known = {str(q["id"]): {o["id"] for o in q["options"]} for q in snapshot["questions"]}
    cleaned = {}
    for question_id, options in known.items():
        chosen = [int(option) for option in answers.get(question_id, ())]
        if not chosen or not set(chosen) <= options:
            raise TrainingError(_("Answer every question before you submit."))
        cleaned[question_id] = sorted(set(chosen))
    score = score_answers(snapshot, cleaned)
    attempt = QuizAttempt.objects.create(
        user=actor,
        module=module,
        scored_against=snapshot,
        answers=cleaned,
        score=score,
        pass_mark=module.pass_mark,
        passed=score >= module.pass_mark,
    )
    progress = _progress(actor, module)
    progress.best_score = max(progress.best_score or 0, score)
    if attempt.passed and progress.quiz_passed_at is None:
        progress.quiz_passed_at = attempt.submitted_at
    _after_activity(actor, module, progress)
    return attempt


@transaction.atomic
def practice_submit(*, actor, module: Module, text: str) -> PracticeResponse:
    """A learner answers the module's practice exercise; the listening coach's notes are kept with it.
    Only the learner ever reads it."""
    _require_published(module)
    if not hasattr(module, "practice"):
        raise TrainingError(_("This module has no practice exercise."))
    text = text.strip()
    if len(text) < 20:
        raise TrainingError(_("Write a few sentences, as you would to the colleague."), field="text")
    response = PracticeResponse.objects.create(
        user=actor, module=module, text=text, coach_flags=list(review(text).flags)
    )
    progress = _progress(actor, module)
    if progress.practice_done_at is None:
        progress.practice_done_at = response.created_at
    _after_activity(actor, module, progress)
    return response

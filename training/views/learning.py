"""Learning: the module list, a module, its lessons in order, the quiz and its feedback, the practice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peersupport.core.http import attempt, form_status, require_method
from peersupport.core.listening_coach import RULES
from peersupport.core.markdown import render_markdown
from training import access, selectors
from training.forms import PracticeForm, QuizForm
from training.services import learning

COACH_HINTS = {rule.key: rule.hint for rule in RULES}


def _tell_if_newly_certified(request, was_supporter: bool) -> None:
    if not was_supporter and selectors.is_supporter(user=request.user):
        messages.success(
            request,
            _(
                "You have completed the training: you are now a peer supporter. Your certificate is ready, "
                "and you can choose how colleagues find you."
            ),
        )


@login_required
def module_list(request):
    """Everyone signed in: the published modules with their own progress, and where to continue."""
    require_method(request, "GET")
    rows = selectors.module_rows(actor=request.user)
    certificate = selectors.certificate_of(user=request.user)
    return render(
        request,
        "training/module_list.html",
        {
            "rows": [row for row in rows if not row.module.refresher],
            "refreshers": [row for row in rows if row.module.refresher],
            "continue_row": selectors.continue_where_left_off(rows),
            "certificate": certificate,
            "is_supporter": certificate is not None and certificate.is_current(),
            "refresher_due": selectors.refresher_due(certificate),
            "refresher_url": selectors.refresher_url(),
            "may_author": access.may_author(request.user),
            "may_see_roster": access.may_see_roster(request.user),
        },
    )


@login_required
def module_detail(request, module_id):
    """A module: its lessons in order with what the learner has read, the quiz and the practice."""
    module = access.access_module(actor=request.user, public_id=module_id)
    require_method(request, "GET")
    row = selectors.module_row(actor=request.user, module=module)
    read = set(row.progress.lessons_read) if row.progress else set()
    lessons = selectors.lessons_of(module=module)
    for lesson in lessons:
        lesson.is_read = lesson.pk in read
    return render(
        request,
        "training/module_detail.html",
        {
            "module": module,
            "row": row,
            "lessons": lessons,
            "attempts": selectors.attempts_of(actor=request.user, module=module),
            "may_author": access.may_author(request.user),
        },
    )


@login_required
def lesson_detail(request, module_id, lesson_id):
    """A lesson; its button (POST) marks it read and goes to the next step."""
    lesson = access.access_lesson(actor=request.user, module_id=module_id, lesson_id=lesson_id)
    module = lesson.module
    require_method(request, "GET", "POST")
    if request.method == "POST":
        was_supporter = selectors.is_supporter(user=request.user)
        done = attempt(request, learning.lesson_read, actor=request.user, lesson=lesson)
        _tell_if_newly_certified(request, was_supporter)
        if not done.ok:
            return redirect("training:lesson", module_id, lesson_id)
        row = selectors.module_row(actor=request.user, module=module)
        if row.state == "completed":
            messages.success(request, _("Module complete. Well done."))
        return redirect(row.url)
    lessons = selectors.lessons_of(module=module)
    index = next(i for i, other in enumerate(lessons) if other.pk == lesson.pk)
    return render(
        request,
        "training/lesson_detail.html",
        {
            "module": module,
            "lesson": lesson,
            "body": render_markdown(lesson.body),
            "number": index + 1,
            "total": len(lessons),
            "previous": lessons[index - 1] if index else None,
            "following": lessons[index + 1] if index + 1 < len(lessons) else None,
            "is_last": index == len(lessons) - 1,
        },
    )


@login_required
def quiz(request, module_id):
    """The module's scenario quiz; submitting (POST) scores it and shows why each answer is right or wrong.
    A missing answer re-shows the quiz with every choice kept."""
    module = access.access_module(actor=request.user, public_id=module_id)
    require_method(request, "GET", "POST")
    questions = selectors.questions_of(module=module)
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        was_supporter = selectors.is_supporter(user=request.user)
        done = attempt(
            request,
            learning.quiz_submit,
            form=form,
            actor=request.user,
            module=module,
            answers=form.answers(),
        )
        if done.ok:
            messages.success(request, _("Your answers are in."), extra_tags="draft-saved")
            _tell_if_newly_certified(request, was_supporter)
            return redirect("training:attempt", done.value.public_id)
    return render(
        request,
        "training/quiz.html",
        {
            "module": module,
            "form": form,
            "progress": selectors.progress_of(actor=request.user, module=module),
        },
        status=form_status(form),
    )


@login_required
def attempt_detail(request, attempt_id):
    """The learner's own attempt: the score, and for every question the answers with their explanations,
    as the quiz was when they took it."""
    quiz_attempt = access.access_attempt(actor=request.user, public_id=attempt_id)
    require_method(request, "GET")
    module = quiz_attempt.module
    row = selectors.module_row(actor=request.user, module=module) if module.is_published else None
    return render(
        request,
        "training/attempt_detail.html",
        {
            "attempt": quiz_attempt,
            "module": module,
            "questions": selectors.attempt_feedback(quiz_attempt),
            "next_url": row.url if row else None,
            "row": row,
        },
    )


@login_required
def practice(request, module_id):
    """The practice exercise: a colleague's message to answer; after submitting, the listening coach's
    notes and a model answer. What the learner wrote is theirs alone."""
    module = access.access_module(actor=request.user, public_id=module_id)
    require_method(request, "GET", "POST")
    exercise = getattr(module, "practice", None)
    if exercise is None:
        return redirect("training:module", module_id)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        was_supporter = selectors.is_supporter(user=request.user)
        done = attempt(
            request,
            learning.practice_submit,
            form=form,
            actor=request.user,
            module=module,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(
                request,
                _("Thank you. Here is what the coach noticed, and a model answer."),
                extra_tags="draft-saved",
            )
            _tell_if_newly_certified(request, was_supporter)
            return redirect("training:practice", module_id)
    response = selectors.latest_practice(actor=request.user, module=module)
    row = selectors.module_row(actor=request.user, module=module)
    return render(
        request,
        "training/practice.html",
        {
            "module": module,
            "exercise": exercise,
            "form": form,
            "response": response,
            "hints": [COACH_HINTS[key] for key in response.coach_flags if key in COACH_HINTS]
            if response
            else [],
            "next_url": row.url,
            "row": row,
            "is_supporter": selectors.is_supporter(user=request.user),
        },
        status=form_status(form),
    )

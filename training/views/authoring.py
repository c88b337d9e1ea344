"""Programme leads write the curriculum: the modules, their lessons, quiz questions and practice, their
order and whether they are published. Everyone else gets a 404 here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from peersupport.core.http import attempt, form_status, require_method
from training import access, selectors
from training.access import Need
from training.forms import (
    LessonForm,
    ModuleForm,
    MoveForm,
    OptionFormSet,
    PracticeExerciseForm,
    PublishForm,
    QuestionForm,
    option_rows,
)
from training.services import authoring

MAX_OPTIONS = 6


@login_required
def manage(request):
    """Programme leads: every module in order, published or draft, with reorder and publish buttons."""
    access.require_author(actor=request.user)
    require_method(request, "GET")
    return render(request, "training/manage.html", {"modules": selectors.module_manage_list()})


@login_required
def module_create(request):
    access.require_author(actor=request.user)
    require_method(request, "GET", "POST")
    form = ModuleForm(request.POST or None, submit_label=_("Create module"))
    if request.method == "POST" and form.is_valid():
        done = attempt(request, authoring.module_create, form=form, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Module created as a draft. Add lessons, a quiz and a practice."))
            return redirect("training:module_edit", done.value.public_id)
    return render(request, "training/module_form.html", {"form": form}, status=form_status(form))


@login_required
def module_edit(request, module_id):
    """A module's details, and the list of its lessons, questions and practice to edit."""
    module = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR)
    require_method(request, "GET", "POST")
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in authoring.MODULE_FIELDS}
        module.refresh_from_db()  # the form wrote its values onto the instance; the service compares
        done = attempt(
            request, authoring.module_update, form=form, actor=request.user, module=module, **fields
        )
        if done.ok:
            messages.success(request, _("Module saved."))
            return redirect("training:module_edit", module_id)
    return render(
        request,
        "training/module_edit.html",
        {
            "module": module,
            "form": form,
            "lessons": selectors.lessons_of(module=module),
            "questions": selectors.questions_of(module=module),
            "practice": getattr(module, "practice", None),
        },
        status=form_status(form),
    )


@login_required
def module_publish(request, module_id):
    """Asks first (GET: how many learners it affects), then publishes or takes back to a draft (POST)."""
    module = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR)
    require_method(request, "GET", "POST")
    if request.method == "GET":
        return render(
            request,
            "training/module_publish.html",
            {"module": module, "learners": selectors.learners_in(module=module)},
        )
    form = PublishForm(request.POST)
    form.is_valid()
    publish = form.cleaned_data.get("publish", False)
    done = attempt(request, authoring.module_publish, actor=request.user, module=module, publish=publish)
    if done.ok:
        messages.success(
            request, _("Published.") if publish else _("Back to a draft: learners no longer see it.")
        )
    return redirect("training:module_edit", module_id)


def _direction(request) -> bool | None:
    form = MoveForm(request.POST)
    return form.cleaned_data["direction"] == "up" if form.is_valid() else None


@login_required
def module_move(request, module_id):
    module = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR)
    require_method(request, "POST")
    return _move_then_return(
        request,
        move=lambda **kw: authoring.module_move(module=module, **kw),
        to=reverse("training:manage") + f"#module-{module.public_id}",
    )


@login_required
def lesson_form(request, module_id, lesson_id=None):
    """Add a lesson to a module, or edit one."""
    if lesson_id:
        lesson = access.access_lesson(
            actor=request.user, module_id=module_id, lesson_id=lesson_id, need=Need.AUTHOR
        )
        module = lesson.module
    else:
        module, lesson = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR), None
    require_method(request, "GET", "POST")
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            authoring.lesson_save,
            form=form,
            actor=request.user,
            module=module,
            lesson=lesson,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        if done.ok:
            messages.success(request, _("Lesson saved."))
            return redirect("training:module_edit", module_id)
    return render(
        request,
        "training/lesson_form.html",
        {"module": module, "lesson": lesson, "form": form},
        status=form_status(form),
    )


def _confirm_then_remove(request, *, module, what, kind, remove, done_message):
    """Asks first (GET), then removes (POST) and goes back to the module's editor."""
    if request.method == "POST":
        if attempt(request, remove).ok:
            messages.success(request, done_message)
        return redirect("training:module_edit", module.public_id)
    return render(request, "training/confirm_delete.html", {"module": module, "what": what, "kind": kind})


def _move_then_return(request, *, move, to: str):
    """Moves one place up or down (POST) and goes back to the row that moved."""
    up = _direction(request)
    if up is not None:
        move(actor=request.user, up=up)
    return redirect(to)


@login_required
def lesson_delete(request, module_id, lesson_id):
    lesson = access.access_lesson(
        actor=request.user, module_id=module_id, lesson_id=lesson_id, need=Need.AUTHOR
    )
    require_method(request, "GET", "POST")
    return _confirm_then_remove(
        request,
        module=lesson.module,
        what=lesson.title,
        kind=_("lesson"),
        remove=lambda: authoring.lesson_delete(actor=request.user, lesson=lesson),
        done_message=_("Lesson removed."),
    )


@login_required
def lesson_move(request, module_id, lesson_id):
    lesson = access.access_lesson(
        actor=request.user, module_id=module_id, lesson_id=lesson_id, need=Need.AUTHOR
    )
    require_method(request, "POST")
    return _move_then_return(
        request,
        move=lambda **kw: authoring.lesson_move(lesson=lesson, **kw),
        to=reverse("training:module_edit", args=[module_id]) + f"#lesson-{lesson.public_id}",
    )


@login_required
def question_form(request, module_id, question_id=None):
    """Add a quiz question with its answers, or edit one. Blank answer rows are ignored."""
    if question_id:
        question = access.access_question(actor=request.user, module_id=module_id, question_id=question_id)
        module = question.module
        initial = {"text": question.text, "multiple": question.multiple}
        options = [
            {"text": o.text, "correct": o.correct, "explanation": o.explanation}
            for o in question.options.all()
        ]
    else:
        module = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR)
        question, initial, options = None, {}, []
    require_method(request, "GET", "POST")
    form = QuestionForm(request.POST or None, initial=initial)
    # Six rows to fill in (blank ones are ignored), so a lead can add answers without a script.
    formset = OptionFormSet(
        request.POST or None, initial=(options + [{}] * MAX_OPTIONS)[:MAX_OPTIONS], prefix="option"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        done = attempt(
            request,
            authoring.question_save,
            form=form,
            actor=request.user,
            module=module,
            question=question,
            text=form.cleaned_data["text"],
            multiple=form.cleaned_data["multiple"],
            options=option_rows(formset),
        )
        if done.ok:
            messages.success(request, _("Question saved."))
            return redirect("training:module_edit", module_id)
    invalid = request.method == "POST"
    return render(
        request,
        "training/question_form.html",
        {"module": module, "question": question, "form": form, "formset": formset},
        status=400 if invalid else 200,
    )


@login_required
def question_delete(request, module_id, question_id):
    question = access.access_question(actor=request.user, module_id=module_id, question_id=question_id)
    require_method(request, "GET", "POST")
    return _confirm_then_remove(
        request,
        module=question.module,
        what=question.text,
        kind=_("question"),
        remove=lambda: authoring.question_delete(actor=request.user, question=question),
        done_message=_("Question removed. Past attempts keep it in their results."),
    )


@login_required
def question_move(request, module_id, question_id):
    question = access.access_question(actor=request.user, module_id=module_id, question_id=question_id)
    require_method(request, "POST")
    return _move_then_return(
        request,
        move=lambda **kw: authoring.question_move(question=question, **kw),
        to=reverse("training:module_edit", args=[module_id]) + f"#question-{question.public_id}",
    )


@login_required
def practice_form(request, module_id):
    """Set the module's practice exercise."""
    module = access.access_module(actor=request.user, public_id=module_id, need=Need.AUTHOR)
    require_method(request, "GET", "POST")
    form = PracticeExerciseForm(request.POST or None, instance=getattr(module, "practice", None))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            authoring.practice_save,
            form=form,
            actor=request.user,
            module=module,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(request, _("Practice exercise saved."))
            return redirect("training:module_edit", module_id)
    return render(
        request, "training/practice_form.html", {"module": module, "form": form}, status=form_status(form)
    )

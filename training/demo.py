"""Demo training for `manage.py seed_demo`: the shipped curriculum, and the supporter persona made a peer
supporter the only way anyone becomes one — by passing the modules (idempotent)."""

from training import selectors
from training.models import Topic
from training.services import learning, supporters
from training.services.curriculum import curriculum_load


def _pass_module(user, row) -> None:
    for lesson in row.module.lessons.all():
        learning.lesson_read(actor=user, lesson=lesson)
    questions = selectors.questions_of(module=row.module)
    if questions:
        answers = {str(q.pk): [o.pk for o in q.options.all() if o.correct] for q in questions}
        learning.quiz_submit(actor=user, module=row.module, answers=answers)
    practice = getattr(row.module, "practice", None)
    if practice is not None:
        learning.practice_submit(actor=user, module=row.module, text=practice.model_answer)


def seed(*, people) -> None:
    curriculum_load()
    supporter = people["supporter@example.com"]
    for row in selectors.module_rows(actor=supporter):
        if row.module.required and row.state != "completed":
            _pass_module(supporter, row)
    if selectors.profile_of(user=supporter) is None:
        supporters.supporter_profile_update(
            actor=supporter,
            show_badge=True,
            in_directory=True,
            topics=[Topic.STRESS, Topic.BULLYING, Topic.WORK_LIFE],
            available=True,
        )
    # The employee has started the first module, so "continue where I left off" has somewhere to go.
    employee = people["employee@example.com"]
    first = next((row for row in selectors.module_rows(actor=employee) if row.module.required), None)
    if first is not None and first.state == "new":
        learning.lesson_read(actor=employee, lesson=first.module.lessons.first())

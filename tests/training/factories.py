"""Training modules made the way programme leads make them (through the authoring services)."""

from training import selectors
from training.services import authoring, learning

WRONG = "Not quite: this puts your view first."
RIGHT = "Yes: it leaves room for them."


def make_module(
    *, title="Listening", lessons=2, questions=2, practice=True, required=True, refresher=False, publish=True
):
    """A module with `lessons` lessons and `questions` single-answer questions (the first answer right),
    one multiple-answer question when questions > 2, and a practice exercise."""
    module = authoring.module_create(
        actor=None,
        title=title,
        summary=f"About {title}.",
        minutes=10,
        required=required,
        refresher=refresher,
        pass_mark=80,
    )
    for number in range(1, lessons + 1):
        authoring.lesson_save(
            actor=None, module=module, title=f"{title} lesson {number}", body=f"Lesson **{number}**."
        )
    for number in range(1, questions + 1):
        multiple = number == 3
        authoring.question_save(
            actor=None,
            module=module,
            text=f"{title} question {number}?",
            multiple=multiple,
            options=[
                {"text": "Reflect what you heard", "correct": True, "explanation": RIGHT},
                {
                    "text": "Ask how they feel",
                    "correct": multiple,
                    "explanation": RIGHT if multiple else WRONG,
                },
                {"text": "Tell them what to do", "correct": False, "explanation": WRONG},
            ],
        )
    if practice:
        authoring.practice_save(
            actor=None,
            module=module,
            title=f"{title} practice",
            prompt="My manager shouted at me in front of everyone.",
            guidance="Reflect the feeling.",
            model_answer="That sounds humiliating. How are you feeling now?",
        )
    if publish:
        authoring.module_publish(actor=None, module=module, publish=True)
    return module


def right_answers(module) -> dict[str, list[int]]:
    return {
        str(q.pk): [o.pk for o in q.options.all() if o.correct] for q in selectors.questions_of(module=module)
    }


def wrong_answers(module) -> dict[str, list[int]]:
    return {
        str(q.pk): [o.pk for o in q.options.all() if not o.correct][:1]
        for q in selectors.questions_of(module=module)
    }


def complete(user, module) -> None:
    """Everything a learner does to complete a module: read, pass, practise."""
    for lesson in module.lessons.all():
        learning.lesson_read(actor=user, lesson=lesson)
    if module.questions.exists():
        learning.quiz_submit(actor=user, module=module, answers=right_answers(module))
    if hasattr(module, "practice"):
        learning.practice_submit(
            actor=user, module=module, text="That sounds really hard. What happened next?"
        )

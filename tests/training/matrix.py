"""Who may open and post to every training page.

The world: a published module (two lessons, two quiz questions, a practice) and a draft one; the `supporter`
persona passed the published module, so holds a current certificate whose verification link they allow,
and took the quiz (their attempt); the `facilitator` persona runs a group (which is what puts the roster
in their reach, as it is for programme leads and site admins); programme leads author. Learning is open
to everyone signed in; a draft, the authoring pages and the roster are 404s to everyone else; an attempt
is its learner's alone.
"""

from functools import cached_property

from django.urls import reverse

from tests.groups.factories import make_group
from tests.matrix import SIGN_IN, Route, only, signed_in_only
from tests.training.factories import complete, make_module, right_answers
from training.models import Certificate, QuizAttempt
from training.services import certificates

LEAD = {"programme_lead": 200}
ROSTER = {"programme_lead": 200, "facilitator": 200, "site_admin": 200}


class World:
    def __init__(self, request):
        self.request = request

    def persona(self, name):
        return self.request.getfixturevalue(name)

    @cached_property
    def module(self):
        module = make_module(title="Listening")
        supporter = self.persona("supporter")
        complete(supporter, module)
        certificates.certificate_sharing_set(actor=supporter, allowed=True)
        make_group(facilitator=self.persona("facilitator"))
        return module

    @cached_property
    def draft(self):
        return make_module(title="Draft", publish=False)

    @cached_property
    def lesson(self):
        return self.module.lessons.first()

    @cached_property
    def question(self):
        return self.module.questions.first()

    @cached_property
    def attempt(self):
        return QuizAttempt.objects.get(user=self.persona("supporter"), module=self.module)

    def m(self, name, *more, module=None):
        return reverse(f"training:{name}", args=[(module or self.module).public_id, *more])


def _quiz_body(world):
    return {f"q{question}": options for question, options in right_answers(world.module).items()}


def _question_body(world):
    body = {
        "text": "What helps most?",
        "option-TOTAL_FORMS": "2",
        "option-INITIAL_FORMS": "0",
        "option-MIN_NUM_FORMS": "0",
        "option-MAX_NUM_FORMS": "6",
    }
    for number, (text, correct) in enumerate([("Listening", True), ("Advising", False)]):
        body[f"option-{number}-text"] = text
        body[f"option-{number}-explanation"] = "Because."
        if correct:
            body[f"option-{number}-correct"] = "on"
    return body


def _module_body(world):
    return {
        "title": "Boundaries",
        "summary": "Saying no.",
        "minutes": "15",
        "required": "on",
        "pass_mark": "80",
    }


def _lead_only(get=200, post=302):
    return {"get": only({"programme_lead": get}), "post": only({"programme_lead": post})}


ROUTES = [
    Route(
        "training:list", lambda w: reverse("training:list"), get=signed_in_only(), post=signed_in_only(405)
    ),
    Route("training:module", lambda w: w.m("module"), get=signed_in_only(), post=signed_in_only(405)),
    Route(
        "training:lesson",
        lambda w: w.m("lesson", w.lesson.public_id),
        get=signed_in_only(),
        post=signed_in_only(302),
    ),
    Route(
        "training:quiz",
        lambda w: w.m("quiz"),
        get=signed_in_only(),
        post=signed_in_only(302),
        body=_quiz_body,
    ),
    Route(
        "training:practice",
        lambda w: w.m("practice"),
        get=signed_in_only(),
        post=signed_in_only(302),
        body=lambda w: {"text": "That sounds exhausting. What has been the hardest part?"},
    ),
    Route(
        "training:attempt",
        lambda w: reverse("training:attempt", args=[w.attempt.public_id]),
        get=only({"supporter": 200}),
        post=only({"supporter": 405}),
    ),
    Route(
        "training:certificate",
        lambda w: (w.module, reverse("training:certificate"))[1],
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "training:certificate_sharing",
        lambda w: (w.module, reverse("training:certificate_sharing"))[1],
        get=only({"supporter": 405}),
        post=only({"supporter": 302}),
        body=lambda w: {},
    ),
    # The verification link answers anyone, signed in or not, while its holder allows it.
    Route(
        "training:verify",
        lambda w: reverse("training:verify", args=[_code(w)]),
        get={"*": 200},
        post={"*": 405},
    ),
    Route(
        "training:supporter",
        lambda w: (w.module, reverse("training:supporter"))[1],
        get=signed_in_only(),
        post=signed_in_only(302),
        body=lambda w: {"available": "on", "topics": ["stress"]},
    ),
    Route(
        "training:directory",
        lambda w: (w.module, reverse("training:directory"))[1],
        get=signed_in_only(),
        post=signed_in_only(405),
    ),
    Route(
        "training:roster",
        lambda w: (w.module, reverse("training:roster"))[1],
        get=only(ROSTER),
        post=only({"programme_lead": 405, "facilitator": 405, "site_admin": 405}),
    ),
    Route(
        "training:manage",
        lambda w: (w.module, reverse("training:manage"))[1],
        get=only(LEAD),
        post=only({"programme_lead": 405}),
    ),
    Route(
        "training:module_create",
        lambda w: (w.module, reverse("training:module_create"))[1],
        body=_module_body,
        **_lead_only(),
    ),
    Route("training:module_edit", lambda w: w.m("module_edit"), body=_module_body, **_lead_only()),
    Route(
        "training:module_publish",
        lambda w: w.m("module_publish", module=w.draft),
        body=lambda w: {"publish": "on"},
        **_lead_only(),
    ),
    Route(
        "training:module_move",
        lambda w: w.m("module_move", module=w.draft),
        body=lambda w: {"direction": "up"},
        **_lead_only(get=405),
    ),
    Route(
        "training:lesson_create",
        lambda w: w.m("lesson_create"),
        body=lambda w: _lesson_body(),
        **_lead_only(),
    ),
    Route(
        "training:lesson_edit",
        lambda w: w.m("lesson_edit", w.lesson.public_id),
        body=lambda w: _lesson_body(),
        **_lead_only(),
    ),
    Route("training:lesson_delete", lambda w: w.m("lesson_delete", w.lesson.public_id), **_lead_only()),
    Route(
        "training:lesson_move",
        lambda w: w.m("lesson_move", w.lesson.public_id),
        body=lambda w: {"direction": "down"},
        **_lead_only(get=405),
    ),
    Route("training:question_create", lambda w: w.m("question_create"), body=_question_body, **_lead_only()),
    Route(
        "training:question_edit",
        lambda w: w.m("question_edit", w.question.public_id),
        body=_question_body,
        **_lead_only(),
    ),
    Route("training:question_delete", lambda w: w.m("question_delete", w.question.public_id), **_lead_only()),
    Route(
        "training:question_move",
        lambda w: w.m("question_move", w.question.public_id),
        body=lambda w: {"direction": "down"},
        **_lead_only(get=405),
    ),
    Route(
        "training:practice_edit",
        lambda w: w.m("practice_edit"),
        body=lambda w: {
            "title": "Try it",
            "prompt": "I feel lost.",
            "guidance": "",
            "model_answer": "That sounds lonely.",
        },
        **_lead_only(),
    ),
]


def _code(world) -> str:
    world.module  # noqa: B018 - builds the world, in which the supporter earns the certificate
    return Certificate.objects.get(user=world.persona("supporter")).code


def _lesson_body():
    return {"title": "Silence", "body": "Let it sit."}


__all__ = ["ROUTES", "SIGN_IN", "World"]

"""The curriculum shipped with the app: complete, explained, coached, and loaded without overwriting edits."""

import re
import tomllib

import pytest

from peersupport.core.listening_coach import review
from training.models import Module
from training.services import authoring
from training.services.curriculum import curriculum_files, curriculum_load

pytestmark = pytest.mark.django_db
REQUIRED = {
    "what-peer-support-is",
    "active-listening",
    "empathy-and-validation",
    "confidentiality-and-trust",
    "workplace-bullying",
    "looking-after-yourself",
}


def _all():
    return [tomllib.loads(path.read_text()) for path in curriculum_files()]


def _words(text: str) -> int:
    return len(re.findall(r"\b[\w'\u2019-]+\b", text))


def test_six_required_modules_and_a_refresher_each_with_lessons_quiz_and_practice():
    modules = _all()
    assert {m["slug"] for m in modules if m["required"]} == REQUIRED
    refreshers = [m for m in modules if m.get("refresher")]
    assert len(refreshers) == 1 and not refreshers[0]["required"]
    for module in modules:
        assert 2 <= len(module["lessons"]) <= 6, module["slug"]
        if module["required"]:
            assert len(module["lessons"]) >= 3, module["slug"]
            assert any(q.get("multiple") for q in module["quiz"]["questions"]), module["slug"]
        assert module["quiz"]["questions"], module["slug"]
        assert module["practice"]["model_answer"].strip(), module["slug"]


def test_the_curriculum_is_substantial_and_every_option_is_explained():
    words = 0
    for module in _all():
        words += sum(_words(lesson["body"]) for lesson in module["lessons"])
        for question in module["quiz"]["questions"]:
            correct = [o for o in question["options"] if o["correct"]]
            assert len(correct) >= (2 if question.get("multiple") else 1), question["text"]
            if not question.get("multiple"):
                assert len(correct) == 1, question["text"]
            assert len(question["options"]) - len(correct) >= 1, question["text"]  # a plausible wrong one
            for option in question["options"]:
                assert option["explanation"].strip(), option["text"]
                words += _words(option["text"]) + _words(option["explanation"])
            words += _words(question["text"])
    assert words >= 6000, words


def test_the_model_answers_pass_the_listening_coach():
    for module in _all():
        assert not review(module["practice"]["model_answer"]).flagged, module["slug"]


def test_loading_adds_what_is_missing_and_never_overwrites_an_edit():
    added = curriculum_load()
    assert len(added) == len(curriculum_files())
    assert all(module.is_published for module in added)
    module = Module.objects.get(slug="active-listening")
    authoring.module_update(actor=None, module=module, title="Listening, our way", pass_mark=70)
    assert curriculum_load() == []
    module.refresh_from_db()
    assert (module.title, module.pass_mark) == ("Listening, our way", 70)
    assert Module.objects.count() == len(curriculum_files())

"""The curriculum shipped with the app (training/curriculum/*.toml), loaded into modules once: a module
whose slug is already there is left alone, so a programme lead's edits are never overwritten."""

import tomllib
from pathlib import Path

from django.db import transaction

from training.models import Module
from training.services import authoring

CURRICULUM_DIR = Path(__file__).resolve().parents[1] / "curriculum"


class CurriculumError(ValueError):
    pass


def _read(path: Path) -> dict:
    with path.open("rb") as file:
        data = tomllib.load(file)
    for key in ("slug", "title", "summary", "lessons", "quiz", "practice"):
        if key not in data:
            raise CurriculumError(f"{path.name}: missing {key!r}")
    return data


def curriculum_files(directory: Path = CURRICULUM_DIR) -> list[Path]:
    return sorted(directory.glob("*.toml"))


@transaction.atomic
def curriculum_load(*, directory: Path = CURRICULUM_DIR, publish: bool = True) -> list[Module]:
    """Add the shipped modules that are missing, in file order, published; returns those added."""
    added = []
    for path in curriculum_files(directory):
        data = _read(path)
        if Module.objects.filter(slug=data["slug"]).exists():
            continue
        module = authoring.module_create(
            actor=None,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"].strip(),
            minutes=data.get("minutes", 20),
            required=data.get("required", True),
            refresher=data.get("refresher", False),
            pass_mark=data["quiz"].get("pass_mark", 80),
        )
        for lesson in data["lessons"]:
            authoring.lesson_save(
                actor=None, module=module, title=lesson["title"], body=lesson["body"].strip()
            )
        for question in data["quiz"]["questions"]:
            authoring.question_save(
                actor=None,
                module=module,
                text=question["text"].strip(),
                multiple=question.get("multiple", False),
                options=[
                    {
                        "text": o["text"].strip(),
                        "correct": o["correct"],
                        "explanation": o["explanation"].strip(),
                    }
                    for o in question["options"]
                ],
            )
        practice = data["practice"]
        authoring.practice_save(
            actor=None,
            module=module,
            title=practice["title"],
            prompt=practice["prompt"].strip(),
            guidance=practice.get("guidance", "").strip(),
            model_answer=practice["model_answer"].strip(),
        )
        if publish:
            authoring.module_publish(actor=None, module=module, publish=True)
        added.append(module)
    return added

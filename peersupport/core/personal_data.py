"""What the app stores about a person, section by section: for the privacy centre's export and erasure.

Every app registers a section for each model that points at a person. A test fails when a model with a
foreign key to the user model is not covered by some section, so nothing stored can be left out of an
export or survive an erasure unnoticed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    models: tuple[str, ...]  # "app_label.modelname" of every model this section covers
    export: Callable[[Any], Any]
    # erase(user, keep_posts) removes or pseudonymises the section's data; None when the user row itself
    # (pseudonymised last) or cascades take care of it.
    erase: Callable[[Any, bool], None] | None = None
    who_can_see: Callable[[Any], str] = field(default=lambda user: "")


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    SECTIONS[section.key] = section
    return section


def covered_models() -> set[str]:
    return {label for section in SECTIONS.values() for label in section.models}


def export_everything(user) -> dict[str, Any]:
    """Everything stored about a person, as JSON-ready data, one entry per section."""
    return {key: section.export(user) for key, section in SECTIONS.items()}


def erase_everything(user, *, keep_posts: bool) -> None:
    """Run every section's eraser; the caller pseudonymises the user row afterwards, in one transaction."""
    for section in SECTIONS.values():
        if section.erase is not None:
            section.erase(user, keep_posts)


# Audit actions whose subject and target must not be shown to site admins (e.g. who is in which group):
# their rows appear in the audit view with the person and target withheld. Apps add prefixes.
CONFIDENTIAL_ACTION_PREFIXES: set[str] = set()


def is_confidential_action(action: str) -> bool:
    return action.startswith(tuple(CONFIDENTIAL_ACTION_PREFIXES))


# Plain words for audit actions, shown to the person in "Who accessed my data"; apps add their own.
ACTION_LABELS: dict[str, str] = {}


def describe_action(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


# Plain words for keys in exported data, for the readable copy (core.templatetags.readable); apps add theirs.
# Keys without an entry are read as words ("last_sign_in" -> "Last sign in", first person turned to "you").
EXPORT_KEY_LABELS: dict[str, str] = {}

# Plain words for codes that appear as values in exported data (a notification kind, a status, a role),
# for the readable copy; the JSON keeps the codes. Apps add theirs, usually from their models' choices.
VALUE_LABELS: dict[str, str] = {}

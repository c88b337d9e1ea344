"""Single-object checks for the training app. Learning is open to every signed-in person; a module that
is not published exists only for programme leads (its preview); authoring and the roster are 404s to
everyone else; an attempt or a certificate is its owner's alone."""

import enum

from django.http import Http404

from peersupport.core.permissions import MANAGE_PEOPLE, MANAGE_PROGRAMME
from peersupport.core.pillars import FACILITATOR, standings_of
from training import selectors
from training.models import Lesson, Module, Question


class Need(enum.Enum):
    LEARN = "learn"  # read and take it: published, or a programme lead's preview
    AUTHOR = "author"  # write it: programme leads


def may_author(actor) -> bool:
    return actor.is_authenticated and actor.has_perm(MANAGE_PROGRAMME)


def access_module(*, actor, public_id: str, need: Need = Need.LEARN) -> Module:
    """A module the actor may learn from (published, or any for a programme lead) or author."""
    if not isinstance(need, Need):
        raise TypeError(f"need must be a training.access.Need, not {need!r}")
    if not actor.is_authenticated:
        raise Http404
    module = selectors.module_get(public_id=public_id)
    if module is None:
        raise Http404
    if (need is Need.AUTHOR or not module.is_published) and not may_author(actor):
        raise Http404
    return module


def access_lesson(*, actor, module_id: str, lesson_id: str, need: Need = Need.LEARN) -> Lesson:
    module = access_module(actor=actor, public_id=module_id, need=need)
    lesson = module.lessons.filter(public_id=lesson_id).first()
    if lesson is None:
        raise Http404
    lesson.module = module
    return lesson


def access_question(*, actor, module_id: str, question_id: str) -> Question:
    module = access_module(actor=actor, public_id=module_id, need=Need.AUTHOR)
    question = module.questions.prefetch_related("options").filter(public_id=question_id).first()
    if question is None:
        raise Http404
    question.module = module
    return question


def require_author(*, actor) -> None:
    """The curriculum's own pages (the list of modules, a new module): programme leads only."""
    if not may_author(actor):
        raise Http404


def access_attempt(*, actor, public_id: str):
    """One of the actor's own quiz attempts; everyone else's is a 404, whoever asks."""
    attempt = selectors.attempt_get(actor=actor, public_id=public_id) if actor.is_authenticated else None
    if attempt is None:
        raise Http404
    return attempt


def may_see_roster(actor) -> bool:
    """The roster of current supporters (names, teams, expiry dates): programme leads, people who
    facilitate a group, and site admins (who see certificates, DESIGN §3)."""
    if not actor.is_authenticated:
        return False
    if actor.has_perm(MANAGE_PROGRAMME) or actor.has_perm(MANAGE_PEOPLE):
        return True
    return FACILITATOR in standings_of(actor)


def require_roster(*, actor) -> None:
    if not may_see_roster(actor):
        raise Http404


def require_certificate(*, actor):
    """The actor's own certificate (for its settings); 404 for someone without one."""
    certificate = selectors.certificate_of(user=actor)
    if certificate is None:
        raise Http404
    return certificate

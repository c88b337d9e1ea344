"""The permission matrix's machinery: every route, persona and method, with the status each must answer.

Each app keeps its rows beside its tests, in `tests/<app>/matrix.py`: a `World` class that builds, lazily,
the objects its URLs point at (from the persona fixtures), and `ROUTES`, a list of `Route`s. A new pillar
adds its own file; nothing here names an app. `tests/test_permission_matrix.py` runs them all and fails
when a URL pattern has no route, so a page cannot ship without deciding who may read it and who may write.

Rules the runner enforces (pretix style):
- every route has a GET row and a POST row for every persona ("*" is everyone not named);
- POSTs carry a valid CSRF token and the route's body, so the status is decided by the rules, not by a
  missing field or token;
- a refused write (403, 404, 405, 400 or a sign-in redirect) changes nothing in the database.
"""

import hashlib
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

import tests

SIGN_IN = "sign-in"  # a 302 to the sign-in page, with the page asked for as ?next=
REFUSED = {400, 403, 404, 405, SIGN_IN}

Expectations = dict[str, Any]  # persona (or "*") -> status


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, as reverse() takes it
    url: Callable[[Any], str]  # world -> path
    get: Expectations
    post: Expectations
    body: Callable[[Any], dict] = field(default=lambda world: {})  # world -> POST data

    def expected(self, method: str, persona: str):
        table = self.get if method == "GET" else self.post
        return table.get(persona, table.get("*"))


def signed_in_only(status=200) -> Expectations:
    return {"anonymous": SIGN_IN, "*": status}


def only(status_for: dict[str, Any], *, others=404, anonymous=SIGN_IN) -> Expectations:
    """Named personas get their status; every other signed-in persona `others`; anonymous `anonymous`."""
    return {"anonymous": anonymous, **status_for, "*": others}


def post_only(get_others=405, **named) -> Expectations:
    """The GET row of a POST-only route: 405 for whoever may see the object, else what access says."""
    return {"anonymous": SIGN_IN, **named, "*": get_others}


def app_matrices():
    """Every `tests/<app>/matrix.py` module, in a stable order."""
    modules = []
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                modules.append(importlib.import_module(f"tests.{info.name}.matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"tests.{info.name}.matrix":
                    raise
    return modules


SKIPPED_MODELS = {
    # Signing in writes these, and messages shown on the next page live in the session.
    "sessions.session",
    "usersessions.usersession",
}


def database_fingerprint() -> str:
    """A hash of every row of every table (sessions aside), to prove that a refused write changed nothing."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        if model._meta.label_lower in SKIPPED_MODELS or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        digest.update(model._meta.label_lower.encode())
        for row in model._default_manager.order_by("pk").values_list(*names):
            digest.update(repr(row).encode())
    return digest.hexdigest()

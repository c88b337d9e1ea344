"""Small helpers that every app's function views share: one way to run a service and show its domain
errors, method checks that come after the access check (so out-of-world objects stay 404s), and item
addresses worked out once per list."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.urls import reverse

from peersupport.core.exceptions import ApplicationError

_SLOT = "-slot-"


def address_around(url_name: str, *args) -> tuple[str, str]:
    """The address `url_name` takes with `args` and one more, last, argument, as the text before and after
    that argument: a list reverses once and puts each item's public id between the two, instead of
    reversing once per item (public ids need no quoting)."""
    before, _slot, after = reverse(url_name, args=[*args, _SLOT]).partition(_SLOT)
    return before, after


class MethodNotAllowed(Exception):
    """Raised by `require_method`; `MethodNotAllowedMiddleware` answers 405 with the Allow header."""

    def __init__(self, allowed: tuple[str, ...]):
        super().__init__(", ".join(allowed))
        self.allowed = allowed


def require_method(request, *allowed: str) -> None:
    """Call after the access check: a route that only takes POST answers 405 to a GET from someone who may
    see the object, and 404 (from the access check) to anyone who may not."""
    if request.method not in allowed:
        raise MethodNotAllowed(allowed)


class MethodNotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MethodNotAllowed):
            return HttpResponseNotAllowed(list(exception.allowed))
        return None


@dataclass(frozen=True)
class Attempt:
    ok: bool
    value: Any = None


def attempt(request, service, /, *, form=None, **arguments) -> Attempt:
    """Run a service; a domain error (ApplicationError) is shown where the person acted — on the form field
    it names, or on the form as a whole, or as a page message when there is no form — and nothing else is
    caught. The one way views turn a broken rule into words."""
    try:
        return Attempt(True, service(**arguments))
    except ApplicationError as error:
        if form is not None:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
        return Attempt(False)


def form_status(*forms) -> int:
    """400 when a bound form carries errors (so tests and tools see a refused write), 200 otherwise."""
    return 400 if any(form is not None and form.errors for form in forms) else 200

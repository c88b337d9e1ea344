"""The project's URLs plus a few for tests: two that fail on purpose (403, 500 pages) and one that renders
the whole XSS corpus through render_markdown inside the real page shell, for the browser under the CSP."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from peersupport.core.markdown import render_markdown
from peersupport.urls import handler403, handler404, handler500
from peersupport.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


CORPUS_PAGE = Template(
    '{% extends "base.html" %}{% block content %}<h1>Corpus</h1>'
    "{% for html in items %}<article>{{ html|safe }}</article>{% endfor %}{% endblock %}"
)


def markdown_corpus(request):
    from tests.core.xss_corpus import PAYLOADS

    items = [render_markdown(payload) for payload in PAYLOADS]
    return HttpResponse(CORPUS_PAGE.render(RequestContext(request, {"items": items})))


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("markdown-corpus/", markdown_corpus),
    *project_urlpatterns,
]

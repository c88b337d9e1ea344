"""The project's URLs plus two that fail on purpose, to render the 403 and 500 pages in tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from peersupport.urls import handler403, handler404, handler500
from peersupport.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *project_urlpatterns]

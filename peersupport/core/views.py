from celery.exceptions import CeleryError
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError

from peersupport.celery import app as celery_app
from peersupport.core.selectors import crisis_resource_list


@login_required
def home(request):
    """Your week: each app adds what is coming up for the person as it arrives."""
    return render(request, "core/home.html", {"week_sections": []})


@require_GET
def crisis(request):
    """Crisis and support resources; reachable signed in or not."""
    return render(request, "core/crisis.html", {"resources": crisis_resource_list()})


@never_cache
@require_GET
def healthz(request):
    """The process is alive and answering; checks nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """The database and the broker are reachable; 503 names the part that is not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # Any database failure means not ready; the reason goes to the logs, not the probe.
        checks["database"] = "unavailable"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except (OperationalError, CeleryError, OSError, TimeoutError):
        checks["broker"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No request context here: the failure may have come from a context processor or the database.
    return HttpResponseServerError(get_template("500.html").render({"crisis_url": "/help/crisis/"}))

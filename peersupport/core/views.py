import csv
import json

from celery.exceptions import CeleryError
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError

from peersupport.celery import app as celery_app
from peersupport.core import access, selectors
from peersupport.core.csv_safety import safe_cell
from peersupport.core.forms import AuditFilterForm
from peersupport.core.http import require_method
from peersupport.core.personal_data import is_confidential_action
from peersupport.core.pillars import home_cards_for
from peersupport.core.selectors import crisis_resource_list
from peersupport.core.services import audit_record


@login_required
def home(request):
    """Your week: each app adds what is coming up for the person as it arrives."""
    require_method(request, "GET")
    return render(request, "core/home.html", {"week_sections": home_cards_for(request.user)})


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


WITHHELD = "withheld"


def _audit_rows(request):
    access.require_audit_viewer(actor=request.user)
    require_method(request, "GET")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.audit_list(
        actor=request.user,
        actor_email=filters.get("actor", ""),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    return form, {key: str(value) for key, value in filters.items() if value}, rows


@login_required
def audit_list(request):
    """Site admins: the audit log, filtered by who, what and when."""
    form, filters, rows = _audit_rows(request)
    # Recorded first, so that the count and the rows shown agree (this view appears in its own list).
    audit_record(
        actor=request.user,
        action="core.audit.viewed",
        request=request,
        metadata={"filters": filters, "page": request.GET.get("page", "1")},
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    entries = [(event, is_confidential_action(event.action)) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode()},
    )


@login_required
def audit_export(request):
    """Site admins: the filtered audit log as CSV; the export itself is audited."""
    _form, filters, rows = _audit_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.now():%Y%m%d-%H%M}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["time", "action", "actor", "subject", "target_type", "target_id", "outcome", "ip", "metadata"]
    )
    count = 0
    for event in rows.iterator(chunk_size=2000):
        hidden = is_confidential_action(event.action)
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    event.occurred_at.isoformat(),
                    event.action,
                    event.actor.email if event.actor else event.actor_label,
                    WITHHELD if hidden else (event.subject.email if event.subject else ""),
                    event.target_type,
                    WITHHELD if hidden else event.target_id,
                    event.outcome,
                    event.ip_address,
                    WITHHELD if hidden else json.dumps(event.metadata),
                )
            ]
        )
        count += 1
    audit_record(
        actor=request.user,
        action="core.audit.exported",
        request=request,
        metadata={"filters": filters, "rows": count},
    )
    return response

"""The certificate (printable, and its verification link), a supporter's choices, the supporters
directory and the roster for facilitators and programme leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from peersupport.core.http import attempt, form_status, require_method
from training import access, selectors
from training.forms import CertificateSharingForm, SupporterForm
from training.models import Topic
from training.services import certificates, supporters


@login_required
def certificate(request):
    """The person's own certificate as a printable page, with the switch for its verification link; an
    empty state for someone without one."""
    require_method(request, "GET")
    held = selectors.certificate_of(user=request.user)
    return render(
        request,
        "training/certificate.html",
        {
            "certificate": held,
            "is_current": held is not None and held.is_current(),
            "refresher_url": selectors.refresher_url(),
            "verify_url": request.build_absolute_uri(reverse("training:verify", args=[held.code]))
            if held
            else "",
        },
    )


@login_required
def certificate_sharing(request):
    """The holder: allow or stop the verification link (POST)."""
    access.require_certificate(actor=request.user)
    require_method(request, "POST")
    form = CertificateSharingForm(request.POST)
    form.is_valid()
    allowed = form.cleaned_data.get("allowed", False)
    certificates.certificate_sharing_set(actor=request.user, allowed=allowed)
    messages.success(
        request,
        _("The verification link now shows your name and your certificate's dates.")
        if allowed
        else _("The verification link now shows nothing."),
    )
    return redirect("training:certificate")


def verify(request, code):
    """Anyone with the link, signed in or not: the holder's name and validity, only while they allow it;
    otherwise the same 404 as a code that never existed."""
    require_method(request, "GET")
    held = selectors.verification_get(code=code)
    if held is None:
        raise Http404
    return render(request, "training/verify.html", {"certificate": held, "is_current": held.is_current()})


@login_required
def supporter_settings(request):
    """The person's own choices as a peer supporter; someone without a current certificate learns how to
    become one (or why they are no longer listed)."""
    require_method(request, "GET", "POST")
    form = SupporterForm(request.POST or None, initial=selectors.supporter_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request, supporters.supporter_profile_update, form=form, actor=request.user, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Your choices are saved."))
            return redirect("training:supporter")
    held = selectors.certificate_of(user=request.user)
    return render(
        request,
        "training/supporter_settings.html",
        {
            "form": form,
            "certificate": held,
            "is_current": held is not None and held.is_current(),
            "refresher_url": selectors.refresher_url(),
        },
        status=form_status(form),
    )


@login_required
def directory(request):
    """Everyone signed in: peer supporters who chose to be listed, filtered by topic."""
    require_method(request, "GET")
    topic = request.GET.get("topic", "")
    if topic not in Topic.values:
        topic = ""
    page = selectors.directory_page(topic=topic, page_number=request.GET.get("page"))
    return render(
        request,
        "training/directory.html",
        {"page": page, "topics": Topic.choices, "topic": topic, "query": f"topic={topic}" if topic else ""},
    )


@login_required
def roster(request):
    """Facilitators and programme leads: every current peer supporter with their expiry date (never their
    learning)."""
    access.require_roster(actor=request.user)
    require_method(request, "GET")
    query = request.GET.get("q", "").strip()[:100]
    page = selectors.roster_page(page_number=request.GET.get("page"), query=query)
    return render(
        request,
        "training/roster.html",
        {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""},
    )

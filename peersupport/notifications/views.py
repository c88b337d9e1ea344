from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from peersupport.core.http import require_method
from peersupport.notifications import selectors, services
from peersupport.notifications.access import access_notification
from peersupport.notifications.forms import PreferencesForm


@login_required
def notification_list(request):
    """The person's own notification centre."""
    require_method(request, "GET")
    page = selectors.notification_page(actor=request.user, before=request.GET.get("before", "")[:40])
    items = [(notification, services.title_of(notification)) for notification in page.notifications]
    return render(request, "notifications/notification_list.html", {"page": page, "items": items})


@login_required
@require_GET
def notification_badge(request):
    """The unread count for the navigation, fetched by htmx so that page shells run no query for it."""
    count = selectors.notification_unread_count(actor=request.user)
    return render(request, "notifications/_badge.html", {"count": count})


@login_required
def notification_read(request, public_id):
    notification = access_notification(actor=request.user, public_id=public_id)
    require_method(request, "POST")
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        return render(
            request,
            "notifications/_notification_item.html",
            {"notification": notification, "title": services.title_of(notification)},
        )
    return redirect(_same_site(notification.url) or "notifications:list")


# Following a notification is a plain link (a GET), so that it opens in a new tab, can be copied and is
# announced as a link. Changing state on a GET is acceptable here because the change is tiny and one-way
# (the recipient's own row becomes read, never unread; nothing is shown or sent), and it cannot be forced on
# someone from outside: the address holds the notification's unguessable public id, only the recipient gets
# past the access check (anyone else gets a 404), and the Lax session cookie is not sent with cross-site
# images or frames. E-mails keep linking straight to the page they are about.
@login_required
def notification_open(request, public_id):
    """Open one of the person's own notifications: mark it read, then go to what it is about."""
    notification = access_notification(actor=request.user, public_id=public_id)
    require_method(request, "GET")
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(_same_site(notification.url) or "notifications:list")


def _same_site(url: str) -> str:
    """The url if it is a path on this site; "" for anything that would leave it (no open redirect)."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return ""


@login_required
def notification_read_all(request):
    require_method(request, "POST")
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    """What reaches the person, how, and when."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            actor=request.user,
            channels=form.channels(),
            weekly_digest=form.cleaned_data["weekly_digest"],
            quiet_start=form.cleaned_data["quiet_start"],
            quiet_end=form.cleaned_data["quiet_end"],
        )
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


# Mail clients send the one-click unsubscribe as a POST without a CSRF token (RFC 8058); the signed
# token in the address is what authorises it.
@csrf_exempt
def unsubscribe(request, token):
    """One click from an e-mail, no sign-in: stop e-mails of that kind. GET asks, POST does it."""
    parsed = services.unsubscribe_token_read(token)
    if parsed is None:
        raise Http404
    user, kind = parsed
    if kind.mandatory:
        # Safety messages cannot be stopped: nothing to confirm and nothing changes, for GET and POST alike
        # (400 tells a mail client's one-click POST that it did not work).
        status = 400 if request.method == "POST" else 200
        return render(request, "notifications/unsubscribe_refused.html", {"kind": kind}, status=status)
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", {"kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind})

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from peersupport.accounts import access, roles, selectors, services
from peersupport.accounts.forms import (
    DeleteAccountForm,
    ImportForm,
    InvitationForm,
    PeopleFilterForm,
    ProfileForm,
)
from peersupport.accounts.tasks import (
    EMAIL_CHANGE_CANCEL_SALT,
    EMAIL_CHANGE_CONFIRM_SALT,
    INVITATION_SALT,
    email_change_path,
)
from peersupport.core.http import attempt, require_method
from peersupport.core.personal_data import SECTIONS, describe_action
from peersupport.core.services import audit_record

INVITATION_MAX_AGE = 60 * 60 * 24 * 31


@require_GET
def invitation_accept(request, token):
    """The link in an invitation e-mail: proves the address, then sends the person to sign up."""
    try:
        public_id = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        public_id = None
    invitation = selectors.invitation_open_by_public_id(public_id=public_id) if public_id else None
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already signed in."))
        return redirect("core:home")
    # Opening the link proves the person reads this mailbox, so allauth need not ask again.
    get_adapter().stash_verified_email(request, invitation.email)
    messages.info(request, _("Welcome! Choose a password to finish setting up your account."))
    return redirect("account_signup")


@login_required
def profile(request):
    """The person's own name, pronouns and timezone."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            actor=request.user,
            display_name=form.cleaned_data["display_name"],
            pronouns=form.cleaned_data["pronouns"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


PEOPLE_PER_PAGE = 25
INVITATIONS_PER_PAGE = 25


@login_required
def people(request):
    """Site admins: find people (name, address, team, roles, active or not; never their groups), invite one
    person, import many, and follow, resend or withdraw invitations."""
    access.require_manage_people(actor=request.user)
    require_method(request, "GET")
    filters_form = PeopleFilterForm(request.GET)
    filters = filters_form.filters()
    filtered = any(value not in ("", None) for value in filters.values())
    people_page = Paginator(selectors.person_list(actor=request.user, **filters), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    invitations = Paginator(selectors.invitation_list(actor=request.user), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("invitations_page")
    )
    audit_record(
        actor=request.user,
        action="accounts.people.viewed",
        request=request,
        # Which page, and whether it was narrowed; never the search text (it may be someone's name).
        metadata={
            "page": people_page.number,
            "invitations_page": invitations.number,
            "filtered": filtered,
        },
    )
    kept = request.GET.copy()
    for name in ("page", "invitations_page"):
        kept.pop(name, None)
    paths = selectors.org_unit_paths()
    return render(
        request,
        "accounts/people_manage.html",
        {
            "filters_form": filters_form,
            "filtered": filtered,
            "people": people_page,
            "people_rows": [
                (person, paths.get(person.org_unit_id, ""), roles.role_labels(person))
                for person in people_page
            ],
            "filter_query": kept.urlencode(),
            "invite_form": InvitationForm(),
            "import_form": ImportForm(),
            "invitations": invitations,
            "imports": selectors.import_batch_list(actor=request.user)[:5],
        },
    )


@login_required
def invitation_create(request):
    access.require_manage_people(actor=request.user)
    require_method(request, "POST")
    form = InvitationForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            services.invitation_create,
            form=form,
            actor=request.user,
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            org_unit=selectors.org_unit_get(pk=form.cleaned_data["org_unit"]),
            request=request,
        )
        if done.ok:
            messages.success(
                request, _("Invitation to %(email)s is on its way.") % {"email": done.value.email}
            )
            return redirect("accounts:people")
    return render(request, "accounts/invitation_create.html", {"form": form}, status=400)


@login_required
def invitation_resend(request, public_id):
    """Send an unanswered invitation again (a button on the people page; nothing to confirm)."""
    invitation = access.access_invitation(actor=request.user, public_id=public_id)
    require_method(request, "POST")
    done = attempt(
        request, services.invitation_resend, actor=request.user, invitation=invitation, request=request
    )
    if done.ok:
        messages.success(
            request, _("The invitation to %(email)s is on its way again.") % {"email": invitation.email}
        )
    return redirect("accounts:people")


@login_required
def invitation_revoke(request, public_id):
    """Withdraw an invitation, after a confirmation page."""
    invitation = access.access_invitation(actor=request.user, public_id=public_id)
    require_method(request, "GET", "POST")
    if request.method == "POST":
        done = attempt(
            request, services.invitation_revoke, actor=request.user, invitation=invitation, request=request
        )
        if done.ok:
            messages.success(
                request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
            )
        return redirect("accounts:people")
    return render(request, "accounts/invitation_revoke.html", {"invitation": invitation})


@login_required
def import_create(request):
    access.require_manage_people(actor=request.user)
    require_method(request, "POST")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "accounts/import_create.html", {"form": form}, status=400)
    file_name, content = form.cleaned_data["file"]
    done = attempt(
        request, services.import_batch_create, form=form, actor=request.user, file_name=file_name,
        content=content, request=request,
    )  # fmt: skip
    if not done.ok:
        return render(request, "accounts/import_create.html", {"form": form}, status=400)
    return redirect("accounts:import_detail", public_id=done.value.public_id)


@login_required
def import_detail(request, public_id):
    """Progress and result of one CSV import; htmx polls the fragment until it is finished."""
    batch = access.access_import_batch(actor=request.user, public_id=public_id)
    require_method(request, "GET")
    if not request.htmx:  # the page view is the privileged read; its polling fragments are not
        audit_record(actor=request.user, action="accounts.import.viewed", target=batch, request=request)
    template = "accounts/_import_status.html" if request.htmx else "accounts/import_detail.html"
    return render(request, template, {"batch": batch})


def _who(event, viewer) -> str:
    """Who did it, as a kind of person, never a name: the privacy centre shows no one else's identity."""
    if event.actor_id is None:
        return _("The system") if event.actor_label == "system" else _("Someone not signed in")
    if event.actor_id == viewer.pk:
        return _("You")
    held = {group.name for group in event.actor.groups.all()}
    for role in roles.ROLES:
        if role in held:
            return str(A_PERSON_WITH_ROLE.get(role, _("Someone with a programme-wide role")))
    return _("Another person")


# Whole phrases rather than "A " + the role's label: the article depends on the word ("an HR admin").
A_PERSON_WITH_ROLE = {
    roles.SITE_ADMIN: _lazy("A site admin"),
    roles.HR_ADMIN: _lazy("An HR admin"),
    roles.PROGRAMME_LEAD: _lazy("A programme lead"),
    roles.SAFEGUARDING_LEAD: _lazy("A safeguarding lead"),
}


@login_required
def privacy(request):
    """The privacy centre: who can see what, who accessed my data, export and delete."""
    require_method(request, "GET")
    log = Paginator(
        selectors.access_log_for(actor=request.user).prefetch_related("actor__groups"), 20
    ).get_page(request.GET.get("page"))
    entries = [(event, describe_action(event.action), _who(event, request.user)) for event in log]
    visibility = [(section.title, section.who_can_see(request.user)) for section in SECTIONS.values()]
    email_change = selectors.email_change_open_for(user=request.user)
    return render(
        request,
        "accounts/privacy.html",
        {
            "visibility": visibility,
            "log": log,
            "entries": entries,
            "exports": selectors.data_export_list(actor=request.user)[:5],
            "export_keep_days": services.EXPORT_KEEP_DAYS,
            "email_change": email_change,
            "email_change_cancel_url": email_change_path(email_change, cancel=True) if email_change else "",
        },
    )


@login_required
def data_export_create(request):
    require_method(request, "POST")
    export = services.data_export_request(actor=request.user, request=request)
    # Asking again while one is being prepared gives that one back. No flash message: the page's own status
    # line says it is being prepared, and it changes when the copy is ready (a banner would stay behind).
    return redirect("accounts:data_export_detail", public_id=export.public_id)


@login_required
def data_export_detail(request, public_id):
    """A readable page of one export (with progress while it is prepared); htmx polls the fragment."""
    export = access.access_data_export(actor=request.user, public_id=public_id)
    require_method(request, "GET")
    template = "accounts/_data_export_status.html" if request.htmx else "accounts/data_export_detail.html"
    sections = [
        (SECTIONS[key].title, value) for key, value in (export.content or {}).items() if key in SECTIONS
    ]
    return render(request, template, {"export": export, "sections": sections})


@login_required
def data_export_download(request, public_id):
    export = access.access_data_export(actor=request.user, public_id=public_id, need_ready=True)
    require_method(request, "GET")
    services.data_export_downloaded(actor=request.user, export=export, request=request)
    response = JsonResponse(export.content, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="my-data-{export.requested_at:%Y-%m-%d}.json"'
    return response


@login_required
def account_delete(request):
    """Delete one's own account, after the password and a clear choice about posts."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_erase(
            actor=request.user, keep_posts=form.cleaned_data["posts"] == "keep", request=request
        )
        logout(request)
        messages.info(request, _("Your account has been deleted. Thank you for being part of the programme."))
        return redirect("account_login")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)


EMAIL_CHANGE_MAX_AGE = 60 * 60 * 24 * services.EMAIL_CHANGE_VALID_DAYS


def _email_change_from(token: str, salt: str):
    try:
        public_id = signing.loads(token, salt=salt, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
    if salt == EMAIL_CHANGE_CANCEL_SALT:
        return selectors.email_change_to_stop(public_id=public_id)
    return selectors.email_change_by_public_id(public_id=public_id)


def email_change_confirm(request, token):
    """The link sent to a new address: confirming (a POST) makes it the account's sign-in address."""
    change = _email_change_from(token, EMAIL_CHANGE_CONFIRM_SALT)
    if change is None:
        return render(request, "accounts/email_change_invalid.html", status=404)
    if request.method == "POST":
        done = attempt(request, services.email_change_confirm, change=change, request=request)
        if not done.ok:
            return render(request, "accounts/email_change_invalid.html", status=409)
        change = done.value
        change.refresh_from_db()
        if change.applied_at is None:
            when = date_format(timezone.localtime(change.effective_at), "j F, H:i")
            messages.success(
                request,
                _("Thank you. This becomes the sign-in address on %(when)s, unless it is stopped first.")
                % {"when": when},
            )
            return redirect("core:home" if request.user.is_authenticated else "account_login")
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("Your sign-in address is changed. Please sign in with it."))
        return redirect("account_login")
    return render(request, "accounts/email_change_confirm.html", {"change": change})


def email_change_cancel(request, token):
    """The link sent to the old address (and the privacy centre's button): stop a change of address."""
    change = _email_change_from(token, EMAIL_CHANGE_CANCEL_SALT)
    if change is None:
        return render(request, "accounts/email_change_invalid.html", status=404)
    if request.method == "POST":
        actor = request.user if request.user.is_authenticated else None
        services.email_change_cancel(change=change, actor=actor, request=request)
        messages.success(request, _("The change is stopped. Your sign-in address stays as it was."))
        return redirect("accounts:privacy" if actor else "account_login")
    return render(request, "accounts/email_change_cancel.html", {"change": change})

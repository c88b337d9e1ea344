from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from peersupport.accounts import access, roles, selectors
from peersupport.accounts.models import User, timezone_choices
from peersupport.core.widgets import LongSelect

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus the person's name and team. Someone who came through their invitation link finds
    the name and team the site admin gave already filled in (they may still correct them)."""

    field_order = ["display_name", "email", "org_unit", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How colleagues will see you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    org_unit = forms.TypedChoiceField(
        label=_("Your team"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Used only for programme-wide counts, never to single anyone out."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].choices = [("", _("Choose your team…")), *selectors.org_unit_choices()]
        if not self.is_bound:
            self._prefill_from_invitation()

    def _prefill_from_invitation(self) -> None:
        # Only the address that the signed invitation link proved (stashed in this session) counts: an
        # address typed into a URL must never reveal whom an admin invited, under what name, to which team.
        invitation = access.invitation_proven_by_link(get_adapter().request)
        if invitation is not None:
            self.initial.setdefault("display_name", invitation.display_name)
            self.initial.setdefault("org_unit", invitation.org_unit_id)

    def clean_email(self):
        email = super().clean_email().strip().lower()
        invitation = access.invitation_proven_by_link(get_adapter().request)
        # An invitation opens sign-up only through its own link: typed in, an invited outside address gets
        # the same answer as any other, so sign-up never tells who was invited, nor lets anyone take it.
        if not selectors.signup_email_allowed(email=email, invitation=invitation):
            domains = ", ".join(f"@{domain}" for domain in settings.SIGNUP_ALLOWED_EMAIL_DOMAINS)
            raise forms.ValidationError(
                _(
                    "Sign-up is open to work addresses ending in %(domains)s. If you work here with another "
                    "address, please ask a site admin to invite you."
                )
                % {"domains": domains}
            )
        return email

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        invitation = access.invitation_proven_by_link(get_adapter().request)
        invited = invitation is not None and invitation.email.lower() == (email or "")
        if email and not cleaned.get("org_unit") and not invited:
            self.add_error("org_unit", _("Please choose the team you belong to."))
        return cleaned


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Timezone"), help_text=_("Times are shown to you in this timezone."), widget=LongSelect
    )

    class Meta:
        model = User
        fields = ["display_name", "pronouns", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save changes")))

    def clean_timezone(self):
        value = self.cleaned_data["timezone"]
        if value not in dict(timezone_choices()):
            raise forms.ValidationError(_("Choose a timezone from the list."))
        return value


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Work e-mail address"))
    display_name = forms.CharField(label=_("Name"), max_length=120)
    org_unit = forms.TypedChoiceField(label=_("Team"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].choices = [("", _("Choose a team…")), *selectors.org_unit_choices()]
        self.helper = FormHelper()
        self.helper.add_input(Submit("invite", _("Send invitation")))


class PeopleFilterForm(forms.Form):
    """The search and filters above the list of people; a GET form, so a filtered list can be bookmarked."""

    ACTIVE_CHOICES = [("", _("Everyone")), ("yes", _("Active")), ("no", _("Deactivated"))]

    q = forms.CharField(
        label=_("Name or e-mail"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    org_unit = forms.TypedChoiceField(
        label=_("Team (and the teams below it)"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    active = forms.ChoiceField(
        label=_("Account"),
        required=False,
        choices=ACTIVE_CHOICES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the invitation form on the same page has fields of the same names.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].choices = [("", _("All teams")), *selectors.org_unit_choices()]
        self.fields["role"].choices = [
            ("", _("Any role")),
            ("none", _("No role")),
            *((name, label) for name, (label, _permissions) in roles.ROLES.items()),
        ]

    def filters(self) -> dict:
        """The selector's keyword arguments; a value that does not validate is ignored, not an error page."""
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active")
        return {
            "search": (data.get("q") or "").strip(),
            "org_unit_id": data.get("org_unit"),
            "role": data.get("role") or "",
            "active": {"yes": True, "no": False}.get(active),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header row: email, name, org_unit. Write org units as their full path, "
            "for example “Operations / Finance / Payroll”. Up to 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Check and import")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it into smaller files."))
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”.")
            ) from None


class DeleteAccountForm(forms.Form):
    """Erasure asks for the password again and for a clear choice about posts."""

    POSTS_CHOICES = [
        ("delete", _("Delete everything I wrote in groups")),
        ("keep", _("Keep my posts, shown as written by “Former member”, so conversations still make sense")),
    ]
    posts = forms.ChoiceField(
        label=_("Your posts in peer groups"),
        choices=POSTS_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "Either way, nothing you wrote points at you any more, and anonymous posts stay under their "
            "pseudonym. If you delete them, posts under your name go at once; anonymous ones are deleted at "
            "a random moment within the next two weeks, so that nobody watching a conversation can tell "
            "which pseudonym was yours."
        ),
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask again to make sure it is really you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        delete = Submit("delete", _("Delete my account"))
        delete.field_classes = "btn btn-danger"  # instead of crispy's default primary, not on top of it
        self.helper.add_input(delete)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password

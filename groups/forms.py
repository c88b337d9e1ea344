from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from groups.models import PeerGroup, Theme


def _helper(label: str, css: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class=css))
    return helper


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "sensitive"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add theme"))


class PeopleByEmailField(forms.CharField):
    """Comma-separated e-mail addresses of existing, active people."""

    def clean(self, value):
        value = super().clean(value)
        emails = [part.strip().lower() for part in value.replace("\n", ",").split(",") if part.strip()]
        people = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        missing = sorted(set(emails) - {person.email for person in people})
        if missing:
            raise forms.ValidationError(
                _("No active account for: %(emails)s") % {"emails": ", ".join(missing)}
            )
        return people


class GroupForm(forms.ModelForm):
    facilitators = PeopleByEmailField(
        label=_("Facilitators' e-mail addresses"),
        help_text=_("One or more, separated by commas."),
    )

    class Meta:
        model = PeerGroup
        fields = ["name", "theme", "description", "join_policy", "visibility", "allow_anonymous"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Create group"))


class JoinForm(forms.Form):
    accept_agreement = forms.BooleanField(label=_("I have read the group agreement and will keep to it"))

    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


class InviteForm(forms.Form):
    email = PeopleByEmailField(label=_("Invite by e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send invitation"), "btn-outline-primary")


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the member"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("They will read this. Be kind and specific."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Remove from the group"), "btn-danger")


class MembershipPreferencesForm(forms.Form):
    listed = forms.BooleanField(label=_("Show me in the member list"), required=False)
    listen_only = forms.BooleanField(
        label=_("Listen only"),
        required=False,
        help_text=_("Read along without being asked to post."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), "btn-outline-primary")


class AppointForm(forms.Form):
    email = PeopleByEmailField(label=_("Appoint a facilitator by e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Appoint"), "btn-outline-primary")

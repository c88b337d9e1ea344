from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from peersupport.notifications import selectors


class PreferencesForm(forms.Form):
    """Channels per kind, the weekly digest and quiet hours; one pair of checkboxes per kind."""

    weekly_digest = forms.BooleanField(
        label=_("Send me one weekly digest instead of single e-mails"),
        required=False,
        help_text=_("Reminders about things happening soon still arrive on time."),
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Messages due in your quiet hours wait until they end. Times are in your own timezone."),
    )

    def __init__(self, *args, user, **kwargs):
        self.table = selectors.preferences_table(user=user)
        choice = selectors.notification_settings_get(user=user)
        kwargs.setdefault(
            "initial",
            {
                "weekly_digest": choice.weekly_digest,
                "quiet_start": choice.quiet_hours_start,
                "quiet_end": choice.quiet_hours_end,
            },
        )
        super().__init__(*args, **kwargs)
        for kind, channels in self.table:
            # A disabled field ignores whatever is posted for it, so a forged POST cannot switch a mandatory
            # kind off; the service skips mandatory kinds as well.
            self.fields[f"{kind.key}:in_app"] = forms.BooleanField(
                label=_("In the app"), required=False, initial=channels.in_app, disabled=kind.mandatory
            )
            self.fields[f"{kind.key}:email"] = forms.BooleanField(
                label=_("By e-mail"), required=False, initial=channels.email, disabled=kind.mandatory
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both ends of your quiet hours, or neither."))
        if start is not None and start == end:
            self.add_error(
                "quiet_end", _("Quiet hours need to end at a different time from when they start.")
            )
        for kind, _channels in self.table:
            if kind.essential and not (cleaned.get(f"{kind.key}:in_app") or cleaned.get(f"{kind.key}:email")):
                self.add_error(
                    f"{kind.key}:in_app",
                    _("“%(kind)s” is about your account's safety; keep at least one way to receive it.")
                    % {"kind": kind.label},
                )
        return cleaned

    def rows(self):
        """(kind, in-app field, e-mail field) for the template's table."""
        return [
            (kind, self[f"{kind.key}:in_app"], self[f"{kind.key}:email"]) for kind, _channels in self.table
        ]

    def channels(self) -> dict[str, tuple[bool, bool]]:
        return {
            kind.key: (self.cleaned_data[f"{kind.key}:in_app"], self.cleaned_data[f"{kind.key}:email"])
            for kind, _channels in self.table
        }

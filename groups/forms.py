from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from groups.models import GroupSession, PeerGroup, Report, Theme


def _helper(label: str, css: str = "btn-primary", name: str = "submit") -> FormHelper:
    helper = FormHelper()
    button = Submit(name, label)  # its id is made from the name: two forms on a page need two names
    button.field_classes = (
        f"btn {css}"  # replaces crispy's default "btn btn-primary" rather than adding to it
    )
    helper.add_input(button)
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


class EmailListField(forms.CharField):
    """Comma- or line-separated e-mail addresses, checked for form only: never for whether they have an
    account, so the answer is the same for known and unknown addresses."""

    def clean(self, value):
        value = super().clean(value)
        emails = [part.strip().lower() for part in value.replace("\n", ",").split(",") if part.strip()]
        invalid = [email for email in emails if not _is_email(email)]
        if invalid:
            raise forms.ValidationError(
                _("These do not look like e-mail addresses: %(emails)s") % {"emails": ", ".join(invalid)}
            )
        return sorted(set(emails))


def _is_email(value: str) -> bool:
    from django.core.validators import validate_email

    try:
        validate_email(value)
    except forms.ValidationError:
        return False
    return True


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


class GroupEditForm(forms.ModelForm):
    """A group's details after it was made; the agreement is Markdown and members accept a changed one."""

    class Meta:
        model = PeerGroup
        fields = ["name", "description", "agreement", "theme", "join_policy", "visibility", "allow_anonymous"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreement": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "agreement": _(
                "You can use Markdown. If you change it, every member is asked to read and accept it again "
                "before they next post; changing the name or description asks nothing of anyone."
            ),
            "theme": _(
                "On a sensitive theme, members are unlisted unless they choose otherwise and HR numbers need "
                "more people. Moving a group off a sensitive theme is for programme leads."
            ),
            "allow_anonymous": _("Posts already written anonymously stay anonymous, whatever you choose."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing to choose is not a choice here: a group always has a theme and both policies.
        self.fields["theme"].empty_label = None
        self.fields["join_policy"].choices = PeerGroup.JoinPolicy.choices
        self.fields["visibility"].choices = PeerGroup.Visibility.choices
        self.helper = _helper(_("Save changes"))


class ThemeEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_(
            "Members of its groups are unlisted unless they choose otherwise, and HR numbers need at least "
            "10 people. Turning this off lists nobody who is not listed already."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save changes"))


class AgreementAcceptForm(forms.Form):
    accept_agreement = forms.BooleanField(label=_("I have read the updated agreement and will keep to it"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Accept the agreement"))


class JoinForm(forms.Form):
    accept_agreement = forms.BooleanField(label=_("I have read the group agreement and will keep to it"))

    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


class InviteForm(forms.Form):
    email = EmailListField(
        label=_("Invite by e-mail address"),
        help_text=_(
            "One or more, separated by commas. Colleagues find the invitation in their notifications."
        ),
    )

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


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    body = forms.CharField(
        label=_("What's on your mind?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use Markdown: **bold**, *italics*, lists and links."),
    )
    open_to_suggestions = forms.BooleanField(
        label=_("I'm open to suggestions"),
        required=False,
        help_text=_("Leave this off if you would rather just be heard; people can still reflect and share."),
    )
    anonymous = forms.BooleanField(label=_("Post anonymously"), required=False)

    def __init__(self, *args, allow_anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ReplyForm(forms.Form):
    reply_type = forms.ChoiceField(label=_("What kind of reply is this?"), widget=forms.RadioSelect)
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}))
    anonymous = forms.BooleanField(label=_("Reply anonymously"), required=False)
    # Set when the person has seen the listening coach's hint and chose to post as written.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Set when someone who wrote here anonymously was told, once, that this reply will carry their name.
    name_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, thread, pseudonym=None, **kwargs):
        super().__init__(*args, **kwargs)
        from groups.models import Post

        choices = list(Post.ReplyType.choices)
        if not thread.open_to_suggestions:
            choices = [c for c in choices if c[0] != Post.ReplyType.SUGGEST]
        self.fields["reply_type"].choices = choices
        self.fields["reply_type"].initial = Post.ReplyType.REFLECT
        if not thread.group.allow_anonymous:
            del self.fields["anonymous"]
        elif pseudonym:
            self.fields["anonymous"].initial = True
            self.fields["anonymous"].label = _("Reply as %(pseudonym)s again") % {"pseudonym": pseudonym}
            self.fields["anonymous"].help_text = _(
                "You wrote here as %(pseudonym)s before. Untick to reply under your name."
            ) % {"pseudonym": pseudonym}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class EditForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save changes"))


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "---------" choice: not choosing one is what `required` is for.
        self.fields["reason"].choices = Report.Reason.choices
        self.helper = _helper(_("Send to the facilitators"))


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide")),
            ("restore", _("Restore")),
            ("remove", _("Remove")),
            ("dismiss", _("Dismiss the reports")),
        ]
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)  # the service decides
    thread = forms.CharField(required=False, widget=forms.HiddenInput)
    post = forms.CharField(required=False, widget=forms.HiddenInput)


class UnmaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to know who wrote this"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Two safeguarding leads decide. If both agree, only you and they will see the name, and the "
            "author is told."
        ),
    )
    thread = forms.CharField(required=False, widget=forms.HiddenInput)
    post = forms.CharField(required=False, widget=forms.HiddenInput)


class RiskHandledForm(forms.Form):
    note = forms.CharField(
        label=_("What you did"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Please write what you did, for the other facilitators and the safeguarding leads.")
        },
        help_text=_(
            "For the other facilitators and the safeguarding leads, never for members. Do not name the "
            "person who wrote it: this note must not unmask anyone. For example: “Replied in the thread and "
            "sent a private check-in; shared the support line.”"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Mark as handled"), name="handled")


class CheckInForm(forms.Form):
    message = forms.CharField(
        label=_("A private message to whoever wrote this"),
        max_length=1000,
        error_messages={"required": _("Please write a few words to send.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "It reaches the author with your name and the support contacts. You will not learn who they are."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send privately"), name="send")


class UnmaskDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve: show the name")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Your reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your decision. The facilitator who asked can read it."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that approving, with a second lead, shows the author's name to the facilitator"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record my decision"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("confirm"):
            self.add_error("confirm", _("Please confirm that you understand what approving does."))
        return cleaned


# The browser's date-and-time box only takes this format: a value in any other is shown as empty.
LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    """Times are typed in the group's timezone and stored in UTC."""

    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("What the session is about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LOCAL_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LOCAL_DATETIME)
    mode = forms.ChoiceField(label=_("Where"), choices=GroupSession.Mode.choices, widget=forms.RadioSelect)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    accessibility_notes = forms.CharField(
        label=_("Accessibility notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Step-free access, quiet room, captions… whatever helps people decide."),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Leave empty for no limit.")
    )

    def __init__(self, *args, group_timezone: str, **kwargs):
        super().__init__(*args, **kwargs)
        import zoneinfo

        self.tz = zoneinfo.ZoneInfo(group_timezone)
        self.fields["starts_at"].help_text = _("In %(tz)s.") % {"tz": group_timezone}
        self.helper = _helper(_("Schedule session"))

    def _in_group_time(self, name):
        from django.utils import timezone

        value = self.cleaned_data[name]
        return timezone.make_aware(value.replace(tzinfo=None), self.tz) if value else value

    def clean_starts_at(self):
        return self._in_group_time("starts_at")

    def clean_ends_at(self):
        return self._in_group_time("ends_at")


class SessionDetailsForm(forms.Form):
    """What a session is and where it meets; its time is changed on its own page (Move)."""

    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("What the session is about"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mode = forms.ChoiceField(label=_("Where"), choices=GroupSession.Mode.choices, widget=forms.RadioSelect)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    accessibility_notes = forms.CharField(
        label=_("Accessibility notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Step-free access, quiet room, captions… whatever helps people decide."),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_(
            "Leave empty for no limit. More places let people on the waitlist in, in the order they asked."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save changes"))


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("A short note for the people coming"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Cancel the session"), "btn-danger")


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Private note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only this group's facilitators can read notes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add note"), "btn-outline-primary")

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.models import Lesson, Module, PracticeExercise, Topic


def _helper(label: str, css: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    button = Submit("submit", label)
    button.field_classes = f"btn {css}"
    helper.add_input(button)
    return helper


class QuizForm(forms.Form):
    """One field per question: radio buttons for one answer, boxes for several. Rendered by the template
    as a fieldset per question, so a screen reader hears the question with each answer."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(option.pk), option.text) for option in question.options.all()]
            if question.multiple:
                field = forms.MultipleChoiceField(
                    label=question.text,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"required": _("Choose at least one answer.")},
                    help_text=_("Choose every answer that applies."),
                )
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer.")},
                )
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[str, list[int]]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[f"q{question.pk}"]
            chosen = value if isinstance(value, list) else [value]
            answers[str(question.pk)] = [int(option) for option in chosen]
        return answers

    def bound_questions(self):
        """(question, bound field) pairs for the template."""
        return [(question, self[f"q{question.pk}"]) for question in self.questions]


class PracticeForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=4000,
        help_text=_("Only you will ever read this."),
    )


class SupporterForm(forms.Form):
    show_badge = forms.BooleanField(
        label=_("Show my peer-supporter badge next to my name"),
        required=False,
        help_text=_("Colleagues in your groups see that you are a trained listener."),
    )
    in_directory = forms.BooleanField(
        label=_("List me in the supporters directory"),
        required=False,
        help_text=_("Colleagues can find you by the topics you choose below."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics I am comfortable talking about"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available = forms.BooleanField(
        label=_("I am available to colleagues now"),
        required=False,
        help_text=_("Untick to pause for a while: you stay listed as “taking a break”."),
    )
    paused_until = forms.DateField(
        label=_("Back on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If you are pausing, the day you expect to be back."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save my choices"))
        self.fields["paused_until"].widget.attrs["min"] = timezone.localdate().isoformat()


class CertificateSharingForm(forms.Form):
    allowed = forms.BooleanField(required=False)


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "summary", "minutes", "required", "refresher", "pass_mark"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pass_mark"].min_value = 1
        self.fields["pass_mark"].max_value = 100
        self.helper = _helper(submit_label or _("Save module"))


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save lesson"))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    multiple = forms.BooleanField(
        label=_("Several answers are correct"),
        required=False,
        help_text=_("Learners then tick every correct answer; otherwise they choose one."),
    )


class OptionForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=400, required=False)
    correct = forms.BooleanField(label=_("Correct"), required=False)
    explanation = forms.CharField(
        label=_("Why it is right or wrong"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


OptionFormSet = formset_factory(OptionForm, extra=0, max_num=6, absolute_max=6)


def option_rows(formset) -> list[dict]:
    """The filled-in answers of an option formset (blank rows are left out)."""
    return [
        {
            "text": form.cleaned_data["text"].strip(),
            "correct": form.cleaned_data.get("correct", False),
            "explanation": form.cleaned_data.get("explanation", "").strip(),
        }
        for form in formset
        if form.cleaned_data.get("text", "").strip()
    ]


class PracticeExerciseForm(forms.ModelForm):
    class Meta:
        model = PracticeExercise
        fields = ["title", "prompt", "guidance", "model_answer"]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 6}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
            "model_answer": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save practice exercise"))


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class PublishForm(forms.Form):
    publish = forms.BooleanField(required=False)

"""Forms for cloning and changing framework versions; the services hold the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms

from assessments.framework.services import QuestionSettings
from assessments.models import CommentRule, Question, Standard
from core.forms import ServiceForm

if TYPE_CHECKING:
    _ModelChoice = forms.ModelChoiceField[Standard | Question]
else:  # Django's form fields are not generic at run time; only the type checker needs this
    _ModelChoice = forms.ModelChoiceField

COMMENT_RULE_CHOICES = [
    (CommentRule.OPTIONAL.value, "Optional: providers may add a comment"),
    (CommentRule.REQUIRED_UNLESS_MET.value, "Required when the answer is partially met or not met"),
    (CommentRule.REQUIRED.value, "Required for every answer"),
]


class _PreviousChoice(_ModelChoice):
    """An earlier counterpart, shown by its reference and the start of its wording."""

    def label_from_instance(self, obj: Any) -> str:
        wording = obj.title if isinstance(obj, Standard) else obj.text
        if len(wording) > 90:
            wording = wording[:89].rstrip() + "…"
        return f"{obj.ref}: {wording}"


def _previous_field(noun: str, queryset: Any) -> _PreviousChoice:
    field = _PreviousChoice(
        label="Earlier counterpart",
        queryset=queryset,
        required=False,
        empty_label=f"None: a new {noun} in this version",
        help_text=(
            f"The same {noun} in an earlier version. Year-on-year comparison and last year's "
            "answers follow this link."
        ),
        error_messages={"invalid_choice": f"Choose a {noun} from the list"},
    )
    return field


class VersionCloneForm(ServiceForm):
    """The code and name of a copy of a version."""

    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="2 to 16 capital letters and digits, like QF2026. It starts every reference "
        "id of the new version and cannot be changed later.",
        error_messages={
            "required": "Enter a code for the new version, like QF2026",
            "max_length": "The code can be at most 16 characters",
        },
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter a name for the new version",
            "max_length": "The name can be at most 200 characters",
        },
    )


class VersionEditForm(ServiceForm):
    """A version's name and description."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter a name for the version",
            "max_length": "The name can be at most 200 characters",
        },
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)


class DomainForm(ServiceForm):
    """A domain's title and description."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the domain's title",
            "max_length": "The domain's title can be at most 200 characters",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea,
        help_text="What the domain covers, in a sentence or two",
    )


class StandardForm(ServiceForm):
    """A standard's title, description and earlier counterpart."""

    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the standard's title",
            "max_length": "The standard's title can be at most 300 characters",
        },
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["previous"] = _previous_field("standard", choices)


class QuestionForm(ServiceForm):
    """A question's wording and settings."""

    text = forms.CharField(
        label="Question",
        widget=forms.Textarea,
        help_text="A statement providers answer as met, partially met or not met",
        error_messages={"required": "Enter the question"},
    )
    guidance = forms.CharField(
        label="Guidance (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Shown under the question: what a good answer says or what evidence helps",
    )
    allow_not_applicable = forms.BooleanField(
        label="Providers may answer not applicable", required=False
    )
    comment_rule = forms.ChoiceField(
        label="Comment",
        choices=COMMENT_RULE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when a comment is needed",
            "invalid_choice": "Choose when a comment is needed",
        },
    )
    evidence_allowed = forms.BooleanField(
        label="Providers may attach evidence files", required=False
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["previous"] = _previous_field("question", choices)

    @staticmethod
    def initial_for(question: Question | None) -> dict[str, Any]:
        if question is None:
            return {"comment_rule": CommentRule.OPTIONAL.value, "evidence_allowed": True}
        settings = QuestionSettings.of(question)
        return {**vars(settings), "previous": question.previous_id}

    def settings(self) -> QuestionSettings:
        data = self.cleaned_data
        return QuestionSettings(
            text=data["text"],
            guidance=data["guidance"],
            allow_not_applicable=data["allow_not_applicable"],
            comment_rule=data["comment_rule"],
            evidence_allowed=data["evidence_allowed"],
            previous=cast(Question | None, data["previous"]),
        )

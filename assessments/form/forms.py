"""Forms of the self-assessment pages; the rules live in ``services_answers``."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User
from assessments.form.services import ActionInput, AnswerConflict, clean_action, question_label
from assessments.models import Answer, CommentRule, Domain, Question
from core.forms import ServiceForm


class AnswerForm(ServiceForm):
    """One question on a domain page: its answer, comment and the revision it was loaded at."""

    value = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    comment = forms.CharField(required=False, widget=forms.Textarea, strip=True)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Set by the page when saving met someone else's newer version: both are shown.
    conflict: AnswerConflict | None = None

    def __init__(self, *args: Any, question: Question, answer: Answer, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"q{question.pk}")
        kwargs.setdefault(
            "initial",
            {"value": answer.value, "comment": answer.comment, "revision": answer.revision},
        )
        super().__init__(*args, **kwargs)
        self.question, self.answer = question, answer
        label = question_label(question)
        value = cast(forms.ChoiceField, self.fields["value"])
        value.choices = [(str(v), str(v.label)) for v in question.allowed_values()]
        value.label = question.text
        value.error_messages["invalid_choice"] = (
            f"Choose one of the answers listed for question {label}"
        )
        comment = self.fields["comment"]
        comment.label = "Comment" + ("" if question.comment_needed("not_met") else " (optional)")
        if question.comment_rule == CommentRule.REQUIRED:
            comment.help_text = "A comment is needed whatever the answer"
        elif question.comment_rule == CommentRule.REQUIRED_UNLESS_MET:
            comment.help_text = "A comment is needed unless the answer is met"
        self.fields["revision"].error_messages["invalid"] = (
            f"The page was not sent properly for question {label}: reload it and try again"
        )

    def changed_answer(self) -> bool:
        data = self.cleaned_data
        return (data.get("value") or "", data.get("comment") or "") != (
            self.answer.value,
            self.answer.comment,
        )


class ActionForm(ServiceForm):
    """What will be done about an answer, who owns it and by when."""

    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea,
        required=False,
    )
    owner = forms.CharField(
        label="Owner",
        help_text="The person or role responsible, for example Director of Nursing",
        required=False,
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the due date as a real date, like 31/3/2027"},
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
    )

    def clean(self) -> dict[str, Any]:
        """Give every missing part at once, including beside a date that is not a date."""
        data = super().clean() or {}
        try:
            clean_action(
                ActionInput(
                    data.get("description") or "",
                    data.get("owner") or "",
                    data.get("due_on") or (dt.date.min if "due_on" in self.errors else None),
                )
            )
        except ValidationError as error:
            self.apply_errors(error)
        return data

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(data["description"], data["owner"], data["due_on"])


class EvidenceForm(ServiceForm):
    """One evidence file."""

    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, text or CSV",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file you chose is empty",
            "invalid": "Choose a file to upload",
        },
    )


class AssignmentForm(ServiceForm):
    """Which contributors are asked to answer each domain."""

    def __init__(
        self,
        *args: Any,
        domains: list[Domain],
        contributors: list[User],
        current: dict[int, list[int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        choices = [(str(u.pk), u.full_name or u.email) for u in contributors]
        for domain in domains:
            self.fields[f"domain_{domain.number}"] = forms.MultipleChoiceField(
                label=f"Domain {domain.number}: {domain.title}",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[str(u) for u in current.get(domain.pk, [])],
                error_messages={
                    "invalid_choice": f"Choose contributors from the list for domain "
                    f"{domain.number}"
                },
            )

    def assignments(self) -> dict[int, list[int]]:
        return {
            domain.pk: [int(u) for u in self.cleaned_data[f"domain_{domain.number}"]]
            for domain in self.domains
        }


class ConfirmForm(forms.Form):
    """A button that needs nothing but a deliberate press."""


def answer_forms(rows: list[Any], data: Any = None) -> list[AnswerForm]:
    return [AnswerForm(data, question=row.question, answer=row.answer) for row in rows]


def question_title(question: Question) -> str:
    return f"Question {question_label(question)}"

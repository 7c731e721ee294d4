"""The form that names someone on a case (one per kind of grant on the workers page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import GrantKind
from marac.forms import GovukFormMixin, limit_choices
from marac.models import User

LABELS = {
    GrantKind.IDAA: (
        "Allocate an IDAA",
        "The IDAA contacts the survivor and records their voice. Allocating "
        "another IDAA hands the case over: the earlier allocation ends.",
    ),
    GrantKind.KEYWORKER: (
        "Name a keyworker",
        "A practitioner who works with the survivor or the family. They see "
        "this case, its agenda and its plan, and no other case.",
    ),
    GrantKind.VOICE_FALLBACK: (
        "Name someone to record the survivor's voice",
        "Only where no IDAA could reach the survivor: a worker they trust, who records their voice instead.",
    ),
}


class WorkerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        agency = obj.agency.name if obj.agency else "no agency"
        return f"{obj.full_name} ({obj.job_title or 'no job title'}, {agency})"


class NameWorkerForm(GovukFormMixin, forms.Form):
    """Names one person for one kind of grant. The page has one form per kind, each with its own
    field prefix; the kind travels in an unprefixed ``kind`` value the view reads first."""

    worker = WorkerChoiceField(queryset=User.objects.none(), error_messages={"required": "Select a person"})

    def __init__(self, *args: Any, kind: GrantKind, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, prefix=str(kind), **kwargs)
        label, hint = LABELS[kind]
        self.kind_value = kind
        self.title = label
        worker = self.fields["worker"]
        assert isinstance(worker, WorkerChoiceField)
        worker.label = "Who?"
        worker.help_text = hint
        worker.empty_label = "Select a person"
        limit_choices(self, "worker", workers)

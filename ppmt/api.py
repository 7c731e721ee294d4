"""REST API: research visible to the caller's agency (restricted entries filtered out)."""

from __future__ import annotations

from typing import ClassVar

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from marac import audit
from marac.api import api_user, error_responses, serialize_many
from marac.models import AuditVerb
from ppmt import selectors
from ppmt.models import ResearchEntry


# A model serializer for ``source`` alone: a field declared under that name would
# clash, for type checkers, with ``Field.source`` (where a field reads its value).
class ResearchEntryOutput(serializers.ModelSerializer[ResearchEntry]):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="submission.agency.name")
    stage = serializers.CharField()
    text = serializers.CharField()
    information_date = serializers.DateField(allow_null=True)
    lawful_basis = serializers.CharField()
    restricted = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    class Meta:
        model = ResearchEntry
        fields = (
            "id",
            "agency",
            "stage",
            "text",
            "information_date",
            "source",
            "lawful_basis",
            "restricted",
            "created_at",
        )
        extra_kwargs: ClassVar = {"source": {"required": True}}  # always in the output, perhaps empty


class ItemResearch(APIView):
    token_scopes = {"GET": "research:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        responses={200: ResearchEntryOutput(many=True), **error_responses(404)},
        summary="Research on one agenda item that you may see",
    )
    def get(self, request: Request, meeting_id: int, item_id: int) -> Response:
        user = api_user(request)
        meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
        item = meeting.items.filter(pk=item_id).select_related("case").first()
        if item is None or not case_selectors.cases_for_user(user).filter(pk=item.case_id).exists():
            raise Http404
        entries = list(selectors.visible_entries(user, [item]))
        with transaction.atomic():
            audit.record(
                actor=user,
                verb=AuditVerb.VIEW,
                obj=item.case,
                request=request,
                detail={"page": "research", "api": True, "entries": len(entries)},
            )
        return Response(serialize_many(ResearchEntryOutput, entries))

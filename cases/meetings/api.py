"""REST API for meetings and agendas.

Agency systems read the meetings their agency is invited to and their
agendas; coordinators can also circulate an agenda and record attendance,
through the same services as the pages. The agenda's ETag is the meeting's
version: both writes need it in If-Match (428 without, 412 when stale).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.models import AttendanceStatus, Meeting
from marac import audit
from marac.api import InputSerializer, LocalTimeField, api_user, error_responses, serialize_many
from marac.http import MAX_ID
from marac.models import Agency, AuditVerb
from marac.versioning import (
    ETAG_HEADER,
    IF_MATCH_REQUIRED,
    PreconditionFailed,
    StaleVersionError,
    if_match_version,
    precondition_responses,
    with_etag,
)


class MeetingOutput(serializers.Serializer[Meeting]):
    id = serializers.IntegerField()
    area = serializers.CharField(source="area.code")
    date = serializers.DateField()
    start_time = LocalTimeField()
    planned_minutes = serializers.IntegerField()
    research_deadline = serializers.DateTimeField()
    status = serializers.CharField()
    is_extra = serializers.BooleanField()
    version = serializers.IntegerField()


class AgendaRowOutput(serializers.Serializer[Any]):
    item_id = serializers.IntegerField(source="item.pk")
    position = serializers.IntegerField(source="item.position")
    case_id = serializers.IntegerField(source="item.case_id")
    case_reference = serializers.CharField(source="item.case.reference")
    starts_at = serializers.DateTimeField()
    minutes = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField())


class AgendaOutput(serializers.Serializer[Any]):
    meeting = MeetingOutput()
    rows = AgendaRowOutput(many=True)
    total_minutes = serializers.IntegerField()
    over_by = serializers.IntegerField()


def _problem(exc: Exception) -> Response:
    if isinstance(exc, ValidationError):
        return Response({"problems": exc.message_dict if hasattr(exc, "error_dict") else exc.messages}, status=400)
    if isinstance(exc, StaleVersionError):
        raise PreconditionFailed("The meeting changed since you read its agenda: read it again (its ETag is current)")
    return Response({"detail": str(exc)}, status=403)


def _coordinated_meeting(request: Request, meeting_id: int) -> Meeting:
    """A meeting the caller coordinates: who may change it is answered (404, 403) before whether
    their If-Match is current (428, 412). The services check the role again."""
    user = api_user(request)
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    if not case_selectors.user_coordinates(user, meeting.area_id):
        raise exceptions.PermissionDenied(meeting_services.NOT_COORDINATOR)
    return meeting


class MeetingList(APIView):
    token_scopes = {"GET": "meetings:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        responses={200: MeetingOutput(many=True), **error_responses()}, summary="Upcoming meetings you can see"
    )
    def get(self, request: Request) -> Response:
        meetings = meeting_selectors.upcoming_meetings(api_user(request), limit=100)
        return Response(serialize_many(MeetingOutput, meetings))


class MeetingAgenda(APIView):
    token_scopes = {"GET": "meetings:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: AgendaOutput, **error_responses(404)},
        summary="A meeting's agenda, with time slots and flags (its ETag is the version for If-Match)",
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        meeting = meeting_selectors.meeting_get_for_user(api_user(request), meeting_id)
        agenda = meeting_selectors.agenda_for(meeting, api_user(request))
        with transaction.atomic():
            audit.record(
                actor=api_user(request),
                verb=AuditVerb.VIEW,
                obj=meeting,
                request=request,
                detail={"cases": len(agenda.rows), "api": True},
            )
        return with_etag(Response(AgendaOutput(agenda).data), meeting.version)


class MeetingCirculate(APIView):
    token_scopes = {"POST": "meetings:update"}  # API token scopes (marac.tokens)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH_REQUIRED],
        responses={
            200: inline_serializer("Circulated", {"told": serializers.IntegerField()}),
            **error_responses(400, 404),
            **precondition_responses(),
        },
        summary="Circulate the agenda (coordinators); send If-Match with the agenda's ETag",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = _coordinated_meeting(request, meeting_id)
        expected_version = if_match_version(request)
        try:
            told = meeting_services.agenda_circulate(
                user=api_user(request), meeting=meeting, expected_version=expected_version
            )
        except (ValidationError, PermissionDenied, StaleVersionError) as exc:
            return _problem(exc)
        return Response({"told": told})


class AttendanceInput(InputSerializer):
    labels = {"agency": "the agency", "status": "the agency's attendance", "cases_attended": "the cases attended"}

    agency = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    attendee_names = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    cases_attended = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )


class MeetingAttendance(APIView):
    token_scopes = {"POST": "meetings:update"}  # API token scopes (marac.tokens)

    @extend_schema(
        request=AttendanceInput,
        parameters=[IF_MATCH_REQUIRED],
        responses={
            201: inline_serializer("AttendanceRecorded", {"recorded": serializers.BooleanField()}),
            **error_responses(400, 404),
            **precondition_responses(),
        },
        summary="Record an agency's attendance (coordinators); send If-Match with the agenda's ETag",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = _coordinated_meeting(request, meeting_id)
        expected_version = if_match_version(request)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        agency = Agency.objects.filter(pk=data.validated_data["agency"]).first()
        if agency is None:
            raise Http404
        # A case the user declared a conflict on is treated as a missing one (and stays as recorded).
        visible = meeting_selectors.agenda_items_for_user(meeting, api_user(request))
        items = list(visible.filter(pk__in=data.validated_data["cases_attended"]))
        try:
            meeting_services.attendance_record(
                user=api_user(request),
                meeting=meeting,
                agency=agency,
                status=data.validated_data["status"],
                attendee_names=data.validated_data["attendee_names"],
                cases_attended=items,
                expected_version=expected_version,
            )
        except (ValidationError, PermissionDenied, StaleVersionError) as exc:
            return _problem(exc)
        return Response({"recorded": True}, status=status.HTTP_201_CREATED)

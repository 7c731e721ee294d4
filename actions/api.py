"""REST API for agency systems: list your agency's actions, read one (its ETag is its version) and post
updates (with that ETag in If-Match)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from actions import selectors, services
from actions.models import Action, ActionStatus
from marac import audit
from marac.api import InputSerializer, api_user, error_responses, serialize_many
from marac.forms import MAX_TEXT_LENGTH
from marac.models import AuditVerb
from marac.versioning import (
    ETAG_HEADER,
    IF_MATCH_REQUIRED,
    PreconditionFailed,
    StaleVersionError,
    if_match_version,
    precondition_responses,
    with_etag,
)


class ActionOutput(serializers.Serializer[Action]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    case_reference = serializers.CharField(source="case.reference")
    description = serializers.CharField()
    owner_agency = serializers.CharField(source="owner_agency.name")
    focus = serializers.CharField()
    stage = serializers.CharField()
    due_date = serializers.DateField()
    priority = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    version = serializers.IntegerField()


class ActionUpdateInput(InputSerializer):
    labels = {"status": "the action's status", "note": "the note"}

    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT_LENGTH)


class ActionList(APIView):
    token_scopes = {"GET": "actions:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        responses={200: ActionOutput(many=True), **error_responses()},
        parameters=[
            OpenApiParameter(
                "show",
                str,
                enum=["outstanding", "due", "overdue", "completed", "all"],
                description="Which actions: outstanding (the default), due in the next 14 days, overdue, "
                "completed or all",
            )
        ],
        summary="Your agency's actions (filter with ?show=)",
    )
    def get(self, request: Request) -> Response:
        name = request.query_params.get("show", "outstanding")
        actions = selectors.filtered(selectors.actions_for_user(api_user(request)), name)[:1000]
        data = serialize_many(ActionOutput, actions)
        with transaction.atomic():
            audit.record(
                actor=api_user(request),
                verb=AuditVerb.LIST,
                object_type="actions.action",
                request=request,
                detail={"api": True, "count": len(data)},
            )
        return Response(data)


class ActionDetail(APIView):
    token_scopes = {"GET": "actions:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: ActionOutput, **error_responses(404)},
        summary="One of your agency's actions; its ETag is the version to send in If-Match with an update",
    )
    def get(self, request: Request, action_id: int) -> Response:
        user = api_user(request)
        action = selectors.action_get_for_user(user, action_id)
        with transaction.atomic():
            audit.record(
                actor=user,
                verb=AuditVerb.VIEW,
                obj=action,
                area=action.case.area,
                request=request,
                detail={"api": True},
            )
        return with_etag(Response(ActionOutput(action).data), action.version)


class ActionUpdates(APIView):
    token_scopes = {"POST": "actions:update"}  # API token scopes (marac.tokens)

    @extend_schema(
        request=ActionUpdateInput,
        parameters=[IF_MATCH_REQUIRED, ETAG_HEADER],
        responses={201: ActionOutput, **error_responses(400, 404), **precondition_responses()},
        summary="Post an update on an action; send If-Match with the action's ETag",
    )
    def post(self, request: Request, action_id: int) -> Response:
        action = selectors.action_get_for_user(api_user(request), action_id)
        expected_version = if_match_version(request)
        data = ActionUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            action = services.action_update(
                user=api_user(request),
                action=action,
                status=data.validated_data["status"],
                note=data.validated_data["note"],
                expected_version=expected_version,
            )
        except StaleVersionError as exc:
            raise PreconditionFailed from exc
        except ValidationError as exc:
            return Response({"problems": exc.message_dict}, status=400)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=403)
        return with_etag(Response(ActionOutput(action).data, status=status.HTTP_201_CREATED), action.version)

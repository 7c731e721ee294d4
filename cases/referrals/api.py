"""REST API for agency systems: submit referrals, read their own.

The same services as the web pages do the work: the serializers here only
validate and shape the JSON.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import Consent, Gender, PartyRole, Referral, YesNoPreferNot
from cases.referrals import selectors, services
from marac import audit
from marac.models import AuditVerb, User

_TEXT = {"required": False, "allow_blank": True, "default": ""}


class PersonInput(serializers.Serializer[dict[str, Any]]):
    given_names = serializers.CharField(max_length=200, **_TEXT)
    family_name = serializers.CharField(max_length=200, **_TEXT)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, **_TEXT)
    relationship_to_victim = serializers.CharField(max_length=100, **_TEXT)

    def validate_date_of_birth(self, value: Any) -> Any:
        from django.utils import timezone

        if value and value > timezone.localdate():
            raise serializers.ValidationError("Date of birth must be today or in the past")
        return value


class VictimInput(PersonInput):
    address = serializers.CharField(**_TEXT)
    postcode = serializers.CharField(max_length=12, **_TEXT)
    safe_phone = serializers.CharField(max_length=40, **_TEXT)
    safe_times = serializers.CharField(max_length=200, **_TEXT)
    may_leave_message = serializers.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], **_TEXT)
    preferred_language = serializers.CharField(max_length=100, **_TEXT)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    ethnicity = serializers.CharField(max_length=100, **_TEXT)
    black_or_minoritised = serializers.ChoiceField(choices=YesNoPreferNot.choices, **_TEXT)
    lgbt = serializers.ChoiceField(choices=YesNoPreferNot.choices, **_TEXT)
    disabled = serializers.ChoiceField(choices=YesNoPreferNot.choices, **_TEXT)


class HouseholdInput(PersonInput):
    role = serializers.ChoiceField(choices=[PartyRole.CHILD, PartyRole.HOUSEHOLD])
    expected_due_date = serializers.DateField(required=False, allow_null=True, default=None)
    school = serializers.CharField(max_length=200, **_TEXT)
    lives_with = serializers.CharField(max_length=200, **_TEXT)
    child_protection_status = serializers.CharField(max_length=200, **_TEXT)


class ChecklistInput(serializers.Serializer[dict[str, Any]]):
    answers = serializers.DictField(child=serializers.CharField(), required=False, default=dict)
    sources = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    completed_elsewhere = serializers.BooleanField(required=False, default=False)
    recorded_score = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class ReferralInput(serializers.Serializer[dict[str, Any]]):
    area = serializers.SlugField(help_text="The MARAC area's code, e.g. FRN")
    submit = serializers.BooleanField(
        default=True,
        help_text="Send to the MARAC now (the token's user must be the agency's MARAC representative); "
        "otherwise the referral stays a draft for the representative to check.",
    )
    referrer_phone = serializers.CharField(max_length=40, **_TEXT)
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    police_callouts = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_note = serializers.CharField(**_TEXT)
    reason = serializers.CharField()
    strengths = serializers.CharField()
    risks_to_professionals = serializers.CharField(**_TEXT)
    professional_judgement = serializers.BooleanField(required=False, default=False)
    professional_judgement_rationale = serializers.CharField(**_TEXT)
    victim = VictimInput()
    perpetrators = PersonInput(many=True)
    household = HouseholdInput(many=True, required=False, default=list)
    checklist = ChecklistInput()

    def validate_incident_date(self, value: Any) -> Any:
        from django.utils import timezone

        if value and value > timezone.localdate():
            raise serializers.ValidationError("The date of the incident must be today or in the past")
        return value


class ReferralOutput(serializers.Serializer[Referral]):
    id = serializers.UUIDField(source="public_id")
    area = serializers.CharField(source="area.code")
    status = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    is_repeat = serializers.BooleanField()
    case_reference = serializers.SerializerMethodField()
    return_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField()

    def get_case_reference(self, referral: Referral) -> str | None:
        return referral.case.reference if referral.case_id and referral.case else None


def referral_create_from_data(*, user: User, data: dict[str, Any]) -> Referral:
    """Create a whole referral in one go (all or nothing), through the services."""
    area = selectors.referral_areas_for(user).filter(code__iexact=data["area"]).first()
    if area is None:
        raise Http404
    with transaction.atomic():
        referral = services.referral_start(user=user, area=area)
        services.referral_update(
            user=user, referral=referral, data={k: data[k] for k in sorted(services.REFERRAL_FIELDS)}
        )
        services.referral_person_save(
            user=user, referral=referral, role=PartyRole.VICTIM, person=referral.victim, data=data["victim"]
        )
        for perpetrator in data["perpetrators"]:
            services.referral_person_save(user=user, referral=referral, role=PartyRole.PERPETRATOR, data=perpetrator)
        for member in data["household"]:
            role = member.pop("role")
            services.referral_person_save(user=user, referral=referral, role=role, data=member)
        checklist = data["checklist"]
        services.referral_checklist_save(
            user=user,
            referral=referral,
            answers=checklist["answers"],
            sources=checklist["sources"],
            completed_elsewhere=checklist["completed_elsewhere"],
            recorded_score=checklist["recorded_score"],
        )
        referral = Referral.objects.get(pk=referral.pk)
        if data["submit"]:
            referral = services.referral_submit(user=user, referral=referral)
        else:
            referral = services.referral_mark_ready(user=user, referral=referral)
    return referral


def _errors(exc: ValidationError) -> dict[str, Any]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}


class ReferralListCreate(APIView):
    @extend_schema(responses=ReferralOutput(many=True), summary="Your agency's referrals, newest first")
    def get(self, request: Request) -> Response:
        referrals = selectors.referrals_for_user(request.user).select_related("case").order_by("-created_at")[:200]
        with transaction.atomic():
            audit.record(actor=request.user, verb=AuditVerb.LIST, object_type="cases.referral", request=request)
        return Response(ReferralOutput(referrals, many=True).data)

    @extend_schema(
        request=ReferralInput,
        responses={
            201: ReferralOutput,
            400: inline_serializer("ReferralProblems", {"problems": serializers.DictField()}),
        },
        summary="Submit a referral with its risk checklist; returns the criteria and repeat flag",
    )
    def post(self, request: Request) -> Response:
        serializer = ReferralInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = referral_create_from_data(user=request.user, data=dict(serializer.validated_data))
        except ValidationError as exc:
            return Response({"problems": _errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetail(APIView):
    @extend_schema(responses=ReferralOutput, summary="One of your agency's referrals")
    def get(self, request: Request, public_id: str) -> Response:
        referral = selectors.referral_get_for_user(request.user, public_id)
        with transaction.atomic():
            audit.record(actor=request.user, verb=AuditVerb.VIEW, obj=referral, request=request)
        return Response(ReferralOutput(referral).data)

"""REST API for agency systems: submit referrals, read their own.

The same services as the web pages do the work: the serializers here only
validate and shape the JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import Concern, Consent, Gender, PartyRole, Referral, YesNoPreferNot
from cases.referrals import selectors, services
from cases.referrals.checklists.answers import MAX_NOTE_LENGTH, SOURCE_LABELS
from marac import audit
from marac.api import InputSerializer, api_user, error_responses, serialize_many
from marac.forms import MAX_TEXT_LENGTH
from marac.models import AuditVerb, User
from marac.versioning import ETAG_HEADER, with_etag


def optional_text(*, max_length: int = MAX_TEXT_LENGTH) -> serializers.CharField:
    """Free text that may be left out or blank (then it is ""); long text takes ``MAX_TEXT_LENGTH``."""
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="")


def optional_choice(choices: Sequence[tuple[str, str]]) -> serializers.ChoiceField:
    """One of ``choices``, or left out or blank (then it is "")."""
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, default="")


# The most other names, people causing harm, and children and household members one referral takes.
MAX_ALIASES, MAX_PERPETRATORS, MAX_HOUSEHOLD = 50, 20, 30

# How the messages name the people's fields: "Enter the victim's first and middle names".
PERSON_LABELS = {"given_names": "first and middle names", "family_name": "last name"}


class PersonInput(InputSerializer):
    owner = "the person causing harm's"
    labels = PERSON_LABELS

    given_names = optional_text(max_length=200)
    family_name = optional_text(max_length=200)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=MAX_ALIASES
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = optional_choice(Gender.choices)
    relationship_to_victim = optional_text(max_length=100)

    def validate_date_of_birth(self, value: date | None) -> date | None:
        if value and value > timezone.localdate():
            raise serializers.ValidationError("Date of birth must be today or in the past")
        return value


class VictimInput(PersonInput):
    owner = "the victim's"
    labels = {**PERSON_LABELS, "safe_phone": "safe phone number", "safe_times": "safe times to call"}

    address = optional_text()
    postcode = optional_text(max_length=12)
    safe_phone = optional_text(max_length=40)
    safe_times = optional_text(max_length=200)
    may_leave_message = optional_choice([("yes", "Yes"), ("no", "No")])
    preferred_language = optional_text(max_length=100)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    ethnicity = optional_text(max_length=100)
    black_or_minoritised = optional_choice(YesNoPreferNot.choices)
    lgbt = optional_choice(YesNoPreferNot.choices)
    disabled = optional_choice(YesNoPreferNot.choices)


class HouseholdInput(PersonInput):
    owner = "the child's or household member's"

    role = serializers.ChoiceField(choices=[PartyRole.CHILD, PartyRole.HOUSEHOLD])
    expected_due_date = serializers.DateField(required=False, allow_null=True, default=None)
    school = optional_text(max_length=200)
    lives_with = optional_text(max_length=200)
    child_protection_status = optional_text(max_length=200)


class ChecklistInput(InputSerializer):
    owner = "the checklist's"

    answers = serializers.DictField(child=serializers.CharField(max_length=20), required=False, default=dict)
    sources = serializers.DictField(
        child=serializers.ChoiceField(choices=list(SOURCE_LABELS), allow_blank=True),
        required=False,
        default=dict,
        help_text="Question id -> who gave the answer: victim, third_party or professional",
    )
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_NOTE_LENGTH),
        required=False,
        default=dict,
        help_text="Question id -> a note on the answer, such as what the injury was or the victim's own words",
    )
    completed_elsewhere = serializers.BooleanField(required=False, default=False)
    recorded_score = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=999)

    def validate_answers(self, value: dict[str, str]) -> dict[str, str]:
        return by_question(value, "answers")

    def validate_sources(self, value: dict[str, str]) -> dict[str, str]:
        return by_question(value, "sources")

    def validate_notes(self, value: dict[str, str]) -> dict[str, str]:
        return by_question(value, "notes")


# A checklist's questions are named by short ids (q1, q2...); no checklist has more than this many.
MAX_QUESTION_ID, MAX_QUESTIONS = 20, 100


def by_question(value: dict[str, str], name: str) -> dict[str, str]:
    """``value`` if its keys can be question ids (the service checks they are this checklist's)."""
    if len(value) > MAX_QUESTIONS:
        raise serializers.ValidationError(f"The checklist's {name} must have {MAX_QUESTIONS} entries or fewer")
    if any(len(key) > MAX_QUESTION_ID for key in value):
        raise serializers.ValidationError(f"The checklist's {name} must name each question by its id, like q1")
    return value


class ReferralInput(InputSerializer):
    labels = {
        "area": "the MARAC area's code",
        "submit": "submit",
        "referrer_phone": "the referrer's phone number",
        "incident_date": "the date of the most recent incident",
        "police_callouts": "the number of police call-outs",
        "consent": "whether the victim consented to this referral",
        "consent_note": "the note on consent",
        "reason": "the reason for the referral",
        "strengths": "the survivor's strengths",
        "risks_to_professionals": "the risks to professionals",
        "professional_judgement": "professional judgement",
        "professional_judgement_rationale": "the reasons for professional judgement",
        "victim": "the victim's details",
        "perpetrators": "the people causing harm",
        "household": "the children and household members",
        "checklist": "the risk checklist",
    }

    area = serializers.SlugField(max_length=20, help_text="The MARAC area's code, e.g. FRN")
    submit = serializers.BooleanField(
        default=True,
        help_text="Send to the MARAC now (the token's user must be the agency's MARAC representative); "
        "otherwise the referral stays a draft for the representative to check.",
    )
    referrer_phone = optional_text(max_length=40)
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    police_callouts = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=999
    )
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_note = optional_text()
    reason = serializers.CharField(min_length=1, max_length=MAX_TEXT_LENGTH)
    strengths = serializers.CharField(min_length=1, max_length=MAX_TEXT_LENGTH)
    risks_to_professionals = optional_text()
    honour_based_abuse = serializers.ChoiceField(
        choices=Concern.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Concerns of honour-based abuse or forced marriage",
    )
    immigration_concern = serializers.ChoiceField(
        choices=Concern.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Concerns about the survivor's immigration status, or no recourse to public funds",
    )
    professional_judgement = serializers.BooleanField(required=False, default=False)
    professional_judgement_rationale = optional_text()
    victim = VictimInput()
    perpetrators = PersonInput(many=True, max_length=MAX_PERPETRATORS)
    household = HouseholdInput(many=True, required=False, default=list, max_length=MAX_HOUSEHOLD)
    checklist = ChecklistInput()

    def validate_incident_date(self, value: date | None) -> date | None:
        if value and value > timezone.localdate():
            raise serializers.ValidationError("The date of the incident must be today or in the past")
        return value


class ReferralOutput(serializers.Serializer[Referral]):
    id = serializers.UUIDField(source="public_id")
    area = serializers.CharField(source="area.code")
    status = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    is_repeat = serializers.BooleanField()
    case_reference = serializers.SerializerMethodField()
    return_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)

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
            user=user, referral=referral, data={k: data[k] for k in sorted(services.REFERRAL_FIELDS) if k in data}
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
            notes=checklist["notes"],
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
    token_scopes = {"GET": "referrals:read", "POST": "referrals:submit"}  # API token scopes (marac.tokens)

    @extend_schema(
        responses={200: ReferralOutput(many=True), **error_responses()},
        summary="Your agency's referrals, newest first",
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        referrals = selectors.referrals_for_user(user).select_related("case").order_by("-created_at")[:200]
        with transaction.atomic():
            audit.record(actor=user, verb=AuditVerb.LIST, object_type="cases.referral", request=request)
        return Response(serialize_many(ReferralOutput, referrals))

    @extend_schema(
        request=ReferralInput,
        responses={201: ReferralOutput, **error_responses(400, 404)},
        summary="Submit a referral with its risk checklist; returns the criteria and repeat flag",
    )
    def post(self, request: Request) -> Response:
        serializer = ReferralInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = referral_create_from_data(user=api_user(request), data=dict(serializer.validated_data))
        except ValidationError as exc:
            return Response({"problems": _errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetail(APIView):
    token_scopes = {"GET": "referrals:read"}  # API token scopes (marac.tokens)

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: ReferralOutput, **error_responses(404)},
        summary="One of your agency's referrals (its ETag is its version)",
    )
    def get(self, request: Request, public_id: str) -> Response:
        user = api_user(request)
        referral = selectors.referral_get_for_user(user, public_id)
        with transaction.atomic():
            audit.record(actor=user, verb=AuditVerb.VIEW, obj=referral, request=request)
        return with_etag(Response(ReferralOutput(referral).data), referral.version)

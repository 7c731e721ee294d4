"""Recording the governance group's review of a referral, and sending the feedback."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import selectors as case_selectors
from cases.models import Referral, ReferralStatus
from cases.notifications import notify
from cases.referrals import selectors as referral_selectors
from governance.models import ReferralReview
from marac import audit
from marac.forms import MAX_TEXT_LENGTH, too_long_message
from marac.models import AuditVerb, User


def referral_review_record(*, user: User, referral: Referral, inappropriate: bool, feedback: str) -> ReferralReview:
    """The coordinator records the group's judgement after the referral was heard, and
    the referring practitioner and representative are told (a link, no personal data)."""
    if not Referral.objects.filter(referral_selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not case_selectors.user_coordinates(user, referral.area_id):
        raise PermissionDenied("The MARAC coordinator records the governance group's review.")
    if referral.status != ReferralStatus.RECEIVED:
        raise ValidationError({"feedback": "Review a referral after it has been received and heard"})
    if not feedback.strip():
        raise ValidationError({"feedback": "Enter the feedback for the referring agency"})
    if len(feedback) > MAX_TEXT_LENGTH:
        raise ValidationError({"feedback": too_long_message("The feedback", MAX_TEXT_LENGTH)})
    if "\x00" in feedback:
        raise ValidationError({"feedback": "Remove the null characters from the feedback"})
    with transaction.atomic():
        review, _ = ReferralReview.objects.update_or_create(
            referral=referral,
            defaults={
                "inappropriate": inappropriate,
                "feedback": feedback.strip(),
                "recorded_by": user,
                "recorded_at": timezone.now(),
            },
        )
        notify(
            sorted({pk for pk in (referral.drafted_by_id, referral.submitted_by_id) if pk is not None}),
            key=f"review-{review.pk}",
            message="Feedback from the MARAC governance group on one of your referrals",
            link=reverse("referral-detail", args=[referral.public_id]),
        )
        ReferralReview.objects.filter(pk=review.pk).update(feedback_sent_at=timezone.now())
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=review, area=referral.area, detail={"inappropriate": inappropriate}
        )
    review.refresh_from_db()
    return review

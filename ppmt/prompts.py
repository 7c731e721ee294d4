"""Record the language prompts raised on saved text, and whether they were reframed."""

from __future__ import annotations

from django.utils import timezone

from cases.models import Case, Referral
from marac.language import check_language
from marac.models import User
from ppmt.models import LanguagePromptEvent


def record_language_prompts(
    *,
    user: User,
    case: Case | None,
    source: str,
    source_id: int,
    field: str,
    text: str,
    previous_source_id: int | None = None,
    referral: Referral | None = None,
) -> list[LanguagePromptEvent]:
    """Call inside the transaction that saves ``text``.

    New phrases become events. Events of the previous version of the same
    text (``previous_source_id``, or this source again) whose phrase no longer
    appears are marked reframed; those still present carry over to this version.

    A referral being drafted has no case yet (``case`` None): its events hold the ``referral``, and are given
    the case when it is filed on one (a call with both).
    """
    if case is not None and referral is not None:
        LanguagePromptEvent.objects.filter(referral=referral, case__isnull=True).update(case=case)
    prompts = check_language(text)
    codes = {p.code for p in prompts}
    earlier = LanguagePromptEvent.objects.filter(
        source=source, source_id=previous_source_id or source_id, field=field, reframed_at__isnull=True
    )
    carried = set()
    for event in earlier:
        if event.code in codes:
            carried.add(event.code)
            if event.source_id != source_id:
                LanguagePromptEvent.objects.filter(pk=event.pk).update(source_id=source_id)
        else:
            LanguagePromptEvent.objects.filter(pk=event.pk).update(reframed_at=timezone.now())
    created = []
    for prompt in prompts:
        if prompt.code in carried:
            continue
        carried.add(prompt.code)
        created.append(
            LanguagePromptEvent.objects.create(
                case=case,
                referral=referral,
                source=source,
                source_id=source_id,
                field=field,
                code=prompt.code,
                matched=prompt.matched[:200],
                agency_id=user.agency_id,
                raised_by=user,
            )
        )
    return created

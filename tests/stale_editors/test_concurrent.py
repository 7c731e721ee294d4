"""Concurrent saves, each on its own database connection, as the measured defects were."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import CaseStatus, CaseStatusChange
from marac.models import Role
from ppmt.models import ResearchEntry, SurvivorVoice
from tests.factories import CaseFactory, MaracAreaFactory
from tests.referral_helpers import member
from tests.stale_editors.clients import loaded, page_client
from tests.stale_editors.place import make_place
from tests.stale_editors.scenarios_web import research_amend, voice_first


def _at_once(count: int, work: Callable[[int], int]) -> list[int]:
    """Run ``work(i)`` in ``count`` threads released together; each closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list[int] = [0] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_first_saves_of_the_voice_save_one_and_refuse_nine() -> None:
    p = make_place()
    scenario = voice_first(p)
    editors = [page_client(p.idaa, answer_errors=True) for _ in range(10)]
    versions = [loaded(editor.get(scenario.read_url), "version") for editor in editors]
    assert set(versions) == {"0"}  # the first save carries version 0
    codes = _at_once(
        10,
        lambda i: editors[i].post(scenario.write_url, {**scenario.body(f"Editor {i}"), "version": "0"}).status_code,
    )
    assert sorted(codes) == [302] + [409] * 9, codes
    voice = SurvivorVoice.objects.get()
    assert voice.version == 1
    assert not voice.revisions.exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_amendments_of_a_finding_never_fork_it() -> None:
    p = make_place()
    scenario = research_amend(p)
    editors = [page_client(p.police_rep if i % 2 else p.police_rep_2, answer_errors=True) for i in range(5)]
    amended = {loaded(editor.get(scenario.read_url), "amend") for editor in editors}
    assert len(amended) == 1
    (entry_id,) = amended
    codes = _at_once(
        5,
        lambda i: (
            editors[i].post(scenario.write_url, {**scenario.body(f"Amended by {i}"), "amend": entry_id}).status_code
        ),
    )
    assert sorted(codes) == [302] + [409] * 4, codes
    current = ResearchEntry.objects.filter(superseded_by__isnull=True, withdrawn=False, stage="pattern")
    assert current.count() == 1
    assert ResearchEntry.objects.get(pk=entry_id).superseded_by_id == current.get().pk


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_closing_a_case_at_once_one_wins_and_the_other_is_told() -> None:
    """The case's coordinator and chair both press "Close this case" on the page they loaded: one closes
    it, the other gets the 409 conflict page, and the history holds exactly one closing."""
    area = MaracAreaFactory()
    case = CaseFactory(area=area, status=CaseStatus.HEARD)
    closers = [
        page_client(member(Role.COORDINATOR, area), answer_errors=True),
        page_client(member(Role.CHAIR, area), answer_errors=True),
    ]
    url = reverse("case-close", args=[case.pk])
    versions = [loaded(closer.get(url), "version") for closer in closers]
    assert versions == [str(case.version)] * 2
    reasons = ["plan_complete", "moved_away"]
    codes = _at_once(2, lambda i: closers[i].post(url, {"reason": reasons[i], "version": versions[i]}).status_code)
    assert sorted(codes) == [302, 409], codes
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.version == int(versions[0]) + 1
    closings = CaseStatusChange.objects.filter(case=case, to_status=CaseStatus.CLOSED)
    assert closings.count() == 1
    assert closings.get().reason == reasons[codes.index(302)]

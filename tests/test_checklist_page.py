"""The risk checklist page and where its answers are shown, with the Django test client: a note and who
gave each answer, the running score beside the area's threshold, Change links from check your answers,
and answers the people listed contradict reported with the other errors in one round."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import PartyRole, Referral
from cases.referrals import services
from marac.models import Role, User
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import checklist_answers, draft_referral, fresh, member

pytestmark = pytest.mark.django_db

CHILD = {
    "role": PartyRole.CHILD,
    "given_names": "Cal",
    "family_name": "Quarrendale-X",
    "date_of_birth": date(2019, 6, 5),
}


@pytest.fixture
def daq_area():
    return MaracAreaFactory(checklist="daq", visible_high_risk_threshold=17)


@pytest.fixture
def practitioner(daq_area) -> User:
    return member(Role.PRACTITIONER, daq_area, agency=AgencyFactory())


def checklist_url(referral: Referral) -> str:
    return reverse("referral-section", args=[referral.public_id, "checklist"])


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_the_page_shows_the_score_so_far_beside_the_areas_threshold_and_what_counts(
    client: Client, daq_area, practitioner
) -> None:
    answers = {f"q{n}": "yes" for n in range(1, 10)} | {"c1": "yes"}
    referral = draft_referral(practitioner, daq_area, answers=answers, children=[CHILD])
    sign_in_verified(client, practitioner)
    text = page_text(client.get(checklist_url(referral)))
    assert "Score so far: 9 out of 24. This is below the area's threshold of 17." in text
    assert 'aria-live="polite"' in text
    assert "The score counts the “yes” answers to questions 1 to 24." in text
    assert "Questions 25 to 27 are recorded but not counted in the score" in text
    assert "Questions 25 to 27: recorded, not counted in the score" in text
    assert "js/checklist_score.js" in text


def test_notes_and_sources_are_saved_and_shown_on_check_your_answers_and_the_referral(
    client: Client, daq_area, practitioner
) -> None:
    referral = draft_referral(practitioner, daq_area, yes_answers=None, children=[CHILD])
    sign_in_verified(client, practitioner)
    data = {f"answer_q{n}": "yes" for n in range(1, 18)} | {
        "answer_c1": "yes",
        "source_q1": "professional",
        "note_q1": "Bruising to her arm, seen by the police officer",
        "source_q2": "victim",
        "note_q2": "She said: “I can't sleep”",
        "version": str(referral.version),
    }
    response = client.post(checklist_url(referral), data)
    assert response.status_code == 302
    checklist = fresh(referral).checklist
    assert checklist.sources == {"q1": "professional", "q2": "victim"}
    assert checklist.notes["q2"] == "She said: “I can't sleep”"

    again = page_text(client.get(checklist_url(referral)))
    assert "Bruising to her arm, seen by the police officer" in again
    assert "Score so far: 17 out of 24. This meets the area's threshold of 17 for visible high risk." in again

    check = page_text(client.get(reverse("referral-check", args=[referral.public_id])))
    assert "Given by: a professional" in check
    assert "Note: Bruising to her arm, seen by the police officer" in check
    assert "Note: She said: “I can't sleep”" in check
    assert "Score: 17 out of 24 “yes” answers; the area's threshold is 17." in check

    services.referral_update(user=practitioner, referral=fresh(referral), data={"reason": "Threats to kill."})
    detail = page_text(client.get(reverse("referral-detail", args=[referral.public_id])))
    assert "Note: Bruising to her arm, seen by the police officer" in detail
    assert "Given by: the victim" in detail


def test_check_your_answers_links_to_each_checklist_question_to_change_it(
    client: Client, daq_area, practitioner
) -> None:
    referral = draft_referral(practitioner, daq_area, answers=checklist_answers(15), children=[CHILD])
    sign_in_verified(client, practitioner)
    check = page_text(client.get(reverse("referral-check", args=[referral.public_id])))
    base = checklist_url(referral)
    for qid, number, topic in (("q1", 1, "injury from the current incident"), ("c3", 27, "children threatened")):
        link = re.search(rf'<a class="govuk-link" href="{re.escape(base)}#question-{qid}">Change(.*?)</a>', check)
        assert link, qid
        assert f"the answer to question {number}, {topic}" in link.group(1)
    assert f'href="{base}#completed-elsewhere"' in check
    assert "Counted in the score" in check
    assert "Recorded, not counted in the score" in check
    page = client.get(base).content.decode()
    assert 'id="question-q1"' in page
    assert 'id="question-c3"' in page
    assert 'id="completed-elsewhere"' in page


def test_answers_the_people_contradict_are_reported_with_the_other_errors_and_nothing_typed_is_lost(
    client: Client, daq_area, practitioner
) -> None:
    unborn = {"role": PartyRole.CHILD, "given_names": "", "expected_due_date": date(2099, 1, 1)}
    referral = draft_referral(practitioner, daq_area, yes_answers=None, children=[CHILD, unborn])
    sign_in_verified(client, practitioner)
    data = {
        "answer_q1": "yes",
        "answer_q9": "no",
        "answer_c1": "no",
        "note_c1": "She said the children stay with her mother",
        "source_q1": "Her sister",
        "completed_elsewhere": "on",
        "recorded_score": "lots",
        "version": str(referral.version),
    }
    response = client.post(checklist_url(referral), data)
    assert response.status_code == 400
    text = page_text(response)
    summary = text[text.index("govuk-error-summary") : text.index("</ul>", text.index("govuk-error-summary"))]
    for message in (
        "Question 9 says no pregnancy and no baby in the last 18 months, but the referral lists an unborn child",
        "Question 25 says no children live in or stay in the household, but the referral lists a child",
        "Select who gave the answer to question 1: the victim, a third party or a professional",
        "Enter the score as a whole number, like 15",
    ):
        assert message in summary
    assert "Select a valid choice" not in text
    assert "She said the children stay with her mother" in text
    assert 'name="answer_c1" type="radio" value="no" checked' in text
    assert 'name="recorded_score" value="lots"' in text
    assert "Score so far: 1 out of 24." in text
    assert fresh(referral).checklist.answers == {}


def test_a_stale_version_answers_409_and_keeps_what_was_typed(client: Client, daq_area, practitioner) -> None:
    referral = draft_referral(practitioner, daq_area, yes_answers=None)
    sign_in_verified(client, practitioner)
    services.referral_update(user=practitioner, referral=fresh(referral), data={"reason": "Changed in another tab"})
    data = {"answer_q1": "yes", "note_q1": "Cut lip", "version": str(referral.version)}
    response = client.post(checklist_url(referral), data)
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else changed this referral while you were editing it" in text
    assert "Cut lip" in text
    assert fresh(referral).checklist.answers == {}
    assert f'name="version" value="{fresh(referral).version}"' in text
    assert client.post(checklist_url(referral), data | {"version": str(fresh(referral).version)}).status_code == 302


def test_an_impossible_answer_gets_a_message_of_its_own(client: Client, daq_area, practitioner) -> None:
    referral = draft_referral(practitioner, daq_area, yes_answers=None)
    sign_in_verified(client, practitioner)
    data = {"answer_q4": "maybe", "note_q4": "x" * 2001, "source_q4": "neighbour", "recorded_score": "-1"}
    response = client.post(checklist_url(referral), data)
    assert response.status_code == 400
    text = page_text(response)
    assert "Select who gave the answer to question 4: the victim, a third party or a professional" in text
    assert "The score on that checklist must be 0 or more" in text
    assert "Select one of the answers shown for question 4" in text
    assert "The note on question 4 must be 2000 characters or fewer" in text
    assert "Select a valid choice" not in text
    assert "Ensure this value" not in text


def test_wording_that_blames_the_survivor_in_a_note_is_questioned_once_never_blocked(
    client: Client, daq_area, practitioner
) -> None:
    referral = draft_referral(practitioner, daq_area, yes_answers=None)
    sign_in_verified(client, practitioner)
    data = {"answer_q6": "yes", "note_q6": "She chooses to stay with him for now", "version": str(referral.version)}
    response = client.post(checklist_url(referral), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Check the wording" in text
    assert "You wrote ‘chooses to stay’" in text
    assert 'aria-describedby="id_note_q6-hint id_note_q6-language"' in text
    assert 'name="language_seen" value="1"' in text
    assert fresh(referral).checklist.notes == {"q6": "She chooses to stay with him for now"}
    seen = data | {"language_seen": "1", "version": str(fresh(referral).version)}
    assert client.post(checklist_url(referral), seen).status_code == 302

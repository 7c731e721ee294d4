"""The language check (marac/language.py): every rule prompts for its
survivor-blaming phrases, and neutral text gets no prompt."""

from __future__ import annotations

import re

import pytest

from marac.language import RULES, check_language

# --- Every rule, with its variants -------------------------------------------

POSITIVE = [
    # failure to protect
    ("She failed to protect the children.", "failure_to_protect", "failed to protect"),
    ("Concerns about failure to protect.", "failure_to_protect", "failure to protect"),
    ("Mum fails to protect her son.", "failure_to_protect", "fails to protect"),
    ("She is failing to protect them.", "failure_to_protect", "failing to protect"),
    ("She may fail to protect the baby.", "failure_to_protect", "fail to protect"),
    ("Failed to adequately protect the children", "failure_to_protect", "Failed to adequately protect"),
    ("failure to safeguard the child", "failure_to_protect", "failure to safeguard"),
    # allowed him back
    ("She allowed him back.", "allowed_back", "allowed him back"),
    ("She allowed him back in last week.", "allowed_back", "allowed him back in"),
    ("She let him back in.", "allowed_back", "let him back in"),
    ("She let her back into the house.", "allowed_back", "let her back into the house"),
    ("She keeps on allowing them back", "allowed_back", "allowing them back"),
    ("She lets him back", "allowed_back", "lets him back"),
    ("She let him in.", "allowed_back", "let him in"),
    ("She let him into the flat.", "allowed_back", "let him into the flat"),
    ("She allowed him to return home.", "allowed_back", "allowed him to return"),
    ("She allowed him to stay over.", "allowed_back", "allowed him to stay"),
    ("She has allowed her partner to move back in.", "allowed_back", "allowed her partner to move back in"),
    ("She let him come back.", "allowed_back", "let him come back"),
    ("She permitted her ex-partner back", "allowed_back", "permitted her ex-partner back"),
    # allowed contact
    ("She allowed him to see the children.", "allowed_contact", "allowed him to see"),
    ("Mum is allowing the children to have contact", "allowed_contact", "allowing the children to have contact"),
    ("She lets him have the kids at weekends.", "allowed_contact", "lets him have"),
    ("She permitted unsupervised contact.", "allowed_contact", "permitted unsupervised contact"),
    # chose to stay
    ("She chooses to stay.", "chose_to_stay", "chooses to stay"),
    ("She chose to stay with him.", "chose_to_stay", "chose to stay"),
    ("Mum is choosing to stay in the relationship.", "chose_to_stay", "choosing to stay"),
    ("She decided to stay.", "chose_to_stay", "decided to stay"),
    ("She has decided to remain with him.", "chose_to_stay", "decided to remain"),
    ("She opted to stay", "chose_to_stay", "opted to stay"),
    ("It was her choice to stay with him", "chose_to_stay", "her choice to stay with him"),
    # refuses to leave
    ("She won't leave him.", "refuses_to_leave", "won't leave"),
    ("She will not leave.", "refuses_to_leave", "will not leave"),
    ("She wont leave the relationship", "refuses_to_leave", "wont leave"),
    ("She refuses to leave.", "refuses_to_leave", "refuses to leave"),
    ("She refused to leave the home.", "refuses_to_leave", "refused to leave"),
    ("Mum is refusing to leave", "refuses_to_leave", "refusing to leave"),
    ("She would not leave him", "refuses_to_leave", "would not leave"),
    ("She is unwilling to leave", "refuses_to_leave", "unwilling to leave"),
    # keeps going back
    ("She keeps going back.", "keeps_going_back", "keeps going back"),
    ("She kept going back to him.", "keeps_going_back", "kept going back to him"),
    ("She keeps on going back", "keeps_going_back", "keeps on going back"),
    ("She keeps returning to him", "keeps_going_back", "keeps returning to him"),
    ("She always goes back", "keeps_going_back", "always goes back"),
    ("She keeps taking him back", "keeps_going_back", "keeps taking him back"),
    # went back to him
    ("She went back to him.", "keeps_going_back", "went back to him"),
    ("Mum has taken him back.", "keeps_going_back", "taken him back"),
    # hard to engage
    ("Mum is hard to engage.", "hard_to_engage", "hard to engage"),
    ("A hard-to-engage family.", "hard_to_engage", "hard-to-engage"),
    ("She has been difficult to engage", "hard_to_engage", "difficult to engage"),
    ("She is hard to reach", "hard_to_engage", "hard to reach"),
    ("She is reluctant to engage", "hard_to_engage", "reluctant to engage"),
    # non-engagement
    ("She won't engage.", "non_engagement", "won't engage"),
    ("She will not engage with services.", "non_engagement", "will not engage"),
    ("She refuses to engage.", "non_engagement", "refuses to engage"),
    ("She refused to engage", "non_engagement", "refused to engage"),
    ("Closed due to non-engagement.", "non_engagement", "non-engagement"),
    ("Closed due to non engagement.", "non_engagement", "non engagement"),
    ("Closed for nonengagement", "non_engagement", "nonengagement"),
    ("A non-engaging client", "non_engagement", "non-engaging"),
    ("She is not engaging.", "non_engagement", "is not engaging"),
    ("She failed to engage.", "non_engagement", "failed to engage"),
    ("She has disengaged.", "non_engagement", "disengaged"),
    ("She did not engage.", "non_engagement", "did not engage"),
    ("She didn't engage", "non_engagement", "didn't engage"),
    ("She has never engaged", "non_engagement", "never engaged"),
    ("Poor engagement with the IDVA", "non_engagement", "Poor engagement"),
    ("She wasn't engaging with services", "non_engagement", "wasn't engaging"),
    # putting herself or the children at risk
    ("She is putting herself at risk.", "putting_at_risk", "putting herself at risk"),
    ("Mum placed the children at risk.", "putting_at_risk", "placed the children at risk"),
    ("She exposed the children to domestic abuse.", "putting_at_risk", "exposed the children to domestic abuse"),
    # did not attend
    ("Child did not attend the appointment.", "did_not_attend", "did not attend"),
    ("The child didn't attend his dental appointment", "did_not_attend", "didn't attend"),
    ("Child DNA.", "did_not_attend", "DNA"),
    ("Child DNA'd the clinic.", "did_not_attend", "DNA'd"),
    ("Health visitor appointment DNA x2", "did_not_attend", "DNA"),
    ("She failed to attend the appointment", "did_not_attend", "failed to attend"),
    ("Non-attendance at school", "did_not_attend", "Non-attendance"),
    # toxic relationship
    ("A toxic relationship.", "toxic_relationship", "toxic relationship"),
    ("A volatile relationship.", "toxic_relationship", "volatile relationship"),
    ("A tempestuous relationship.", "toxic_relationship", "tempestuous relationship"),
    ("They are a volatile couple.", "toxic_relationship", "volatile couple"),
    ("The relationship is very volatile.", "toxic_relationship", "relationship is very volatile"),
    ("A turbulent marriage", "toxic_relationship", "turbulent marriage"),
    # mutual abuse
    ("They are both as bad as each other.", "mutual_abuse", "both as bad as each other"),
    ("She is just as bad as him", "mutual_abuse", "just as bad as him"),
    ("Mutual abuse reported.", "mutual_abuse", "Mutual abuse"),
    ("Mutual violence.", "mutual_abuse", "Mutual violence"),
    ("A mutually abusive relationship", "mutual_abuse", "mutually abusive"),
    ("It takes two.", "mutual_abuse", "It takes two"),
    ("It takes two to tango", "mutual_abuse", "It takes two to tango"),
    ("They are both to blame", "mutual_abuse", "both to blame"),
    ("tit-for-tat assaults", "mutual_abuse", "tit-for-tat"),
    # domestic as a noun
    ("Police were called to a domestic.", "domestic_noun", "a domestic"),
    ("There was a domestic at the address.", "domestic_noun", "a domestic"),
    ("After the domestic, he left.", "domestic_noun", "the domestic"),
    ("Another domestic last night", "domestic_noun", "Another domestic"),
    ("Several domestics reported.", "domestic_noun", "domestics"),
    ("a verbal domestic", "domestic_noun", "a verbal domestic"),
    ("Police attended a domestic incident", "domestic_noun", "domestic incident"),
    ("A domestic - neighbours called police", "domestic_noun", "A domestic"),
    ("it was \u2018a domestic\u2019", "domestic_noun", "a domestic"),
    # domestic dispute
    ("A domestic dispute.", "domestic_dispute", "domestic dispute"),
    ("A domestic argument over money", "domestic_dispute", "domestic argument"),
    # provocation
    ("She provoked him.", "provocation", "She provoked him"),
    ("Mum provoked", "provocation", "Mum provoked"),
    ("She was provoking him", "provocation", "She was provoking him"),
    ("Her comments provoked him", "provocation", "provoked him"),
    ("He was provoked", "provocation", "He was provoked"),
    ("She winds him up", "provocation", "winds him up"),
    ("She pushed his buttons", "provocation", "pushed his buttons"),
]


@pytest.mark.parametrize(("text", "code", "matched"), POSITIVE)
def test_each_rule_prompts_for_its_phrases(text: str, code: str, matched: str) -> None:
    prompts = check_language(text)
    assert [(p.code, p.matched) for p in prompts] == [(code, matched)]
    prompt = prompts[0]
    assert text[prompt.start : prompt.end] == prompt.matched
    assert prompt.suggestion
    assert prompt.instead


def test_there_are_at_least_sixty_cases_and_every_rule_is_covered() -> None:
    assert len(POSITIVE) >= 60
    assert {code for _, code, _ in POSITIVE} == {rule.code for rule in RULES}


def test_rule_codes_are_unique_and_stable_identifiers() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in codes)


NEGATIVE = [
    "she protected the children",
    "She protected the children from him.",
    "the survivor engaged well with the IDAA",
    "She is engaging with the IDVA and the refuge.",
    "She left the home.",
    "She has left the home with the children.",
    "She attended the appointment.",
    "The child was brought to the appointment.",
    "the children stayed with their grandmother",
    "She decided to stay with her sister.",
    "She chose to stay at a refuge.",
    "She decided to stay at her mum's.",
    # domestic, used as an adjective
    "A history of domestic abuse.",
    "Domestic violence was reported.",
    "Police recorded a domestic abuse incident.",
    "An offence under the Domestic Abuse (Scotland) Act 2018.",
    "A domestic homicide review was commissioned.",
    "the domestic abuse team; the domestic setting; a domestic worker; domestic circumstances",
    "the domestic and sexual violence service",
    # negated or the perpetrator's own behaviour
    "She did not let him back in.",
    "She didn't let him back in.",
    "She would never allow him back.",
    "She no longer lets him in.",
    "He refuses to leave the property.",
    "He won't leave her alone.",
    "She won't leave the children with him.",
    "She won't leave him alone with the baby.",
    "He did not engage with the perpetrator programme.",
    "His non-engagement with probation.",
    "He keeps going back to her address.",
    "Her ex-partner refuses to leave the house.",
    "Her partner is not engaging with services.",
    "He failed to attend the perpetrator programme.",
    "Mr Quarrendale did not engage with the Caledonian programme.",
    "the perpetrator refused to engage",
    # what he said
    "He said she provoked",
    "He claims she let him in.",
    # an agency is the subject
    "The police let him back into the house to collect his belongings.",
    # refusing contact with him is protective, and going back to the police is seeking help
    "She is not engaging with him.",
    "She refuses to engage with the perpetrator.",
    "She refused to engage in arguments with him.",
    "She will not engage with his messages.",
    "She kept going back to the police.",
    # DNA the molecule
    "DNA evidence was recovered from the scene.",
    "A DNA test was requested.",
    "He gave a DNA sample.",
    # unprovoked, and words containing the phrases
    "An unprovoked attack.",
    "Without provocation he punched her.",
    "Engagement with the IDVA has been good.",
    "She let the police in.",
    "She was allowed to stay in the refuge.",
    "",
    "   \n  ",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_neutral_text_has_no_prompts(text: str) -> None:
    assert check_language(text) == []

"""The subject test: is a phrase about what the survivor did, or about someone else?

"She failed to attend" may prompt; "He failed to attend the perpetrator
programme" records a fact about the person causing harm, "Police let him back
in" is about an agency, and "He claims she let him in" reports what he said.
A rule with ``subject_test`` is skipped where ``about_someone_else`` is true.

How, in plain terms (all within the sentence holding the phrase, up to
``WINDOW`` characters before it):

1. What he said: the person causing harm with a verb of saying ("he said",
   "Mr Y claims", "he accused her of") before the phrase, or after it when the
   phrase is quoted ("'You let me back in,' he said").
2. A possessive right before the phrase decides: "his non-engagement" is his,
   "her failure to protect" is hers (unless it starts a name for him, as in
   "her ex-partner is resistant to help").
3. Otherwise the nearest person named before the phrase who is not the object
   of a preposition or a verb of telling ("by him", "told police") is its
   subject: the person causing harm (he, the perpetrator, her partner, dad,
   Mr Y), an agency (police, the court, social work, we) or, right before the
   phrase, a thing (the order, the safety plan, bail conditions) means someone else;
   she, they, mum, the victim, Ms X, the child, or no one named means the survivor.
"""

from __future__ import annotations

import re

from marac.phrasebook.notation import FLAGS, phrase

__all__ = ["WINDOW", "about_someone_else"]

WINDOW = 160

_PERPETRATOR = (
    "(?:he|(?:the )?(?:alleged )?(?:perpetrators?|suspects?|offenders?|abusers?|person causing harm|fathers?|"
    "stepfathers?|stepdads?)|dads?|"
    "(?:her|the|his|their) (?:ex~partner|ex~husband|ex~boyfriend|partner|husband|boyfriend|ex)|"
    "mr\\.? [a-z]\\w*)(?:'s)?"
)
_AGENCY = (
    "(?:police|officers?|(?:the )?courts?|housing|social work(?:ers?)?|social care|social services|"
    "children's services|agenc(?:y|ies)|services|(?:the )?(?:idaa|idva)s?|(?:the )?schools?|(?:the )?gp|"
    "(?:the )?health visitors?|probation|(?:the )?refuge|workers?|staff|professionals|practitioners|"
    "(?:the )?landlord|(?:the )?council|we|"
    "(?:the )?(?:meeting|pilot|marac|chair|team|service(?! users?)|hospital|nurse))"
)
_SURVIVOR = (
    "(?:she|they|(?:the )?victim|(?:the )?survivor|mum|(?:the )?mother|(?:ms|mrs)\\.? [a-z]\\w*|miss [a-z]\\w*|"
    "the couple|the family|(?:the )?(?:child|children|baby|kids|clients?|service users?|woman|young person|"
    "non~(?:offending|abusing) parent))(?:'s)?"
)
# "Health visitor appointment", "police report": the agency names a thing, not who did something.
_NOT_A_MODIFIER = (
    r"(?!\s+(?:appointments?|visits?|checks?|meetings?|reviews?|referrals?|reports?|records?|notes?|"
    r"clinics?|programmes?|assessments?|involvement)(?!\w))"
)
_MENTION = re.compile(
    rf"(?<!\w)(?:(?P<perpetrator>{phrase(_PERPETRATOR)})|(?P<agency>{phrase(_AGENCY)}){_NOT_A_MODIFIER}|"
    rf"(?P<survivor>{phrase(_SURVIVOR)}))(?!\w)",
    FLAGS,
)
# A mention after one of these is an object, not the subject.
_OBJECT_MARKER = re.compile(
    r"(?<!\w)(?:by|to|with|from|for|at|about|against|of|on|towards|than|into|told|tell|tells|asked|called|"
    r"contacted|informed|and not|not)\s+\Z",
    FLAGS,
)
# A thing as subject, right before the phrase: "The non-molestation order did not protect her", "Bail conditions
# failed to safeguard the family", "Decisions are difficult to reach".
_THING = (
    "(?:[\\w-]+ ){0,2}(?:orders?|injunctions?|conditions|plans?|system|law|process(?:es)?|response|measures|"
    "arrangements?|legislation|decisions?|agreement|consensus|interventions?|approach|polic(?:y|ies)|programmes?)"
)
_THING_BEFORE = re.compile(
    rf"(?<!\w){phrase(_THING)}\s+(?:(?:has|have|had|is|was|were|are|been|also|then|still|simply|clearly|repeatedly|"
    r"often|always|can|could|may|might|will|would|did|do|does|be)\s+)*\Z",
    FLAGS,
)
# ... or where the sentence starts with one and names no one after it: "Decisions to share are complex or
# difficult to reach".
_THING_FIRST = re.compile(rf"\s*(?:the |a |an |this |that |these |those )?{phrase(_THING)}(?!\w)", FLAGS)
_POSSESSIVE = re.compile(r"(?<!\w)(?P<whose>his|her|their)\s+(?:[\w'\u2019-]+\s+){0,2}\Z", FLAGS)
_SAYING = (
    "(?:said|says|say|told|tells|claims?|claimed|alleges?|alleged|stated|states|insists?|insisted|accused|"
    "accuses|blamed|blames|maintains|maintained|denies|denied|believes|thinks|thought|reported that)"
)
_HE_SAID = re.compile(rf"(?<!\w){phrase(_PERPETRATOR)} (?:[a-z]+ ){{0,2}}?{_SAYING}(?!\w)", FLAGS)
_QUOTED_HE_SAID = re.compile(
    rf"[^.!?]*?[,\"\u201c\u201d\u2018\u2019]\s*{phrase(_PERPETRATOR)} {_SAYING}(?!\w)",
    FLAGS,
)
# Where a sentence (or a clause ended by ";" or ":", or a list item) starts. "Mr." and "Ms." do not end one.
_SENTENCE_END = re.compile(r"(?<!\bmr)(?<!\bms)(?<!mrs)(?<!\bdr)[.!?;:](?=\s|\Z)|\n\s*\n|\n\s*[-*\u2022]\s", FLAGS)


def _sentence_before(text: str, start: int) -> str:
    window_start = max(0, start - WINDOW)
    window = text[window_start:start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    return window[ends[-1] :] if ends else window


def _nearest_subject(before: str) -> str | None:
    """``"perpetrator"``, ``"agency"``, ``"survivor"`` or None: who the words before the phrase make its subject."""
    if _THING_BEFORE.search(before):
        return "agency"
    subject, subject_start = None, -1
    for mention in _MENTION.finditer(before):
        if not _OBJECT_MARKER.search(before, max(0, mention.start() - 24), mention.start()):
            subject, subject_start = mention.lastgroup, mention.start()
    possessive = _POSSESSIVE.search(before)
    if possessive and possessive.start() > subject_start:
        # "her failure to protect" (hers), but "her ex-partner is resistant to help" names him.
        return "perpetrator" if possessive.group("whose").lower() == "his" else "survivor"
    if subject is None and _THING_FIRST.match(before):
        return "agency"
    return subject


def about_someone_else(text: str, start: int, end: int) -> bool:
    """Whether the phrase at ``text[start:end]`` is about the person causing harm or an agency, or reports
    what he said, rather than describing the survivor."""
    before = _sentence_before(text, start)
    if _HE_SAID.search(before):
        return True
    quoted = any(mark in before for mark in '"\u201c\u2018')
    if quoted and _QUOTED_HE_SAID.match(text, end, end + WINDOW):
        return True
    return _nearest_subject(before) in ("perpetrator", "agency")

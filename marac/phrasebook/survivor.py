"""Rules about what the survivor did or did not do: protecting, letting him back, contact, staying,
leaving, going back, engaging. Each has the subject test (``marac.phrasebook.subjects``): the same
words with the person causing harm or an agency as subject are a fact to record, not blame."""

from __future__ import annotations

from marac.phrasebook.notation import LanguageRule, rule
from marac.phrasebook.words import (
    ANYONE,
    CHILDREN,
    FAMILY,
    HIM,
    HOME,
    NEGATED,
    NOT_TO_HELP,
    NOT_WITH_HIM,
    PERMIT,
    PERPETRATOR_SUBJECT,
)

# A negation before "protect", "safeguard" or "keep ... safe" ("did not protect", "unable to keep them safe").
_NOT = (
    "(?:(?:did|does|do|could|can|would|will)(?:n't| not)|didnt|doesnt|couldnt|cannot|can't|not|never|"
    "(?:is|was|are|were)(?:n't| not) able to|unable to|not able to|fail(?:s|ed|ing)? to|failure to)"
)
_HAS_NOT = "(?:has|have|had)(?:n't| not| never)"
_CHILD_OR_SELF = f"(?:{CHILDREN}|them|herself|themselves|her family)"
_RISK = "(?:at (?:(?:serious|significant|further|real|high|increased) )?risk|in danger|in harm's way)"

SURVIVOR_RULES: tuple[LanguageRule, ...] = (
    rule(
        "failure_to_protect",
        "failure to protect",
        "Describe what the person causing harm did that harmed the child, "
        "and what the survivor has done to protect them.",
        (
            "fail(?:ure|ures|ed|s|ing)? to (?:(?:adequately|properly|sufficiently|fully) )?"
            "(?:protect|safeguard|shield)",
            f"{_NOT} (?:(?:adequately|properly|always|fully) )?(?:protect|safeguard)(?! (?:herself|himself))",
            f"{_HAS_NOT} (?:(?:adequately|properly|always) )?(?:protected|safeguarded)(?! (?:herself|himself))",
            "(?:is|was|are|were)(?:n't| not) (?:protecting|safeguarding)",
            "(?:not|never|isn't|wasn't|aren't|hasn't been|haven't been) (?:been )?(?:a )?protective",
            f"(?:{_NOT}|{_HAS_NOT}) (?:keep|kept|keeping) {_CHILD_OR_SELF} safe",
        ),
        subject_test=True,
    ),
    rule(
        "allowed_back",
        "allowed him back",
        "Write that the person causing harm returned to the home, and describe how "
        "(for example through coercion, threats or manipulation). "
        "He is responsible for coming back, not the survivor for allowing it.",
        (
            f"{PERMIT} {ANYONE} back(?: (?:in|into {HOME}))?",
            f"{PERMIT} {HIM} (?:in|into (?:{HOME}|the property))",
            f"{PERMIT} {HIM} (?:to )?(?:come back|come and go|come round|return|stay|move back in|move in|visit "
            f"{HOME}|visit the property|live with (?:her|them)|sleep)",
        ),
        unless_preceded_by=NEGATED,
        subject_test=True,
    ),
    rule(
        "allowed_contact",
        "allowed him contact",
        "Describe what the person causing harm did to get contact with the children (for example through "
        "threats, pressure or the courts), and what the survivor has done to keep them safe.",
        (
            f"{PERMIT} {HIM} (?:to )?(?:see|have|take|babysit|look after|care for|collect|pick up|spend time with)",
            f"{PERMIT} (?:{HIM} )?(?:(?:unsupervised|supervised|direct|overnight|regular|continued) )?"
            "(?:contact|access)(?! with (?:her|the) (?:family|mum|mother|sister|friends))",
            f"{PERMIT} {CHILDREN} (?:to )?have contact",
            f"{PERMIT} {CHILDREN} (?:to )?(?:see|visit|stay (?:overnight )?with|go to|be around|spend time with|"
            "be with|be left with) "
            f"(?:{HIM}|his)",
        ),
        unless_preceded_by=NEGATED,
        subject_test=True,
    ),
    rule(
        "chose_to_stay",
        "chooses to stay",
        "Describe the barriers to leaving and the risks of leaving that the person causing harm "
        "has created, and what the survivor is doing to keep herself and any children safe.",
        (
            "(?:choose|chooses|chose|chosen|choosing|decide|decides|decided|deciding|opt|opts|opted|opting|"
            "elect|elects|elected|electing|(?:made|makes|making|make) (?:a|the|her) (?:choice|decision)|"
            "(?:her|their) (?:choice|decision)) to "
            "(?:(?:stay|remain)(?! (?:overnight|safe|"
            "(?:at|in) (?:a|the) (?:refuge|hostel|shelter|hotel|safe house|b&b)|"
            f"(?:with|at) {FAMILY}))|(?:return|go back|get back) to (?:{HIM}|the relationship)|"
            f"reconcile|resume the relationship|get back together|take {HIM} back)",
            "(?:(?:made|makes|making|make) (?:a|the|her) (?:choice|decision)|(?:her|their) (?:choice|decision)) "
            f"to (?:stay|remain) (?:with {HIM}|in the relationship|together)",
        ),
        unless_preceded_by=NEGATED,
        subject_test=True,
    ),
    rule(
        "refuses_to_leave",
        "refuses to leave",
        "Describe the barriers to leaving and the risks of leaving that the person causing harm "
        "has created. Leaving is often the most dangerous time.",
        (
            "(?:won't|wont|will not|would not|wouldn't|will never|would never) leave"
            f"(?! (?:(?:him|her|them) alone|{CHILDREN}))",
            "(?:refuse|refuses|refused|refusing|refusal|unwilling|reluctant) to leave"
            f"(?! (?:(?:him|her|them) alone|{CHILDREN}))",
        ),
        unless_preceded_by=PERPETRATOR_SUBJECT,
        subject_test=True,
    ),
    rule(
        "keeps_going_back",
        "keeps going back",
        "Describe the pressure, barriers and risks that make leaving hard, and what the survivor "
        "is doing to stay safe. Leaving often takes several attempts.",
        (
            f"(?:keep|keeps|kept|keeping) (?:on )?(?:going|running|getting) back{NOT_TO_HELP}",
            f"(?:keep|keeps|kept|keeping) (?:on )?returning to (?:{HIM}|the relationship)",
            f"(?:keep|keeps|kept|keeping) (?:on )?(?:taking|letting|having) {ANYONE} back",
            f"always (?:goes|went|go|going|returns|returned|runs|ran) back{NOT_TO_HELP}",
            "(?:go|goes|went|gone|going|run|runs|ran|running) back to "
            f"(?:(?:live|be|stay) with )?(?:{HIM}|the relationship)",
            f"(?:return|returns|returned|returning) to (?:{HIM}|the relationship)",
            f"(?:take|takes|took|taken|taking) {HIM} back",
            f"(?:is|was|are|were|been|be|got|get|gets|getting) back (?:together |in a relationship )?with {HIM}",
            "(?:got|get|gets|getting|are|were|is|was|been) back together",
            f"resum(?:e|es|ed|ing) (?:the|their|her) relationship|reconcil(?:e|es|ed|ing) with {HIM}",
        ),
        unless_preceded_by=NEGATED,
        subject_test=True,
    ),
    rule(
        "hard_to_engage",
        "hard to engage",
        "Describe what is getting in the way of contact (for example safety, trust, or practical "
        "barriers such as the person causing harm monitoring her phone) and how agencies can make "
        "support easier to use.",
        (
            "(?:hard|difficult|impossible|challenging)~to~(?:engage|reach|get hold of|contact|get in touch with)",
            f"(?:reluctant|unwilling|resistant) to (?:engage|engagement|engaging){NOT_WITH_HIM}",
            "(?:resistant|resistance) to (?:support|help|services|intervention|advice)",
        ),
        subject_test=True,
    ),
    rule(
        "non_engagement",
        "non-engagement",
        "Describe what is getting in the way (for example safety, trust, or the person causing harm's "
        "control) and how agencies can help the survivor to use support.",
        (
            "non~engag(?:ement|ing|ed|er|ers)",
            "disengag(?:e|es|ed|ing|ement)",
            f"(?:fail|fails|failed|failing|failure|refuse|refuses|refused|refusing|refusal) to engage{NOT_WITH_HIM}",
            f"(?:won't|wont|will not|would not|wouldn't|will never|would never) engage{NOT_WITH_HIM}",
            "(?:(?:did|does|do|has|have|had|is|was|were|are|would)(?:n'?t| not)|not|never) "
            f"(?:(?:been|really|yet|fully|properly|consistently|meaningfully) )?engag(?:e|es|ed|ing){NOT_WITH_HIM}",
            "(?:poor|limited|minimal|sporadic|little|lack of) engagement(?! (?:from|by) (?:some |certain |other |"
            "partner |key |the )?(?:agenc|services|partners|professionals|police|health|education|school|probation))",
            "engagement (?:has been|had been|was|is|remains|remained) (?:poor|limited|minimal|sporadic|non~existent)",
            "non~complian(?:t|ce)|un~co~operative|non~co~operative|non~co~operation",
            "(?:not|never|(?:is|was|are|were)n't|refus(?:e|es|ed|ing) to|won't|will not|would not) "
            "(?:be )?co~operat(?:e|es|ing|ive)",
            "refus(?:e|es|ed|ing) to support (?:a|the|any) (?:prosecution|investigation|charge)",
            "refus(?:e|es|ed|ing) (?:all |any |the )?(?:support|help)(?! (?:of|from) (?:him|his))",
            f"declin(?:e|es|ed|ing) to engage{NOT_WITH_HIM}",
        ),
        unless_preceded_by=PERPETRATOR_SUBJECT,
        subject_test=True,
    ),
    rule(
        "putting_at_risk",
        "putting herself or the children at risk",
        "Name the risk the person causing harm poses and what he did, and describe what the survivor "
        "is doing to keep herself and the children safe.",
        (
            f"(?:put|puts|putting|place|places|placed|placing) {_CHILD_OR_SELF} {_RISK}",
            f"expos(?:e|es|ed|ing) {_CHILD_OR_SELF} to (?:{HIM}|his|(?:domestic )?abuse|violence|harm|risk|danger)",
        ),
        subject_test=True,
    ),
)

"""The survivor-blaming phrases the language check looks for (``marac.language``).

One table, ``RULES``: each rule is a kind of survivor-blaming framing, a
short label of it, a reframing in plain English, and the phrases that
express it, written in a small notation that ``_phrase`` turns into a
regular expression:

- a space matches any run of whitespace, including line breaks;
- ``'`` matches a straight or curly apostrophe (U+0027, U+2019, U+2018, U+02BC);
- ``~`` matches a hyphen, a space, or nothing ("non-engagement",
  "non engagement", "nonengagement").

Every phrase must start and end at a word boundary, and matching ignores case
(except where a phrase says otherwise, as for "DNA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RULES", "LanguageRule"]


@dataclass(frozen=True)
class LanguageRule:
    """A kind of survivor-blaming framing and the phrases that express it."""

    code: str
    instead: str
    suggestion: str
    patterns: tuple[re.Pattern[str], ...]
    unless_preceded_by: tuple[re.Pattern[str], ...] = ()
    """A match is ignored when the text just before it matches one of these
    (for example "did not" before "let him back", or "he" before "refuses to
    leave", where the phrase describes the perpetrator's own behaviour)."""


# --- Phrase notation --------------------------------------------------------

_APOSTROPHE = "['\u2018\u2019\u02bc`\u00b4]"
_GAP = r"\s+"
_OPTIONAL_HYPHEN = r"(?:\s*[-\u2010\u2011\u2013]\s*|\s+)?"
_FLAGS = re.IGNORECASE


def _phrase(source: str) -> str:
    """Expand the phrase notation (see the module docstring) into a regex."""
    return source.replace("~", _OPTIONAL_HYPHEN).replace(" ", _GAP).replace("'", _APOSTROPHE)


def _compile(source: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_phrase(source)})(?!\w)", _FLAGS)


def _before(source: str) -> re.Pattern[str]:
    """A pattern for the words immediately before a match (it ends the text)."""
    return re.compile(rf"(?:{_phrase(source)})\s+\Z", _FLAGS)


def _rule(
    code: str,
    instead: str,
    suggestion: str,
    phrases: tuple[str, ...],
    unless_preceded_by: tuple[str, ...] = (),
) -> LanguageRule:
    return LanguageRule(
        code=code,
        instead=instead,
        suggestion=suggestion,
        patterns=tuple(_compile(p) for p in phrases),
        unless_preceded_by=tuple(_before(p) for p in unless_preceded_by),
    )


# --- Shared word lists --------------------------------------------------------

_PARTNER = (
    "(?:(?:her|his|their|the) (?:ex~partner|ex~husband|ex~wife|ex~boyfriend|ex~girlfriend|"
    "partner|husband|wife|boyfriend|girlfriend|ex))"
)
_PERPETRATOR = "(?:the (?:alleged )?(?:perpetrator|suspect|abuser|offender|person causing harm))"
# "him", a partner or the perpetrator: the person returning.
_HIM = f"(?:him|{_PARTNER}|{_PERPETRATOR})"
# As above, and "her" or "them" (only used with "back", as in "let them back in").
_ANYONE = f"(?:him|her|them|{_PARTNER}|{_PERPETRATOR})"
_HOME = "(?:the|her|their|our|my) (?:home|house|property|flat|address)"
_FAMILY = (
    "(?:(?:her|his|their|my|a|the) )?(?:mum|mother|dad|father|parents|family|sister|brother|"
    "friend|friends|grandmother|grandfather|grandparents|gran|nan|nana|aunt|auntie|uncle|cousin|"
    "relative|relatives|daughter|son|children|kids)(?:'s)?(?!\\w)"
)
_CHILDREN = "(?:(?:the|her|their|his) )?(?:children|child|kids|baby|babies|son|daughter)(?!\\w)"

# Words before a match that mean the phrase is negated ("she did not let him back").
_NEGATED = (
    "(?<!\\w)(?:not|never|no longer|didnt|dont|doesnt|wont|wouldnt|hasnt|havent|hadnt|cannot|cant|couldnt|"
    "refuse to|refuses to|refused to|refusing to)|n't",
    "(?:(?<!\\w)(?:not|never|no longer)|n't) (?:ever|always|again|want to|wanted to|agree to|agreed to|going to|be)",
)
# Words before a match that make the perpetrator its subject ("he refuses to
# leave the property", "his non-engagement"): that describes his behaviour.
_PERPETRATOR_SUBJECT = (
    "(?<!\\w)(?:he|his|(?:the )?(?:alleged )?(?:perpetrator|suspect|offender|abuser|person causing harm)(?:'s)?|"
    "(?:her|the) (?:ex~partner|ex~husband|ex~boyfriend|partner|husband|boyfriend|ex)(?:'s)?|"
    "dad|father|stepdad|stepfather)"
    "(?: (?:still|just|simply|now|also|has|had|have|is|was|been|being|always|repeatedly|continually|"
    "consistently|then|again|currently|previously|often|reportedly|continues to|continued to|seems to|"
    "appears to|to be))*",
)


# Words before a match that make an agency its subject ("police let him back
# in to collect his belongings").
_AGENCY_SUBJECT = (
    "(?<!\\w)(?:(?:the )?police|officers?|(?:the )?court|staff|(?:the )?landlord|housing|(?:the )?council|"
    "probation|social care|social services)(?: (?:then|also|later|had|have|has|had to|would|will|did|may))*",
)
# After "engage": engaging with the perpetrator, or in arguments, is not what
# agencies mean by engagement; refusing it is protective.
_NOT_WITH_HIM = f"(?! (?:with|in) (?:{_HIM}|his|the abuser|any contact|contact|arguments?|conflict|rows?|fights?))"
# After "going back": going back to the police or a service is seeking help.
_NOT_TO_HELP = (
    "(?! to (?:the |her |a )?(?:police|gp|doctor|idva|idaa|refuge|hospital|clinic|school|college|work|court|"
    "housing|council|support|services|mum|mother|family|sister|friend|friends|parents)(?!\\w))"
)

# --- The rules --------------------------------------------------------------

RULES: tuple[LanguageRule, ...] = (
    _rule(
        "failure_to_protect",
        "failure to protect",
        "Describe what the person causing harm did that harmed the child, "
        "and what the survivor has done to protect them.",
        ("fail(?:ure|ures|ed|s|ing)? to (?:(?:adequately|properly|sufficiently|fully) )?(?:protect|safeguard)",),
    ),
    _rule(
        "allowed_back",
        "allowed him back",
        "Write that the person causing harm returned to the home, and describe how "
        "(for example through coercion, threats or manipulation). "
        "He is responsible for coming back, not the survivor for allowing it.",
        (
            # allowed/let him, her or them back (in)
            f"(?:allow|allows|allowed|allowing|permit|permits|permitted|permitting|let|lets|letting) {_ANYONE} "
            f"back(?: (?:in|into {_HOME}))?",
            # let him in, allowed him into the house
            f"(?:allow|allows|allowed|allowing|permit|permits|permitted|permitting|let|lets|letting) {_HIM} "
            f"(?:in|into {_HOME})",
            # allowed him to return / stay
            f"(?:allow|allows|allowed|allowing|permit|permits|permitted|permitting) {_HIM} "
            "to (?:come back|return|stay|move back in|move in|live with (?:her|them))",
            # let him return / stay
            f"(?:let|lets|letting) {_HIM} (?:come back|return|stay|move back in|move in|live with (?:her|them))",
        ),
        unless_preceded_by=_NEGATED + _AGENCY_SUBJECT,
    ),
    _rule(
        "chose_to_stay",
        "chooses to stay",
        "Describe the barriers to leaving and the risks of leaving that the person causing harm "
        "has created, and what the survivor is doing to keep herself and any children safe.",
        (
            "(?:choose|chooses|chose|chosen|choosing|decide|decides|decided|deciding|opt|opts|opted|opting|"
            "elect|elects|elected|electing) to (?:stay|remain)"
            "(?! (?:overnight|safe|(?:at|in) (?:a|the) (?:refuge|hostel|shelter|hotel|safe house|b&b)|"
            f"(?:with|at) {_FAMILY}))",
            "(?:(?:made|makes|making|make) (?:a|the|her) (?:choice|decision)|(?:her|their) (?:choice|decision)) "
            "to (?:stay|remain) (?:with (?:him|the perpetrator)|in the relationship|together)",
        ),
        unless_preceded_by=_NEGATED,
    ),
    _rule(
        "refuses_to_leave",
        "refuses to leave",
        "Describe the barriers to leaving and the risks of leaving that the person causing harm "
        "has created. Leaving is often the most dangerous time.",
        (
            "(?:won't|wont|will not|would not|wouldn't|will never|would never) leave"
            f"(?! (?:(?:him|her|them) alone|{_CHILDREN}))",
            "(?:refuse|refuses|refused|refusing|refusal|unwilling|reluctant) to leave"
            f"(?! (?:(?:him|her|them) alone|{_CHILDREN}))",
        ),
        unless_preceded_by=_PERPETRATOR_SUBJECT,
    ),
    _rule(
        "keeps_going_back",
        "keeps going back",
        "Describe the pressure, barriers and risks that make leaving hard, and what the survivor "
        "is doing to stay safe. Leaving often takes several attempts.",
        (
            f"(?:keep|keeps|kept|keeping) (?:on )?(?:going|running|getting) back{_NOT_TO_HELP}",
            f"(?:keep|keeps|kept|keeping) (?:on )?returning to (?:{_HIM}|the relationship)",
            f"(?:keep|keeps|kept|keeping) (?:on )?(?:taking|letting|having) {_ANYONE} back",
            f"always (?:goes|went|go|going|returns|returned|runs|ran) back{_NOT_TO_HELP}",
        ),
        unless_preceded_by=_PERPETRATOR_SUBJECT,
    ),
    _rule(
        "hard_to_engage",
        "hard to engage",
        "Describe what is getting in the way of contact (for example safety, trust, or practical "
        "barriers such as the person causing harm monitoring her phone) and how agencies can make "
        "support easier to use.",
        (
            "(?:hard|difficult|impossible|challenging)~to~(?:engage|reach)",
            f"(?:reluctant|unwilling|resistant) to (?:engage|engagement){_NOT_WITH_HIM}",
        ),
        unless_preceded_by=_PERPETRATOR_SUBJECT,
    ),
    _rule(
        "non_engagement",
        "non-engagement",
        "Describe what is getting in the way (for example safety, trust, or the person causing harm's "
        "control) and how agencies can help the survivor to use support.",
        (
            "non~engag(?:ement|ing|ed|er|ers)",
            "disengag(?:e|es|ed|ing|ement)",
            f"(?:fail|fails|failed|failing|failure|refuse|refuses|refused|refusing|refusal) to engage{_NOT_WITH_HIM}",
            f"(?:won't|wont|will not|would not|wouldn't|will never|would never) engage{_NOT_WITH_HIM}",
            "(?:(?:did|does|do|has|have|had|is|was|were|are|would)(?:n'?t| not)|not|never) "
            f"(?:(?:been|really|yet|fully|properly|consistently|meaningfully) )?engag(?:e|es|ed|ing){_NOT_WITH_HIM}",
            "(?:poor|limited|minimal|sporadic|little|lack of) engagement",
            "engagement (?:has been|had been|was|is|remains|remained) (?:poor|limited|minimal|sporadic|non~existent)",
        ),
        unless_preceded_by=_PERPETRATOR_SUBJECT,
    ),
    _rule(
        "did_not_attend",
        "did not attend",
        "If this is about a child's appointment, write 'was not brought': children depend on adults "
        "to take them. If it is about the survivor, describe what got in the way, such as the "
        "person causing harm's control, and how the appointment could be made easier to attend.",
        (
            "(?:did not|didn't|didnt|did'nt) attend",
            "(?:fail|fails|failed|failing|failure) to attend",
            "non~attendance",
            # "DNA" in capitals only, and not DNA the molecule.
            "(?-i:DNA)(?! (?:test|tests|testing|tested|evidence|sample|samples|swab|swabs|swabbed|profile|"
            "profiles|result|results|match|matched|matches|analysis|kit|kits|database|report|recovered|found|"
            "from|on|was recovered|was found|taken|obtained))",
            "DNA(?:'d|d|'ed|ed)",
        ),
    ),
    _rule(
        "toxic_relationship",
        "toxic or volatile relationship",
        "Name who is causing harm and describe what they did. Words like 'toxic' or 'volatile' "
        "make abuse sound mutual; counter-allegations are assessed as part of the pattern of abuse.",
        (
            "(?:toxic|volatile|tempestuous|turbulent|tumultuous|stormy|fiery|explosive|dysfunctional) "
            "(?:relationship|relationships|couple|couples|marriage|partnership|dynamic)",
            "(?:relationship|marriage|couple) (?:is|was|has been|had been|are|were|can be|described as) "
            "(?:(?:very|extremely|quite|really|highly|often|always|so|a bit|somewhat) )?"
            "(?:toxic|volatile|tempestuous|turbulent|tumultuous|stormy|fiery|explosive|dysfunctional)",
        ),
    ),
    _rule(
        "mutual_abuse",
        "mutual abuse",
        "Name who is causing harm and describe what they did. Counter-allegations are assessed "
        "as part of the pattern of abuse, not treated as equal blame.",
        (
            "mutual (?:abuse|violence|aggression|fighting|assault|assaults|combat|conflict)",
            "mutually (?:abusive|violent|aggressive|combative)",
            "(?:(?:both|just|equally) )?as bad as (?:each other|one another|him)",
            "(?:both|equally) to blame",
            "it (?:takes|took) two(?: to tango)?",
            "six of one,? (?:and )?half a dozen(?: of (?:the )?other)?",
            "tit~for~tat",
        ),
    ),
    _rule(
        "domestic_noun",
        "'a domestic'",
        "Write 'domestic abuse incident', and describe what the person causing harm did.",
        (
            # "a domestic", "the domestic", "another domestic", "re domestic": the word used as a noun,
            # so followed by punctuation, the end, or a word that cannot continue a noun phrase.
            "(?:a|the|another|this|that|any|previous|prior|last|latest|recent|earlier|further|first|second|"
            "third|re|regarding|following|after|during|reported|reporting|attended|of|to) "
            "(?:(?:verbal|physical|alleged|reported|suspected|minor|serious|historic|historical|previous|"
            "further|recent|ongoing|big|small) )?"
            "domestic"
            '(?=\\s*(?:[.,;:!?)\\]}"\u201c\u201d\\x27\u2018\u2019\u02bc\u2014\u2013]|\\Z)|\\s+-(?!\\w)|'
            "\\s+(?:at|on|in|with|between|was|is|were|has|had|have|last|yesterday|today|tonight|earlier|"
            "involving|where|when|which|that|who|reported|occurred|happened|took|after|before|from|as|by|"
            "because|while|whilst|then|the|he|she|they|it|this|over|about|outside|inside|during)(?!\\w))",
            "domestics",
            "domestic incidents?",
        ),
    ),
    _rule(
        "domestic_dispute",
        "domestic dispute or argument",
        "Write 'domestic abuse incident', and describe what the person causing harm did. Words like "
        "'dispute' or 'argument' suggest a disagreement between equals.",
        (
            "domestic (?:dispute|disputes|argument|arguments|row|rows|altercation|altercations|quarrel|quarrels|"
            "fight|fights|tiff|spat|disagreement|disagreements|squabble)",
        ),
    ),
    _rule(
        "provocation",
        "provoked him",
        "Describe what he did. Talking about provocation shifts the blame onto the survivor; "
        "the person causing harm is responsible for his own behaviour.",
        (
            "provok(?:e|es|ed|ing) (?:him|the perpetrator|the suspect|"
            "his (?:anger|temper|jealousy|violence|aggression|behaviour|behavior|reaction|outburst)|"
            "an? (?:reaction|response|argument|row|fight|incident|assault|attack|outburst))",
            "(?:she|the survivor|survivor|the victim|victim|mum|the mother|mother) "
            "(?:(?:had|has|may|might|must|have|probably|possibly|allegedly|then|been|was|is|keeps|kept|always) )*"
            "provok(?:e|es|ed|ing)",
            "(?:he|the perpetrator|perpetrator|the suspect|suspect) "
            "(?:(?:says|said|claims|claimed|stated|states|felt|feels|believes|believed) (?:that )?(?:he )?)?"
            "(?:was|had been|felt|feels|is) provoked",
            "(?:wind|winds|wound|winding) him up",
            "(?:push|pushes|pushed|pushing) his buttons",
        ),
    ),
)

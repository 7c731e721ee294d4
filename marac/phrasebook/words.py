"""Word lists the phrasebook's rules share (in the notation of ``marac.phrasebook.notation``)."""

from __future__ import annotations

__all__ = [
    "ANYONE",
    "CHILDREN",
    "FAMILY",
    "HIM",
    "HOME",
    "NEGATED",
    "NOT_TO_HELP",
    "NOT_WITH_HIM",
    "PERMIT",
    "PERPETRATOR_SUBJECT",
]

_PARTNER = (
    "(?:(?:her|his|their|the) (?:ex~partner|ex~husband|ex~wife|ex~boyfriend|ex~girlfriend|"
    "partner|husband|wife|boyfriend|girlfriend|ex))"
)
_PERPETRATOR = "(?:the (?:alleged )?(?:perpetrator|suspect|abuser|offender|person causing harm))"
_FATHER = "(?:dad|(?:the|their|the children's|the child's|her children's) (?:father|dad)|mr\\.? [a-z]\\w*)"
# "him", a partner, the children's father or the perpetrator: the person returning, or having contact.
HIM = f"(?:him|{_PARTNER}|{_PERPETRATOR}|{_FATHER})"
# As above, and "her" or "them" (only used with "back", as in "let them back in").
ANYONE = f"(?:him|her|them|{_PARTNER}|{_PERPETRATOR}|{_FATHER})"
HOME = "(?:the|her|their|our|my) (?:family )?(?:home|house|property|flat|address)"
FAMILY = (
    "(?:(?:her|my) (?:dad|father)(?:'s)?(?!\\w)|"
    "(?:(?:her|his|their|my|a|the) )?(?:mum|mother|parents|family|sister|brother|"
    "friend|friends|grandmother|grandfather|grandparents|gran|nan|nana|aunt|auntie|uncle|cousin|"
    "relative|relatives|daughter|son|children|kids)(?:'s)?(?!\\w))"
)
CHILDREN = "(?:(?:the|her|their|his) )?(?:children|child|kids|baby|babies|son|daughter)(?!\\w)"
# Verbs of permission: "allowed", "let", "permitted" and their forms.
PERMIT = "(?:allow|allows|allowed|allowing|permit|permits|permitted|permitting|let|lets|letting)"

# Words before a match that mean the phrase is negated ("she did not let him back").
NEGATED = (
    "(?<!\\w)(?:not|never|no longer|didnt|dont|doesnt|wont|wouldnt|hasnt|havent|hadnt|cannot|cant|couldnt|"
    "refuse to|refuses to|refused to|refusing to)|n't",
    "(?:(?<!\\w)(?:not|never|no longer)|n't) (?:ever|always|again|want to|wanted to|agree to|agreed to|going to|be)",
)
# Words before a match that make the perpetrator its subject ("he refuses to
# leave the property", "his non-engagement"): that describes his behaviour.
PERPETRATOR_SUBJECT = (
    "(?<!\\w)(?:he|his|(?:the )?(?:alleged )?(?:perpetrator|suspect|offender|abuser|person causing harm)(?:'s)?|"
    "(?:her|the) (?:ex~partner|ex~husband|ex~boyfriend|partner|husband|boyfriend|ex)(?:'s)?|"
    "dad|father|stepdad|stepfather)"
    "(?: (?:still|just|simply|now|also|has|had|have|is|was|been|being|always|repeatedly|continually|"
    "consistently|then|again|currently|previously|often|reportedly|continues to|continued to|seems to|"
    "appears to|to be))*",
)
# After "engage": engaging with the perpetrator, or in arguments or violence, is not what
# agencies mean by engagement; refusing it is protective.
NOT_WITH_HIM = (
    f"(?! (?:with|in) (?:{HIM}|his|the abuser|any contact|contact|arguments?|conflict|rows?|fights?|"
    "(?:any )?(?:violence|abuse|aggression)))"
)
# After "going back": going back to the police or a service is seeking help.
NOT_TO_HELP = (
    "(?! to (?:the |her |a )?(?:police|gp|doctor|idva|idaa|refuge|hospital|clinic|school|college|work|court|"
    "housing|council|support|services|mum|mother|family|sister|friend|friends|parents)(?!\\w))"
)

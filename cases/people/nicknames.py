"""Common English and Scottish short forms of first names, curated by hand.

Each line is a full name and the short forms people are known by. A short
form may belong to several full names (Alex: Alexander and Alexandra; Chris:
Christopher and Christine): matching treats two first names as the same
person's when any line holds both. Kept small and conservative on purpose:
a short form listed here makes two records look alike, so only forms in
common use belong (add a line, with its full name first).
"""

from __future__ import annotations

from functools import cache

SHORT_FORMS: tuple[tuple[str, ...], ...] = (
    ("alexander", "alex", "alec", "alasdair", "alastair", "alistair", "sandy", "sandie", "xander", "ally", "eck"),
    ("alexandra", "alex", "sandra", "sandy", "lexie", "ally"),
    ("andrew", "andy", "drew", "andra"),
    ("angela", "angie"),
    ("anthony", "tony", "ant"),
    ("barbara", "barbie", "babs"),
    ("benjamin", "ben", "benny", "benji"),
    ("bernard", "bernie"),
    ("catherine", "kate", "katie", "cathy", "cath", "kath", "kathy", "kay", "cate", "kirsty"),
    ("katherine", "kate", "katie", "kathy", "kath", "kay"),
    ("kathleen", "kath", "kathy", "katie"),
    ("charles", "charlie", "chas", "chuck", "chic", "chick"),
    ("charlotte", "charlie", "lottie", "lotte"),
    ("christina", "chris", "tina", "kirsty"),
    ("christine", "chris", "chrissie", "tina"),
    ("christopher", "chris", "kit", "topher"),
    ("daniel", "dan", "danny"),
    ("darren", "daz", "dazza"),
    ("david", "dave", "davie", "davy", "dai"),
    ("deborah", "debbie", "debs", "deb"),
    ("donald", "don", "donnie"),
    ("douglas", "doug", "dougie"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "bet", "betsy", "eliza", "libby", "elsie", "lisa"),
    ("francis", "frank", "frankie", "fran"),
    ("frances", "fran", "frankie", "fanny"),
    ("frederick", "fred", "freddie", "freddy"),
    ("gerald", "gerry", "jerry"),
    ("gordon", "gordie"),
    ("gregor", "greg"),
    ("gregory", "greg"),
    ("helen", "nell", "nellie"),
    ("henry", "harry", "hal", "hank"),
    ("hugh", "shug", "shuggie", "hughie"),
    ("isabel", "isobel", "izzy", "bella", "isa", "tibbie"),
    ("jacqueline", "jackie", "jacqui"),
    ("james", "jim", "jimmy", "jamie", "jas", "jem", "hamish"),
    ("janet", "jan", "jenny", "jessie"),
    ("jennifer", "jen", "jenny", "jenni"),
    ("john", "johnny", "jack", "ian", "iain", "jock"),
    ("jonathan", "jon", "jonny"),
    ("joseph", "joe", "joey", "jo"),
    ("josephine", "jo", "josie"),
    ("joanne", "jo", "jojo"),
    ("kenneth", "ken", "kenny"),
    ("lawrence", "laurence", "larry", "laurie"),
    ("leonard", "len", "lenny", "leo"),
    ("margaret", "maggie", "meg", "peggy", "peg", "mags", "madge", "rita", "greta", "maisie", "molly"),
    ("mary", "molly", "polly", "mae", "mamie"),
    ("matthew", "matt", "matty"),
    ("michael", "mike", "mick", "micky", "mikey", "mic"),
    ("nicholas", "nick", "nicky"),
    ("nicola", "nicky", "nikki", "nic"),
    ("patricia", "pat", "patty", "tricia", "trish"),
    ("patrick", "pat", "paddy", "patsy"),
    ("peter", "pete"),
    ("philip", "phil", "pip"),
    ("rebecca", "becky", "becca", "bex"),
    ("richard", "rick", "ricky", "rich", "richie", "dick"),
    ("robert", "rab", "rabbie", "bob", "bobby", "rob", "robbie", "bert"),
    ("ronald", "ron", "ronnie"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammy"),
    ("sarah", "sally", "sadie"),
    ("stephen", "steve", "stevie", "steph"),
    ("steven", "steve", "stevie"),
    ("stephanie", "steph", "stephie"),
    ("susan", "sue", "susie", "suzy", "sukie"),
    ("terence", "terry", "tel"),
    ("theresa", "teresa", "tess", "tessa", "terri"),
    ("thomas", "tom", "tommy", "tam", "tammy"),
    ("victoria", "vicky", "vikki", "tori"),
    ("william", "will", "willie", "bill", "billy", "wullie", "liam"),
    ("wilhelmina", "mina", "minnie", "wilma"),
)


@cache
def _groups() -> dict[str, frozenset[int]]:
    """Each name -> the lines it appears on."""
    found: dict[str, set[int]] = {}
    for line, names in enumerate(SHORT_FORMS):
        for name in names:
            found.setdefault(name, set()).add(line)
    return {name: frozenset(lines) for name, lines in found.items()}


def same_name_by_short_form(one: str, other: str) -> bool:
    """Whether ``one`` and ``other`` (single lower-case first names) are forms of one full name, and differ."""
    if one == other:
        return False
    groups = _groups()
    return bool(groups.get(one, frozenset()) & groups.get(other, frozenset()))


def forms_of(name: str) -> set[str]:
    """Every name ``name`` (lower case) may be a form of, itself included: for gathering candidates."""
    lines = _groups().get(name, frozenset())
    return {name, *(form for line in lines for form in SHORT_FORMS[line])}

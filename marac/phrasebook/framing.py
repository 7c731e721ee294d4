"""Rules about how harm is framed: missed appointments, a 'toxic' or 'mutual' relationship, 'a domestic'
or 'a dispute', and provocation."""

from __future__ import annotations

from marac.phrasebook.notation import LanguageRule, rule
from marac.phrasebook.words import HIM

FRAMING_RULES: tuple[LanguageRule, ...] = (
    rule(
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
        unless_followed_by=(
            "(?:\\S+ ){0,4}?(?:because|as|since|when|after) (?:he|his|the perpetrator|her (?:ex~)?partner)",
        ),
        subject_test=True,
    ),
    rule(
        "toxic_relationship",
        "toxic or volatile relationship",
        "Name who is causing harm and describe what they did. Words like 'toxic' or 'volatile' "
        "make abuse sound mutual; counter-allegations are assessed as part of the pattern of abuse.",
        (
            "(?:toxic|volatile|tempestuous|turbulent|tumultuous|stormy|fiery|explosive|dysfunctional) "
            "(?:relationship|relationships|couple|couples|marriage|partnership|dynamic)",
            "(?:relationship|marriage|couple) (?:is|was|has been|had been|are|were|can be|"
            "(?:(?:is|was|are|were|has been|have been|had been|been) )?described as) "
            "(?:(?:very|extremely|quite|really|highly|often|always|so|a bit|somewhat) )?"
            "(?:toxic|volatile|tempestuous|turbulent|tumultuous|stormy|fiery|explosive|dysfunctional)",
        ),
    ),
    rule(
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
    rule(
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
    rule(
        "domestic_dispute",
        "domestic dispute or argument",
        "Write 'domestic abuse incident', and describe what the person causing harm did. Words like "
        "'dispute' or 'argument' suggest a disagreement between equals.",
        (
            "domestic (?:dispute|disputes|argument|arguments|row|rows|altercation|altercations|quarrel|quarrels|"
            "fight|fights|tiff|spat|disagreement|disagreements|squabble)",
        ),
    ),
    rule(
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
            f"(?:antagoni[sz]|goad|bait)(?:e|es|ed|ing|s)? {HIM}",
            "start(?:s|ed|ing)? (?:the|an|every|most of the|all the) (?:argument|arguments|row|rows|fight|fights)",
            "(?:is|was|are|were|be|been|being) (?:very |quite |often )?provocative",
        ),
        subject_test=True,
    ),
)

"""Pools of synthetic free text for the bulk synthetic-data generator.

Every text here is fictional and written the way MARAC practitioners record
cases: it names the behaviour of the person causing harm and the survivor's
protective efforts, and follows the language guidance in docs/domain.md (no
survivor-blaming phrases; tests/test_synthetic_text.py runs the project's
language check over every string). No text holds a personal name, an address,
a phone number, a date or a real organisation's name, so a generator can pick
any entry for any case. Most texts describe a woman harmed by a man, the most
common pattern at MARAC; some are written with "they" so that the pools also
fit male victims and same-sex relationships.

Research and shared information texts do not name the agency that recorded
them: the generator chooses the agency separately.

Plain data only: each string is a single line without tabs, newlines or
backslashes (the generator writes them straight into PostgreSQL COPY files).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ACTIONS",
    "CHILD_RELATIONSHIPS",
    "CONSENT_NOTES",
    "DECISIONS",
    "ETHNICITIES",
    "LANGUAGES",
    "LIVES_WITH",
    "MINUTES_NOTES",
    "NOT_COMPLETED_REASONS",
    "OUTCOMES",
    "PROFESSIONAL_JUDGEMENT",
    "PROGRESS_NOTES",
    "REFERRAL_REASONS",
    "RELATIONSHIPS",
    "RESEARCH",
    "RESEARCH_SOURCES",
    "RESTRICTION_REASONS",
    "RISKS_TO_PROFESSIONALS",
    "SCHOOL_KINDS",
    "SHARED",
    "STRENGTHS",
    "VOICE",
]

# --- Referral -----------------------------------------------------------------

# Why the referrer is referring (1-2 sentences).
REFERRAL_REASONS: Final[tuple[str, ...]] = (
    "He strangled her during the latest incident and has threatened to kill her if she leaves.",
    "She separated from him last month and since then he has followed her to work and sent hundreds of messages a day.",
    (
        "He punched her in the face in front of the children and broke her nose; she is very "
        "frightened of what he will do next."
    ),
    (
        "He held a knife to her throat and told her no one would ever find her body. She believes "
        "he will carry out the threat."
    ),
    "She is seven months pregnant and he pushed her down the stairs after she asked him to leave the house.",
    (
        "Third police call-out in twelve months: he kicked in the front door when she would not "
        "open it and threatened to burn the house down."
    ),
    (
        "He has taken her bank card and phone and controls all of the household money; she has been "
        "left without food for the children."
    ),
    (
        "They disclosed to their GP that their partner chokes them during sex without consent and "
        "checks their phone every night."
    ),
    "He raped her after she told him the relationship was over and has said he will take the children abroad.",
    "Repeat referral: he has breached his bail conditions twice by coming to her flat late at night.",
    (
        "He has a history of violence against two previous partners and has now threatened to kill "
        "her and her new partner."
    ),
    "She fled to a refuge after he beat her with a belt; he has been contacting her family to find out where she is.",
    (
        "Her adult son hit her with her walking stick and has been taking her pension. She is "
        "frightened of him and relies on him for her care."
    ),
    (
        "He threatened to shoot her and is known to hold a shotgun certificate; she has asked the "
        "police to remove his weapons."
    ),
    "He tracked her location through an app on her phone and appeared at the children's school after she had moved.",
    (
        "He held a pillow over her face until she lost consciousness. She waited several days to "
        "tell anyone because he said he would kill her."
    ),
    (
        "Professional judgement: he has moved from verbal threats to damaging her car and following "
        "her, and she is frightened that reporting will make things worse."
    ),
    (
        "He threatened suicide when she tried to end the relationship and said he would take her "
        "and the children with him."
    ),
    "He kicked the family dog to death in front of the children and told her she would be next.",
    "She told the midwife he hits her whenever he has been drinking; she has bruising to her arms and back.",
    (
        "He was released from prison this month after a sentence for assaulting her and has already "
        "sent her messages through a friend."
    ),
    "Their ex-partner has been posting intimate images of them online and sending threats to their employer.",
    (
        "He locked her in the bedroom for two days and took her phone; neighbours called the police "
        "after hearing her shout for help."
    ),
    "He is using child contact handovers to threaten her, and the contact arrangement is due back in court soon.",
    (
        "He stabbed her in the arm with a kitchen knife. He is remanded, but his family have "
        "threatened her for giving a statement."
    ),
    (
        "She disclosed to housing that he forces her to hand over her wages and has threatened to "
        "have her deported if she tells anyone."
    ),
    (
        "Her husband and his mother keep her confined to the house, have taken her passport and "
        "threaten violence if she contacts her own family."
    ),
    "He assaulted her while she was holding the baby, and the baby was hurt when she fell.",
    (
        "She came to the emergency department with a head injury and said he had banged her head "
        "against the wall again and again."
    ),
    "He has sent voice notes saying he knows where she lives now and is coming for her.",
    (
        "Potential escalation: four police call-outs in the last year, each more serious, most "
        "recently a threat with a hammer."
    ),
    "He threatened to kill her and then himself, and officers found a ligature in his car.",
    "He set fire to her belongings in the garden and told her that next time it would be the house with her inside.",
    "He drove his car at her while she was walking the children to school.",
    (
        "She is 17 and her 24-year-old boyfriend has hit her, cut her off from her friends and "
        "threatens to share images of her."
    ),
    (
        "Her grandson, who lives with her, has been demanding money from her for drugs and pushed "
        "her to the floor when she said no."
    ),
    "He has been sleeping in his car outside her new home and neighbours have seen him watching the house at night.",
    "He has strangled her twice in the past month, and she has had memory gaps since the latest incident.",
    (
        "Professional judgement: she told the health visitor that he controls what she eats, when "
        "she sleeps and who she sees, and she is too frightened to tell anyone else."
    ),
    "He has breached a non-harassment order by contacting her on social media from a new account.",
    "He has been violent to her while she has been unwell and has stopped her from taking her medication.",
    "He threatened her with a screwdriver and took the car keys so she could not leave with the children.",
    (
        "Her wife has hit her repeatedly and threatens to tell her family about their relationship, "
        "which she fears would cut her off from them."
    ),
    (
        "His partner has hit him with objects, controls his contact with his children and has made "
        "false reports about him to the police."
    ),
    (
        "They told the police their partner has threatened to kill them and has been sending "
        "photographs of their home taken at night."
    ),
    "He sexually assaulted her while she was asleep and has told her no one would believe her.",
    "Repeat: he came to the home while she was at work and smashed her phone and laptop when she came back.",
    "She has been staying with a friend since he threw boiling water at her; he is now sending threats to the friend.",
    "The survivor has a learning disability; he takes her benefits and hits her when she asks for money.",
    "He kicked her in the stomach during the pregnancy, and she is due to give birth next month.",
    "He has told the children he will kill their mother, and the eldest child told a teacher she is scared to go home.",
    "He came to the house in breach of bail, banged on the windows and threatened to kill everyone inside.",
    "Her daughter, aged 20, has hit her and threatened her with a knife when she would not hand over money.",
    "He strangled her until she passed out; she woke with marks on her neck and does not know how long it lasted.",
    (
        "Professional judgement: the checklist score is 11, but there are threats to kill, access "
        "to weapons and a recent separation."
    ),
    "He dragged her across the floor by her hair and kicked her in the ribs, fracturing two of them.",
    (
        "He keeps coming into her workplace and shouting at her and her colleagues, and her "
        "employer has contacted the police."
    ),
    "He has threatened to take the children and disappear; he has family abroad and has talked about booking flights.",
    "Officers found her hiding in a neighbour's garden after he chased her with a knife.",
    "He monitors her through cameras he installed in the house and a tracker fitted to her car.",
    "He has threatened to harm her sister unless she withdraws her statement.",
    "He smashed the windows when she tried to leave and has hit her several times during heavy drinking sessions.",
    "He pinned her down and held her mouth and nose closed so she could not breathe.",
    (
        "Potential escalation: police have attended three times in twelve months, and on the latest "
        "call he was arrested for assault and criminal damage."
    ),
    (
        "They told their support worker that their partner forces them into sex and threatens to "
        "make them homeless if they tell anyone."
    ),
    "He has been sending her messages pretending to be other people to find out where she lives.",
    "Her son, who is 19, has assaulted her and threatened to stab her if she calls the police again.",
    "He is on bail not to contact her, but he has been seen near her house every day this week.",
    "He threatened to kill her in front of the officers attending the latest incident.",
    "He smashed her head against the windscreen of the car and stopped her from going to hospital.",
    (
        "Repeat: he has sent her more than a hundred messages since the last MARAC, including "
        "photographs of her front door."
    ),
)

# The survivor's protective strategies and strengths, as the referrer records them.
STRENGTHS: Final[tuple[str, ...]] = (
    "She has made a safety plan with the IDAA and keeps a bag packed at her sister's house.",
    "She called the police during the latest incident and gave a full statement.",
    "She has told the school who may collect the children and given staff a photograph of him.",
    "She took the children to her mother's house on the night of the assault to keep them safe.",
    "She keeps her phone charged and has a code word with her neighbour, who will call the police.",
    "She has kept a diary of his messages and saved screenshots as evidence.",
    "They have changed their phone number and social media accounts to stop him contacting them.",
    "She has kept the children's routines going, and they are at school every day.",
    "She has sought legal advice about a protective order and about child contact.",
    "She goes to every midwife appointment and has disclosed the abuse there.",
    "She speaks warmly about the children and is closely attuned to their needs.",
    "She has support from her mother and two close friends who know about the abuse.",
    "She sends the children to their room with headphones when he arrives, to shield them from his shouting.",
    "She has told her employer, who has agreed to screen her calls and change her shift pattern.",
    "They have agreed to a police marker on their address and know how to make a silent emergency call.",
    "She has registered with a new GP near her new home and disclosed the abuse there.",
    "She reported his breach of bail to the police straight away and kept the evidence.",
    "She has applied for a refuge place and is ready to move at short notice.",
    "She helped the eldest child talk to the school counsellor about what happened.",
    "She has explained to the children, in words they understand, that what happened is not their fault.",
    "She has kept working and kept her finances separate from his.",
    "She has opened a bank account he does not know about and is saving for a deposit.",
    "She contacted the IDAA service herself after picking up a leaflet at the GP surgery.",
    "She stopped a contact visit when he arrived drunk, putting the children's safety first.",
    "She managed the latest incident by taking the children out of the house and phoning her brother.",
    "She has kept her sobriety for six months with the support of a recovery group, despite his pressure to drink.",
    "She is clear that the relationship is over and has told him so through her solicitor.",
    "She recognises the risk he poses and has asked for support to apply for a non-harassment order.",
    "She has arranged for her aunt to collect the children from school.",
    "He has told his support worker about the abuse and is using a helpline for male victims.",
    "They have a strong network in their local LGBT+ community, and friends check in on them every day.",
    "She has learnt about coercive control through a recovery group and names clearly what he does.",
    "She has kept the children in touch with their grandparents, which gives them stability.",
    "She has fitted a video doorbell and changes her route to work each day.",
    "She has a trusted friend at her place of worship who knows her safety plan.",
    "She has taught the children how to call the police and where to go if he comes to the house.",
    "She has kept caring for the baby, including breastfeeding, while recovering from her injuries.",
    "She asked for an interpreter from outside her community so she could speak freely.",
    "She asked the GP to photograph her injuries and has kept copies.",
    "She told the police about his firearms so that they could be removed.",
    "She has limited contact with him to written messages about the children through a contact app.",
    "She has asked the school to phone her straight away if he comes to the gate.",
    "She sought help from her GP for her low mood and is taking her medication as prescribed.",
    "She has arranged care for her pets so that she can move to a refuge.",
    "She has kept every appointment with her solicitor despite his threats.",
    "She has enrolled at college, which gives her independence and a routine outside the home.",
    "She has been open with the social worker about the abuse and works with them on the children's plan.",
    "They have told their parents about the abuse and are staying with them while they look for housing.",
)

RISKS_TO_PROFESSIONALS: Final[tuple[str, ...]] = (
    "He has threatened social workers in the past; no lone visits to his address.",
    "He has a history of violence towards police officers, including assaulting an officer during an arrest.",
    "He keeps dogs described as dangerous at his address; arrange visits elsewhere.",
    "He has made repeated complaints about workers who have supported her, to try to have them removed.",
    "He has posted photographs of professionals on social media with threatening comments.",
    "He is known to carry a knife and has said he will use it on anyone who takes his children.",
    "He has tried to obtain her new address by phoning agencies and pretending to be a professional.",
    "He presents as charming and cooperative to professionals and uses this to undermine her account.",
    "He followed a support worker to her car after a meeting.",
    "He records every meeting with professionals and has threatened to publish the recordings online.",
    "He has threatened to burn down the housing office.",
    "He has made malicious referrals about her to children's services to discredit her.",
    "He has access to firearms through his work; visits to his address need a risk assessment first.",
    "Members of his family have been aggressive towards workers visiting the area.",
    "He has phoned the GP surgery pretending to be her to get information.",
    "He has a history of sexual harassment of female staff; visits should be joint visits.",
    "He has turned up at the IDAA office demanding to know where she is staying.",
    "He has told professionals that he knows where they live.",
    "He uses solicitors' letters to threaten agencies with legal action when they record concerns.",
    "He spat at a health visitor on the doorstep and shouted abuse at her.",
    "Lone working at the address is not advised: he lives there with associates known for violence.",
    "He has tried to befriend workers on social media to find out about her.",
    "He recruits professionals as allies by presenting himself as the main carer and the real victim.",
    "He set his dog on a worker at the door and would not let her leave the garden until the dog was called off.",
    "There is an address marker for violence towards staff; two-worker visits only.",
    "He threatens to harm himself in front of workers to stop them ending visits.",
)

# Rationale for professional judgement when the checklist score is below the threshold.
PROFESSIONAL_JUDGEMENT: Final[tuple[str, ...]] = (
    "The score is below the threshold, but he has threatened to kill her and she believes him.",
    (
        "She answered 'don't know' to many questions because she was afraid he could hear the call; "
        "the referrer believes the risk is high."
    ),
    "Strangulation in the latest incident is a significant risk factor for homicide, whatever the overall score.",
    "A recent separation, a new pregnancy and escalating stalking together indicate high risk.",
    (
        "The survivor has a learning disability and found the questions hard to follow; the pattern "
        "described points to high risk."
    ),
    "He has a recorded history of serious violence against a previous partner that the survivor does not know about.",
    (
        "The score does not reflect the coercive control she describes: he controls her money, her "
        "movements, her food and her sleep."
    ),
    "He has access to firearms and has made veiled threats about using them.",
    "The referrer saw injuries that the survivor could not safely explain while he was nearby.",
    (
        "She is frightened that saying more will make him angrier, and the referrer believes her "
        "answers understate the risk."
    ),
    (
        "The checklist was completed by phone through an interpreter and the answers were brief; "
        "the referrer's concern about the pattern remains high."
    ),
    "He was released from prison recently and has already breached his licence by contacting her.",
    "The children have described seeing him hurt her and are frightened; the risk to the whole household is high.",
    "He has threatened suicide and told her she would be to blame, which is a known risk indicator.",
    "The abuse has become much more frequent in the last month, although each incident on its own looks less serious.",
    "His stalking is escalating: he has moved from messages to turning up at her workplace and her home.",
    "The survivor is an older woman who depends on her son for care; the score does not reflect that dependence.",
    (
        "She has no recourse to public funds and he has threatened to report her to immigration, "
        "which increases her isolation and risk."
    ),
    "He broke his bail conditions within days of release, which shows criminal justice measures are not deterring him.",
    "Her account of the injuries changed when he came into the room, and she later disclosed the abuse in private.",
    "The survivor's mental health has deteriorated sharply and she has had suicidal thoughts linked to the abuse.",
    (
        "The survivor is 16 and the person causing harm is an adult; the age gap and the grooming "
        "pattern increase the risk."
    ),
    "He has used the family court process to harass her and threatened to kill her after the last hearing.",
    "She lives in a rural area with no transport and poor mobile signal, which limits her ability to get help quickly.",
    "There are indicators of honour-based abuse: members of the extended family are involved and have made threats.",
    "He has killed a family pet and threatened to do the same to her.",
    (
        "The checklist was completed in the emergency department while she was in pain and shock; "
        "the referrer believes the risk is higher than the score shows."
    ),
    "He has military training and access to weapons, and has threatened to use both against her.",
    "She disclosed sexual violence that she found too hard to discuss in detail; this is a significant risk factor.",
    "There is a pattern of repeated incidents across three previous partners, which indicates serial perpetration.",
    (
        "They are frightened of not being believed and answered only a few questions, but the "
        "threats described are serious and specific."
    ),
)

# Why consent to the referral was refused or not sought.
CONSENT_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "refused": (
        (
            "She refused consent because she fears he will find out and retaliate; referral made "
            "without consent given the high risk."
        ),
        (
            "She said she did not want more agencies involved; the referrer explained the risk and "
            "referred without consent."
        ),
        (
            "They are worried about their immigration status if agencies share information; referral "
            "made without consent because of the threats to kill."
        ),
        (
            "She refused consent because a past experience with social work frightened her; the IDAA "
            "will explain the MARAC's role at the next safe contact."
        ),
        (
            "She felt the police response last time made things worse; referral made without consent "
            "because of the strangulation."
        ),
        (
            "She wants to manage the situation herself and feels agencies have not listened to her "
            "before; the risk is too high not to refer."
        ),
        (
            "She refused consent because he told her the children would be taken away if she spoke to "
            "anyone; the referrer reassured her and referred without consent."
        ),
        (
            "He refused consent because he is worried he will not be believed as a male victim; "
            "referral made because a weapon was used."
        ),
        (
            "She refused consent because her family would see a referral as shameful; the referrer is "
            "alert to the risk of honour-based abuse."
        ),
        (
            "She refused consent while he was in the next room and she could not speak safely; referral "
            "made without consent."
        ),
        (
            "She is trying to keep things calm until the court hearing; the threats to kill make a "
            "referral necessary without consent."
        ),
        (
            "They refused consent because they fear their family will learn about their relationship; "
            "the referrer explained how information is protected."
        ),
        (
            "She refused consent because she does not want the children's father to be in trouble; "
            "referral made because the abuse is escalating."
        ),
    ),
    "not_sought": (
        "Consent not sought: contacting her would risk alerting the person causing harm, who monitors her phone.",
        (
            "Not sought: the survivor was in hospital and too unwell to be asked; the IDAA will speak "
            "to her when she is able."
        ),
        "Not sought: he was present at every contact and it was not safe to raise the referral.",
        "Not sought: no independent interpreter was available at the time, and a family member must never interpret.",
        "Not sought: the referral was made from police records after the incident and she could not be reached safely.",
        "Not sought: her contact details are not known since she moved; the IDAA will try to make safe contact.",
        "Not sought: the only way to reach her was at the address she shares with him.",
        "Not sought: the information came from a neighbour's report, and approaching her could alert him.",
        (
            "Not sought: she lacks capacity to consent at present because of her injuries, and a best "
            "interests decision was made."
        ),
        "Not sought: the risk is immediate and the referral was made on the same day the threats were made.",
        "Not sought: he controls her phone and social media accounts, and there was no safe way to reach her.",
        "Not sought: the referral followed a child's disclosure at school, and child protection procedures came first.",
        (
            "Not sought: the survivor is in a refuge in another area; the receiving IDAA will discuss "
            "the referral with her."
        ),
    ),
}

# --- Research ---------------------------------------------------------------------

# One research finding per entry, by PPMT stage, as an agency would record it.
RESEARCH: Final[dict[str, tuple[str, ...]]] = {
    "pattern": (
        "Eleven incident logs involving him and the survivor over three years, with physical assault recorded in five.",
        "He has previous convictions for assaulting two former partners and for breaching a non-harassment order.",
        "He was arrested for strangling a previous partner; no further action was taken at the time.",
        "He appears under three different surnames in records, linked by the same date of birth.",
        "He sent 140 messages in a single night after she blocked his number, many of them threatening to kill her.",
        (
            "He controls the household income: her benefits are paid into his account and he gives her "
            "a small weekly allowance."
        ),
        "He has taken her passport and the children's passports and keeps them at his mother's home.",
        "He has tracked her location with an app on her phone, which officers found and removed.",
        "He is on bail with conditions not to contact her or enter her street.",
        "He was recorded on CCTV outside her workplace on four occasions last month.",
        (
            "A previous partner was discussed at another MARAC with similar concerns: strangulation, "
            "threats to kill and stalking."
        ),
        "A non-harassment order protects a former partner from him; he has breached it twice.",
        "He has threatened to make reports to children's services to have the children taken from her.",
        "He made her have sex as a condition of giving her money for food, as she disclosed to the GP.",
        "He restricts her contact with her family by taking her phone and not allowing her out of the house alone.",
        (
            "He has made counter-allegations at every police attendance; each time officers assessed "
            "him as the primary aggressor."
        ),
        "He has threatened to post intimate images of her online, and his phone has been seized.",
        (
            "He served a short sentence for domestic abuse and has not yet started the perpetrator "
            "programme that his order requires."
        ),
        "He can get hold of a shotgun held on a certificate by his father, who lives at the same address.",
        "He has damaged her car three times, slashing the tyres and breaking the windows.",
        "He questions the children after every contact visit to find out where she lives and who she sees.",
        "He has a pattern of fast new relationships, moving in within weeks, across four known partners.",
        "He has threatened to kill her in text messages that are now held as evidence.",
        "He wakes her through the night and stops her sleeping, as she disclosed to the health visitor.",
        "He phones her workplace repeatedly and his calls have already cost her two jobs.",
        "He took out loans in her name, leaving her with debts that have led to rent arrears.",
        (
            "He received a police warning for harassing a former partner, including turning up at her "
            "home uninvited for several months."
        ),
        "Intelligence indicates he has links to organised crime and access to weapons.",
        "He has told neighbours she is mentally ill and unfit to parent, and they have repeated this to the school.",
        "He has threatened to kill himself each time she has tried to end the relationship.",
        "He pushed her down the stairs while she was pregnant; at the time the injury was recorded as a fall.",
        "She disclosed that he chooses her clothes, checks her receipts and times her trips to the shop.",
        "He received a formal warning after sending abusive messages to her sister.",
        (
            "Their ex-partner has been posting about them on social media and contacting their friends "
            "to find out where they are living."
        ),
        "Their partner has threatened to tell their employer about their HIV status if they leave.",
        "He kicked her in the abdomen during the latest incident and stopped her calling an ambulance.",
        "He has stalked her since the separation and a stalking investigation is open.",
        "He moved the family to a remote cottage far from her friends and family, which cut her off from support.",
        (
            "He kept the children overnight against the contact agreement and would not return them "
            "until she agreed to see him."
        ),
        "He has previously been managed under MAPPA for violent offending.",
        (
            "She has attended the emergency department five times in two years with injuries, and he "
            "was with her each time."
        ),
        "He has used a second phone and a false social media profile to contact her after she blocked him.",
        "Their partner controls all the money and has run up debts in their name.",
        (
            "He has told her that if she leaves he will find her, and has found her after each of her "
            "three previous moves."
        ),
    ),
    "harm": (
        "The eldest child told a teacher that she hides in the wardrobe with her brother when he shouts.",
        (
            "The children were present during the latest assault; the youngest was in her mother's arms "
            "when he pushed her."
        ),
        (
            "Both children's attendance has dropped since the abuse escalated, and the eldest is tired "
            "and withdrawn in class."
        ),
        "The baby was not brought to two health visitor appointments while he controlled the family's movements.",
        "He tells the children their mother is lying and that she is the reason the family is breaking up.",
        "The eldest child has started wetting the bed again and has nightmares about the police coming to the house.",
        "The children are on the child protection register under emotional abuse because of his behaviour.",
        "He has used the children to pass threatening messages to their mother during contact.",
        "The youngest child has a speech delay, and nursery staff notice she is very quiet on the days after contact.",
        "He kept the children off school for a week so that no one would see or hear about their mother's injuries.",
        "The eldest child tried to stop the assault and was pushed into a door, which left a bruise on his face.",
        "The middle child is aggressive with other pupils and repeats things his father says about his mother.",
        "The eldest child has been referred to child and adolescent mental health services for anxiety and self-harm.",
        "He undermines her parenting by overruling her in front of the children and calling her names.",
        "He has threatened to take the children abroad and not bring them back.",
        "The baby's weight gain slowed during the months when he controlled the money for food.",
        "He stopped the children seeing their maternal grandparents, cutting them off from their main support.",
        "The eldest child has been caring for her younger siblings while her mother recovers from her injuries.",
        "The children have changed school twice in a year because the family has had to move to get away from him.",
        "He smashed the children's toys and tablet as a punishment for talking to their teacher.",
        (
            "The teenage son stays with friends to avoid being at home when his father is there, and "
            "the school is worried about his safety."
        ),
        "He assaulted the children's mother during the pregnancy, which also put the unborn baby at risk.",
        "The children were woken in the night by the police arriving and saw their mother's injuries.",
        "The eldest child told the school nurse she worries about her mum all day and cannot concentrate.",
        "He withholds money for the children's clothes and school trips to control their mother.",
        "He made the children watch while he destroyed their mother's belongings.",
        "The toddler flinches when adults raise their voices and is very clingy at nursery drop-off.",
        "He has told the eldest child he will kill himself unless she persuades her mother to have him home.",
        (
            "The eldest child has been seen by the GP several times with stomach aches and headaches "
            "linked to anxiety at home."
        ),
        (
            "The children cannot have friends over because of his rules and outbursts, and they have "
            "stopped going to clubs."
        ),
        (
            "The youngest child was not brought to two hospital appointments because he took the car "
            "and the money for bus fares."
        ),
        "He has said he will make sure the children go into care if she reports him.",
        "The baby is due in three months and a pre-birth referral has been made to children's services.",
        "The eldest child has started drinking and missing school since his father moved back into the home.",
        "He hit the eldest child with a belt as a punishment, which the child disclosed at school.",
        (
            "The children have told their social worker that they want to stay with their mother and do "
            "not want to see their father."
        ),
        "He tells the children their mother does not love them, which has damaged their relationship with her.",
        "The children arrive at school hungry on the first day back after weekend contact with him.",
        "He sends the teenage daughter messages asking for her mother's new address.",
        (
            "The survivor's adult daughter, who has a learning disability, is frightened of him and has "
            "stopped going to her day centre."
        ),
        "The children have been exposed to his drug use and to drug equipment left around the home.",
        "He told the children he would hurt their pet if they told anyone what happens at home.",
        "The eldest child has been excluded twice this term for fighting, following weeks of disturbed sleep at home.",
        "The children's sleep, eating and school work have all improved since he left the home.",
    ),
    "protective": (
        (
            "She arranges for the children to stay with her mother when he comes to the house, and the "
            "school knows who may collect them."
        ),
        "She called the police during the latest incident and is supporting the prosecution with a statement.",
        "She has kept the children's school attendance high despite the disruption at home.",
        "She is warm and attentive with the baby and has kept every health visitor appointment.",
        "She moved to a refuge with the children and has settled them into a new school.",
        "She shields the children by taking them to a neighbour's house when he becomes threatening.",
        "She has been open with school staff about the situation and keeps them updated about contact.",
        "She has applied for a protective order and has a solicitor.",
        "She has kept a record of every breach of his bail and reported each one.",
        "She has asked her GP for help with her mental health and is having counselling.",
        "She has worked with the social worker on a safety plan and has followed it consistently.",
        "She has explained to the children, in a way suited to their ages, that the abuse is not their fault.",
        "She arranged for the eldest child to see the school counsellor.",
        "She phones the IDAA service whenever she feels at risk and has kept every appointment.",
        "She has had the locks changed and a door chain fitted through the sanctuary scheme.",
        "She has kept her job and her financial independence throughout the relationship.",
        "She has told her family about the abuse, and they are now a source of support.",
        "During the latest incident she locked herself and the children in the bathroom and called the police.",
        "She took the baby to the GP straight after the incident to check for injuries.",
        "She has kept up the children's contact with their paternal grandmother, who supports her.",
        "She has joined a recovery group and says she feels stronger and more able to plan.",
        "She only communicates with him about the children, through a contact app.",
        (
            "She has stayed sober for several months with the substance use service's support, despite "
            "his pressure to drink."
        ),
        "She has asked the school to keep his photograph at the office and not to release the children to him.",
        "She has taken the children to all their health appointments, even while recovering from her own injuries.",
        "She has agreed a code word with the eldest child so the child knows when to call for help.",
        (
            "They have reported every incident to the police despite their partner's threats, and kept "
            "screenshots of every message."
        ),
        "She has registered the children with a new GP and dentist in the new area.",
        "She accepted a referral to the sanctuary scheme and carries a personal alarm.",
        "She has sought legal advice on child contact so that the children are protected at handovers.",
        "She has been open about her own drinking and asked for support to cut down.",
        "She has kept the children connected to their faith community, which gives them stability and support.",
        "She made a silent emergency call when he broke in, and officers arrived quickly.",
        (
            "He has moved the children to his parents' home to keep them safe from his ex-partner and "
            "has asked for support."
        ),
        "She goes to a parenting group to help the children recover from what they have lived through.",
        "She asked the midwife for a private appointment so that she could disclose the abuse safely.",
        "She has moved her bank account and changed all her passwords to stop him monitoring her.",
        (
            "Despite his control of the money, she makes sure the children have food, using the food "
            "bank and help from her family."
        ),
        "She keeps the children's routines, including bedtimes and clubs, which the school says helps them feel safe.",
        "They speak to the IDAA every week and update the safety plan after every change.",
        "She told the nursery about the bail conditions so that staff would call the police if he came.",
        "After talking with the IDAA about the risks of strangulation, she agreed to a medical check.",
        "She has kept the children's world as normal as possible, and the school says they are happy and doing well.",
    ),
    "intersections": (
        (
            "She has no recourse to public funds; her visa depends on her husband, who has threatened "
            "to have her deported."
        ),
        "Her first language is Polish and she needs an interpreter who is not from her local community.",
        (
            "She has a diagnosis of depression and takes medication; he uses her mental health to "
            "undermine her with professionals."
        ),
        (
            "He has a long-standing alcohol dependence and the abuse escalates when he drinks, although "
            "drinking does not cause it."
        ),
        "She lives in a rural area with one bus a day and unreliable phone signal.",
        "She is deaf and uses BSL; she has had to rely on him to communicate with agencies.",
        "She is 72 and has limited mobility; her son, who causes the harm, is also her carer.",
        (
            "They are in a same-sex relationship and fear that reporting will reveal their sexuality to "
            "family and colleagues."
        ),
        (
            "She is a Gypsy or Traveller woman and has experienced discrimination from services, which "
            "has made it harder to trust them."
        ),
        "She is 17 and still at school; the person causing harm is 23.",
        "She uses cannabis to cope with anxiety and is worried this will be held against her.",
        "He has an opioid dependence and has missed his last four appointments with the substance use service.",
        (
            "She is a trans woman and has faced hostility in a refuge before; she needs accommodation "
            "that is safe for her."
        ),
        "She has a learning disability, and an adult support and protection referral has been made.",
        "She is pregnant and had postnatal depression after her first child.",
        (
            "Her extended family have told her that leaving her husband would bring shame on them, and "
            "she fears being cut off."
        ),
        "The person causing harm works in law enforcement, which creates particular barriers to reporting.",
        "She has a physical disability and uses a wheelchair; he has taken her wheelchair away to stop her leaving.",
        "She came to the UK as a refugee and experienced trauma before arriving.",
        "She lives in a small town where he is well known, and she fears no one will believe her.",
        "She has type 1 diabetes and he has withheld her insulin as a way of controlling her.",
        "He is a male victim and says he feels there are no services for men; he is worried about being judged.",
        "She is a student in shared university accommodation; he studies on the same course.",
        "She has a history of self-harm and has been in contact with the crisis team this month.",
        "Her immigration status is unclear and she is frightened of contact with the police.",
        (
            "Her husband has dementia and has become physically violent; his care needs and the risk to "
            "her must be assessed together."
        ),
        "She is autistic and finds unexpected phone calls very difficult; she prefers text messages.",
        (
            "The family live in a small island community where everyone knows each other, so "
            "confidentiality is a particular concern."
        ),
        "She is Muslim and would like a female worker and a service that understands her faith.",
        "He uses her drinking to discredit her with professionals, while he controls the alcohol in the house.",
        "She experienced abuse in childhood, and the current abuse has brought back flashbacks.",
        "She is sofa surfing with friends, so agencies need a safe way to contact her; she has agreed to text contact.",
        "English is her second language; she can read English but prefers to speak Urdu.",
        "She sells sex to survive and fears services will judge her for it.",
        "They are non-binary and have found that services assume every couple is a man and a woman.",
        (
            "He has a diagnosis of personality disorder; mental health services advise that this does "
            "not explain or excuse his abuse."
        ),
        "She has limited literacy and cannot use written safety information; she needs it explained in person.",
        "She cares for her disabled mother, which makes a move to a refuge very difficult.",
        "She has a chronic pain condition and relies on prescribed medication, which he controls.",
        (
            "She is a veteran with post-traumatic stress disorder, and he uses her symptoms to say she "
            "is not a safe parent."
        ),
        "She is from a Roma community, needs a Romanian interpreter and has no bank account of her own.",
        "Both partners are deaf and the local deaf community is small; an interpreter from outside the area is needed.",
        (
            "They are 68 and have been in the relationship for forty years; they told the IDAA they did "
            "not know this was abuse until recently."
        ),
    ),
    "professionals": (
        "He has threatened social workers in the past; visits to his address should be made in pairs.",
        "He has complained about every worker who has supported her, trying to have them removed.",
        "He phoned pretending to be her to find out her new address; no information was given.",
        "He presents as calm and reasonable to professionals and tells them she is mentally unwell.",
        "There is a warning marker for violence towards police officers.",
        "He has threatened to harm anyone who helps her leave.",
        "He tried to get her new address from the school by saying he needed it for contact.",
        "He has posted workers' names on social media with abusive comments.",
        "He keeps two large dogs at the property and has used them to intimidate visitors.",
        "He records conversations with professionals and has threatened legal action.",
        "He came to the GP surgery while she was in an appointment and demanded to be taken into the room.",
        "He has been aggressive towards health staff and is on the violent patient scheme.",
        "He has been seen near the refuge and may have followed a worker there.",
        "He has asked the children's social worker to pass messages to her.",
        "He has used the family court to demand agency records about her.",
        "He has threatened to kill the IDAA if she helps the survivor leave.",
        "He has been friendly and flattering towards a male worker and tried to recruit him as an ally.",
        (
            "He made a counter-allegation to the police and children's services; both assessed it as "
            "part of his pattern of control."
        ),
        "His brother works in the council offices, which creates a risk of information reaching him.",
        "He carries knives and has told officers he would use one if cornered.",
        "He phoned to say she was drunk and neglecting the children on the day before a child protection conference.",
        "He has been aggressive towards staff at the child contact centre.",
        "He has previously assaulted a probation officer.",
        "He threatened housing staff when told he could not be added to her tenancy.",
        "He has asked friends to phone agencies on his behalf to find out where she is staying.",
        "He uses his professional background to intimidate workers and question their competence.",
        "He threatens self-harm during phone calls with workers, which makes calls hard to end.",
        "Lone working at the address is not advised; staff should meet her at the GP surgery or another safe venue.",
        "He has emailed senior managers in several agencies, disputing records and demanding changes.",
        "He works for an agency with access to shared case systems; his access should be checked.",
        "He used the children to find out when the IDAA's appointments with her were.",
        "He is known to have followed a social worker home after a previous case conference.",
        "A worker received a friend request from a profile believed to be his.",
        "He told the officer attending that he knows where she lives and the names of her children.",
        "He has threatened to go to the press about the social work team.",
        "His family are well connected locally and have pressed a community leader to speak to agencies for him.",
        "He has pretended to be a solicitor to get information from a GP surgery.",
        "He has been verbally abusive and threatening on the phone to the IDAA service.",
        "He uses her limited English to control interpreted conversations, so a professional interpreter is essential.",
        "He tries to attend her appointments uninvited, saying he is her carer.",
        "He has threatened to harm officers if they arrest him again.",
        "He has a history of fire-setting, so visits need a plan for exits.",
        "Their partner has phoned agencies claiming to be the victim, using their name, to get information about them.",
    ),
}

# Generic sources of information, by agency kind.
RESEARCH_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "police": (
        "Police incident records",
        "Police intelligence records",
        "Police custody records",
        "Criminal history records",
        "Bail conditions records",
        "Firearms licensing records",
    ),
    "idaa": (
        "IDAA case records",
        "IDAA risk assessment",
        "Survivor's disclosure to the IDAA",
        "IDAA safety plan",
        "Previous IDAA support records",
    ),
    "children_families": (
        "Children and families social work records",
        "Child protection register",
        "Child protection case conference minutes",
        "Duty social work records",
        "Looked after children records",
    ),
    "housing": (
        "Housing tenancy records",
        "Homelessness casework records",
        "Housing antisocial behaviour records",
        "Rent account records",
        "Sanctuary scheme records",
    ),
    "health": (
        "GP records",
        "Emergency department records",
        "Midwifery records",
        "Health visitor records",
        "School nursing records",
        "Hospital discharge summary",
    ),
    "mental_health": (
        "Community mental health team records",
        "Crisis team records",
        "Psychiatric liaison records",
        "Psychology service records",
        "Child and adolescent mental health records",
    ),
    "substance_use": (
        "Alcohol and drug service records",
        "Substance use keyworker notes",
        "Prescribing records",
        "Recovery service records",
    ),
    "education": (
        "School pastoral records",
        "School attendance records",
        "School child protection log",
        "Nursery records",
        "College student support records",
    ),
    "justice": (
        "Justice social work records",
        "Probation case records",
        "Court records",
        "MAPPA records",
        "Prison release information",
        "Community order records",
    ),
    "adult_protection": (
        "Adult support and protection records",
        "Adult protection referral records",
        "Care assessment records",
        "Care provider notes",
    ),
    "specialist": (
        "Specialist service case records",
        "Refuge records",
        "Sexual violence support service records",
        "By and for service records",
        "Male victims service records",
        "LGBT+ support service records",
    ),
    "marac": (
        "Previous MARAC minutes",
        "Previous MARAC action plan",
        "Transferred MARAC case records",
        "MARAC referral form",
        "Receiving MARAC records",
    ),
    "other": (
        "Employer information",
        "Voluntary sector support records",
        "Interpreting service notes",
        "Animal welfare records",
        "Neighbour's report to the referrer",
        "Information from a faith community leader",
    ),
}

# --- The meeting ---------------------------------------------------------------

# Information newly shared at the meeting, as the chair would minute it. The
# generator minutes each line under the sharing agency's name, so no text
# names the agency sharing it.
SHARED: Final[dict[str, tuple[str, ...]]] = {
    "pattern": (
        "He was arrested yesterday for breach of bail and remains in custody pending court.",
        "He is on a community order with a perpetrator programme requirement and has missed two sessions.",
        "A former partner in another area has reported similar threats and strangulation.",
        "He has sent messages from a new number every day since the last incident.",
        "He has been seen at the survivor's building three times this week.",
        "His firearms certificate has been suspended and the weapons seized.",
        "The pattern since the separation is clear: constant messages, then following her, then threats to kill.",
        "A stalking investigation is open and his phone has been seized.",
        "The survivor attended the emergency department last week with bruising to her neck.",
        "Two aliases he has used are now linked to him on police systems.",
        "He has not taken part in the child protection plan and has not responded to any contact.",
        "He is on licence until next year, and any contact with her is a breach.",
        "A disclosure about his history was made to his new partner under the disclosure scheme last month.",
        "He emptied the joint bank account and cancelled her phone contract.",
        "He was charged with assault and threatening or abusive behaviour and released on bail with conditions.",
        "He has no diagnosed mental health condition that would explain his behaviour.",
        "He has previous convictions for violence against two former partners.",
        "He has applied to be added to her tenancy, saying he is her carer.",
        "He came to the school gate and tried to collect the children without agreement.",
        "He has been asking associates for her new address.",
        "He has told his worker that she is to blame and shows no acceptance of responsibility for the abuse.",
        "He was recorded threatening officers during his last arrest.",
        "He has missed his last three substance use appointments and says his drinking has increased.",
        "The non-harassment order has been granted and he has been served with it.",
        "He has threatened to kill her if she gives evidence in court.",
        (
            "His counter-allegation was investigated and no further action was taken; he was assessed "
            "as the primary aggressor."
        ),
        "He has harmed at least three partners over ten years, which shows serial perpetration.",
        "He is wanted for breach of bail and enquiries are under way to trace him.",
        "Their partner has been contacting their family and friends daily since the separation, asking where they are.",
    ),
    "harm": (
        "The eldest child disclosed seeing her father hit her mother and is frightened to go home.",
        "The children are subject to a child protection plan and a core group meeting is planned.",
        "The baby has been brought to every appointment and is thriving in her mother's care.",
        "School attendance has fallen below 80 percent since the abuse escalated.",
        "The youngest child has become withdrawn and has been referred to the school counsellor.",
        "Contact has been suspended pending assessment after his threats at the last handover.",
        "The toddler is clingy at nursery drop-off and becomes upset at raised voices.",
        "The children were present during the latest incident and a referral has been made to children's services.",
        "The eldest child has seen the GP with stomach pains linked to anxiety.",
        "He has been coming to the school gate; staff have been told not to release the children to him.",
        "The eldest child has told her social worker she wants to live only with her mother.",
        "A pre-birth assessment is under way, and the survivor is working closely with the midwife.",
        "The eldest child is on the waiting list for a child and adolescent mental health assessment.",
        "The middle child has repeated insults about his mother that he heard at home.",
        "He has threatened to take the children abroad; their passports are held by the survivor's solicitor.",
        "The teenage son has been missing lessons and staying with friends to avoid being at home.",
        "The children are sleeping better since the move to the refuge.",
        "The eldest child called the police during the incident.",
        "The baby's weight has recovered since the survivor regained control of the household money.",
        "The children come back upset after contact weekends and take a day or two to settle.",
        "The eldest child has been caring for her siblings while her mother was injured.",
        "He used the children to pass threats to their mother, which is direct harm to the children.",
        "The children have changed school twice this year because of moves to escape him.",
        "The baby was not brought to a hearing appointment while he held the car keys.",
        "A teacher saw bruising on the child's arm, and child protection procedures were followed.",
        "A family group decision-making meeting has been offered to bring in wider family support.",
        "The youngest child is doing well at school and has a trusted adult in her class team.",
        "He harmed the children's pet, and the children are very distressed.",
    ),
    "protective": (
        "The survivor has a safety plan and has told the school who may collect the children.",
        "The survivor is working well with the social worker and following the safety plan.",
        "The sanctuary scheme works are complete and the locks have been changed.",
        "She has applied for a non-harassment order with support from her solicitor.",
        "She gave a full statement and is supporting the prosecution.",
        "She is attentive and warm with the baby.",
        "She has kept the school informed of every change to contact.",
        "She moved the children to her parents' home while the locks were changed.",
        "She has been abstinent for four months, despite his pressure to drink.",
        "She is having counselling and her mood is improving.",
        "She has a new phone and has blocked all of his accounts.",
        "She has been accepted for a management transfer and is bidding for a home in another area.",
        "She kept a diary of his breaches, which has been taken as evidence.",
        "She says she now feels able to call the police straight away, and has done so twice.",
        "She has arranged for contact to take place only at a contact centre, to shield the children.",
        "She has come to every meeting about the children and raises concerns promptly.",
        "She has joined a recovery group and is building her own support network.",
        "She reported each breach promptly, so officers could act quickly.",
        "He is being supported by a service for male victims and has a plan for safe handovers.",
        "She has built trust with a worker who speaks her language.",
        "She has told her family about the abuse, and they have offered her a place to stay.",
        "She sought medical attention for the strangulation after talking to the IDAA.",
        "She has a code word with her neighbour to call the police.",
        "The eldest child says her mother keeps her safe.",
        "She has registered with a new GP and given her safe contact details only to the agencies that need them.",
        "She has enrolled the children in after-school clubs to keep their routines and time with friends.",
        "She has opened her own bank account and is managing her own benefits for the first time.",
        "They have told their employer, who has agreed a safety plan for work.",
    ),
    "intersections": (
        "She needs a Polish interpreter; a family member must never be used.",
        (
            "She has no recourse to public funds; an application under the destitution domestic "
            "violence concession is being prepared."
        ),
        "She is known to the community mental health team and has a named worker.",
        "He is drinking daily and has missed his last three substance use appointments.",
        "An adult support and protection investigation is under way as she has a learning disability.",
        "She lives in a rural area with little public transport; a phone-based safety plan has been agreed.",
        "They fear being outed to their family and colleagues if the abuse becomes known.",
        "A refuge space accessible to a wheelchair user has been identified.",
        "She is deaf and needs a BSL interpreter for all contact.",
        "She is pregnant and has been referred to the specialist midwife.",
        "She fears honour-based abuse from her extended family if she leaves.",
        "She is 17 and is supported by the young people's service.",
        "He has no current mental health diagnosis; his behaviour is not explained by illness.",
        "She is wary of contact with the police because of a past experience of racism.",
        "She is prescribed methadone and is stable on her prescription.",
        "She is a trans woman and needs refuge provision that is safe and welcoming for her.",
        "Her son is her carer, and an alternative care package is being arranged.",
        "Her immigration status depends on her husband's visa.",
        "He controls her insulin supply, which is a serious risk to her health.",
        "She is autistic and prefers written communication; agencies agreed to text her safe number.",
        "She is homeless and staying with friends.",
        "She is a Gypsy or Traveller woman and would like support from a worker she already trusts.",
        "She has been in contact with the crisis team this month and has a safety plan.",
        "He is a male victim and is worried about not being believed.",
        "She has limited literacy, so safety information will be explained in person.",
        "She needs a female interpreter from outside her community.",
        "They are in a same-sex relationship and their partner threatens to out them at work.",
        (
            "The person causing harm has been diagnosed with dementia; a joint assessment of his care "
            "needs and the risk is needed."
        ),
    ),
    "professionals": (
        "He has a warning marker for violence towards officers; no lone visits.",
        "He has made complaints about the social worker, which the team manager is handling.",
        "He phoned pretending to be her to get her new address; no information was given.",
        "He has tried to obtain her address from the school office.",
        "No agency is to share any information with him about her whereabouts.",
        "He is on the violent patient scheme after threatening reception staff.",
        "He has threatened to harm anyone who helps her.",
        "He has been hostile and threatening towards his supervising officer.",
        "He has sent abusive messages to the IDAA service.",
        "He records every meeting and has threatened to post the recordings online.",
        "He presents himself to professionals as the victim; agencies should be alert to this.",
        "His dogs are at the property; visits should be arranged elsewhere.",
        "He has threatened staff at the housing office.",
        "He phoned the GP practice pretending to be a solicitor.",
        "A relative of his works in one of the local agencies; the conflict of interest procedure applies.",
        "He has been seen near the IDAA office.",
        "Staff have been briefed and hold his photograph.",
        "He has made malicious referrals about her, each assessed as part of his pattern.",
        "A worker received a friend request from an account believed to be his.",
        "Joint visits with the police are recommended for any visit to his address.",
        "He has told his worker that he knows where the IDAA lives.",
        "He came to the surgery uninvited during her appointment and was asked to leave.",
        "All agencies should flag his details and pass any contact from him to the police.",
        "He has been aggressive at handovers at the contact centre.",
        "The survivor's address is restricted on housing systems.",
        "He has a history of fire-setting; staff should plan their exits on any visit.",
        "He has used the court process to seek agency records about her.",
        "Two workers attend every visit to him.",
    ),
}

# The survivor's voice, as the IDAA records it.
VOICE: Final[dict[str, tuple[str, ...]]] = {
    "views_and_wishes": (
        "She wants the relationship to be over and for him to leave her alone.",
        "She wants to stay in her home with the children and for him to be kept away.",
        "She wants the children to be safe and to see their father only if contact is supervised.",
        "She would like to move to a different area where he cannot find her.",
        "She wants the police to take his breaches of bail seriously.",
        "She would like him to get help for his behaviour but does not want to live with him.",
        "They want their partner to stop contacting them and to be able to go to work without being followed.",
        "She wants to be able to see her family again without him finding out.",
        "She would like support to stay in her tenancy, with the locks changed.",
        "She wants to support the prosecution but is scared of going to court.",
        "She wants the children to stay at their school, where they are settled.",
        "She would like help with money and benefits now that she has separated from him.",
        "She needs to stay near her mother, who depends on her care, and wants him removed from the home instead.",
        "She wants him to have no contact with the baby until he has completed a perpetrator programme.",
        "She wants to be believed and for agencies to stop asking her to repeat her story.",
        "She wants her immigration status sorted out so that she can live independently.",
        "He wants the children to be safe and to keep living with him.",
        "She wants agencies to talk to her before making decisions about the children.",
        "She would like a female worker and an interpreter who is not from her community.",
        "She wants to keep working and would like her employer to be told only what is needed.",
        "She wants her son to get help with his drug use and to stop taking her money.",
        "She would like a non-harassment order and to know what will happen if he breaks it.",
        "They want to stay in their home and for their ex-partner to be told to stay away from the street.",
    ),
    "fears": (
        "She fears he will kill her if he finds out where she lives.",
        "She is frightened he will take the children and she will never see them again.",
        "She fears he will hurt her family to get to her.",
        "She is afraid the children will be taken from her because of what he has done.",
        "She fears he will be released from custody and come straight to the house.",
        "She is frightened he will share intimate images of her.",
        "She fears being deported if she reports him.",
        "They fear their family and community will find out about their relationship.",
        "She fears he will kill himself and that she will be blamed.",
        "She is frightened of going to court and seeing him there.",
        "She fears losing her home and having nowhere to go with the children.",
        "She is afraid he will hurt the dog, as he has done before.",
        "She fears her son will become more violent if he cannot get money from her.",
        "She fears no one will believe her because he is well respected locally.",
        "She fears his family will harm her for bringing shame on them.",
        "She worries he will turn up at the children's school.",
        "She fears he will strangle her again and that next time she will not survive.",
        "She is frightened of losing her job because of his calls to her workplace.",
        "He fears he will not be believed because he is a man.",
        "She fears being isolated again if she moves away from her friends.",
        "She fears he will find her through the children's social media.",
        "She fears he will stop paying the rent and she will be evicted.",
        "They fear their partner will carry out the threat to kill them if they go to the police again.",
    ),
    "wants_from_marac": (
        "She wants agencies to make sure he cannot find her new address.",
        "She would like the police to act quickly on any breach of his bail.",
        "She wants help to get the locks changed and a personal alarm.",
        "She wants support for the children at school.",
        "She wants the MARAC to make sure he is held to account for what he has done.",
        "She would like help finding a refuge space outside the area.",
        "She wants a worker to support her through the court process.",
        "She wants her address kept off any records he can see.",
        "She would like counselling for herself and the eldest child.",
        "She wants someone to check that he no longer has access to the shotgun.",
        "She wants help with her immigration status and with money while she cannot work.",
        "She would like one worker as her main contact so she does not have to repeat her story.",
        "She wants the school to know not to release the children to him.",
        "They want to know about their partner's history, if there is any, through the disclosure scheme.",
        "She wants help to move to a ground-floor home she can use with her wheelchair.",
        "She wants agencies to contact her only through the IDAA, as he checks her phone.",
        "She wants her son, who is harming her, to get help from the substance use service.",
        "She wants the contact arrangements reviewed so that handovers are safe.",
        "She would like an interpreter at every appointment, and never a family member.",
        "She wants a marker on her address so the police come quickly if she calls.",
        "She wants to be told what the agencies decide today.",
        "She wants help to keep her job and to make her workplace safe.",
        "He wants his ex-partner's threats taken seriously and help to arrange safe contact for the children.",
    ),
    "own_risk_view": (
        "She believes the risk is very high and that he will kill her if he gets the chance.",
        "She thinks the risk has increased since she ended the relationship.",
        "She feels safer since he was remanded but fears what will happen when he is released.",
        "She rates her own risk as high and says he is capable of anything.",
        "She says the risk feels lower since he moved away, but she knows separation can increase the danger.",
        "She feels the risk is highest at child contact handovers.",
        "She believes the risk is higher when he has been drinking, but that he is dangerous when sober too.",
        "She feels the risk to the children is high because he uses them to get to her.",
        "They believe the risk is high and that their partner will carry out the threats.",
        "She thinks he is less likely to hurt her physically now, but his messages make her feel unsafe every day.",
        "She said that on a scale of one to ten her fear is at nine.",
        "She believes he will hurt her family if he cannot reach her.",
        "She feels the risk increased after the court hearing.",
        "She feels safer in the refuge but worries about the journey to school.",
        "She believes the risk will rise when he learns she has given a statement.",
        "She says she is more frightened now than at any point in the relationship.",
        "She feels her son is most dangerous when he needs money for drugs.",
        "She believes his threats to kill are serious because he has hurt a previous partner.",
        "She feels the risk is high because his family are also making threats.",
        "She says the risk is constant and that she feels watched all the time.",
        "He believes his ex-partner will hurt him again and will use the children against him.",
        "She thinks the risk is highest at night, when he has come to the house before.",
    ),
    "strengths": (
        "She says her children are her reason for keeping going.",
        "She has a close friend who knows everything and checks in every day.",
        "She is determined to make a fresh start and has already applied to college.",
        "She has kept every message and is ready to give them to the police.",
        "She says her faith gives her strength, and her faith community supports her.",
        "She has moved before to get away from him and knows how to keep herself safe.",
        "She is proud of keeping the children at school through everything.",
        "She has her mother's support and can stay with her at short notice.",
        "She has been sober for six months and goes to her recovery group every week.",
        "She has a good relationship with her GP and trusts her.",
        "She says she has found her voice again since starting support.",
        "She has kept her job and says work gives her independence.",
        "They have a strong network of friends in their community.",
        "She has a safety plan and knows exactly what to do if he comes to the house.",
        "She speaks up for the children with the school and the social worker.",
        "She has learnt to recognise his tactics and names them clearly.",
        "She has saved some money in an account he does not know about.",
        "She has reported him despite his threats, which took great courage.",
        "She keeps a calm routine for the children, which helps them feel safe.",
        "She has sought legal advice and knows her rights to the tenancy.",
        "She has kept in regular touch with the IDAA even while moving between addresses.",
        "He has kept the children's routines going and has support from his parents.",
    ),
    "childrens_voice": (
        "The eldest child told her teacher she feels safer now her dad is not at home.",
        "The children say they want to stay with their mum and do not want to see their dad for now.",
        "The eldest child said she is scared when her dad shouts and hides with her brother.",
        "The youngest child is too young to share views; his mother says he is sleeping better since the move.",
        "The eldest child wants to see her dad, but only with someone else there.",
        "The children told the social worker they miss their dog, who stayed at the old house.",
        "The eldest child said she worries about her mum when she is at school.",
        "The teenage son said he wants his dad to stop hurting his mum and to leave them alone.",
        "The children have not yet been spoken to alone; the social worker will see them at school this week.",
        "The eldest child drew a picture of her family without her father and said the house is quieter now.",
        "The children said they like their new school and have made friends.",
        (
            "The eldest child told the school counsellor she feels it is her fault; the counsellor is "
            "working with her on this."
        ),
        "The middle child says he wants his dad to stop shouting at his mum.",
        (
            "The baby is too young to give views; the health visitor sees that she is content and "
            "responsive with her mother."
        ),
        "The teenage daughter said she does not want her father to know where they live.",
        "The eldest child said she likes talking to her teacher and wants to keep doing that.",
        "The children told the IDAA they feel safe at their grandmother's house.",
        "The eldest child said he called the police because he was scared his mum would be hurt.",
        "The children say they would like to see their dad at the contact centre, not at his house.",
        "The youngest child told nursery staff that daddy hurt mummy.",
        "The eldest child said she wants to be able to have friends round again.",
        "The children said they like the refuge because it is quiet and nobody shouts.",
    ),
    "agreed_to_share": (
        "She has agreed that all information can be shared with the agencies at the MARAC.",
        "She agreed to share her safety plan with the police, the school and housing only.",
        "She agreed that her new address can be shared with the police and housing, but with no other agency.",
        "She agreed to share her health information with the GP and health visitor, but not her counselling notes.",
        "She agreed that her disclosure of sexual violence can be shared with the police only.",
        "They agreed that information about the abuse can be shared, but not their HIV status.",
        "She agreed that her immigration details may be shared with the specialist service and the IDAA only.",
        "She agreed that the school can be told about the bail conditions, but not the details of the assault.",
        "She agreed that her mental health history can be shared with the agencies planning her safety.",
        "She has agreed to share everything, saying she wants agencies to have the full picture.",
        "She agreed to share information about the children with children's services and the school.",
        "She asked that her workplace is not named in the minutes.",
        "She agreed that her safe phone number can be shared with the police and the IDAA only.",
        "She agreed that her substance use treatment can be discussed, as long as it is not used against her.",
        "She agreed to give the messages she has received to the police as evidence.",
        "She agreed that her family's details can be shared with the police so they can be protected too.",
        (
            "She agreed that her views can be shared, but asked that her fears about the court case are "
            "not minuted in detail."
        ),
        "She agreed to share information about her disability with housing to support an accessible move.",
        "She agreed that the refuge's location must not be recorded; only the refuge service holds it.",
        "He agreed that what he has told the IDAA can be shared with all agencies, including children's services.",
        "She agreed that the MARAC can share information with the receiving area if she moves.",
        "She agreed to share the photographs of her injuries with the police.",
    ),
    "no_contact_reason": (
        "The IDAA tried three times by phone; it was not safe to leave a voicemail because he checks her phone.",
        "No safe contact details were available: the only number on record is shared with him.",
        "The survivor is in hospital; the IDAA will visit when she is well enough.",
        (
            "The survivor moved out of the area before contact could be made; the receiving area's IDAA "
            "service has been told."
        ),
        "The referral arrived too close to the meeting for safe contact; the IDAA will call after the meeting.",
        "The IDAA arranged to see her at the GP surgery, but he was in the waiting room, so it was not safe to talk.",
        (
            "Calls have gone unanswered and no messages have been left for safety reasons; the health "
            "visitor will try at her next visit."
        ),
        "No interpreter was available in time; a call with an interpreter is booked for next week.",
        (
            "The survivor asked for some space after the court hearing and said she would call when "
            "ready; the IDAA will follow up."
        ),
        "The contact details provided were incorrect; the referrer is checking for a safe number.",
        "The IDAA visited the refuge, but the survivor had moved on to a refuge in another area.",
        (
            "The survivor said she does not want IDAA support at present; the offer remains open and "
            "she has the service's details."
        ),
        (
            "Her phone is switched off, which she had warned might happen if he took it; the IDAA is "
            "trying through her sister, as she agreed earlier."
        ),
        "The survivor is supported by a specialist by and for service, which will present her views instead.",
        "The survivor is on a hospital ward; staff will pass on the IDAA's details when she is able to talk.",
        "She asked for contact only through her solicitor, who has been emailed.",
        "The referral was received the day before the meeting, leaving no time to make safe contact.",
        (
            "The IDAA texted the safe number agreed with the referrer but had no reply; no more "
            "messages were sent in case he sees them."
        ),
        "The survivor works long shifts and the times offered did not suit her; an evening call has been arranged.",
        "He is living at the address and contact could alert him; the IDAA will try again once he has been arrested.",
        "The survivor is deaf and a video call with a BSL interpreter is being arranged.",
        "The survivor is abroad visiting family; the IDAA will contact her when she returns.",
    ),
}

# --- Actions ---------------------------------------------------------------------

# By action focus: (PPMT stage or "", description). Every description is SMART
# and starts with a concrete verb.
ACTIONS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "survivor": (
        (
            "protective",
            "Refer the survivor to the IDAA service for ongoing support and safety planning within 2 working days.",
        ),
        (
            "protective",
            "Complete a safety plan with the survivor, including a code word and safe contacts, within one week.",
        ),
        ("", "Arrange a sanctuary scheme assessment of the survivor's home within 10 working days."),
        ("", "Install a personal alarm and a video doorbell at the survivor's home within 14 days."),
        ("protective", "Add a marker to the survivor's address for a priority police response within 24 hours."),
        (
            "intersections",
            "Book a female interpreter from outside the survivor's community for all contact from this week.",
        ),
        (
            "intersections",
            "Refer the survivor to a specialist by and for service for immigration and money advice within one week.",
        ),
        ("", "Offer the survivor a refuge place outside the area and confirm availability within 48 hours."),
        (
            "protective",
            "Refer the survivor to a solicitor for a non-harassment order application within 5 working days.",
        ),
        ("intersections", "Refer the survivor to the community mental health team for assessment within 2 weeks."),
        ("", "Provide the survivor with a new mobile phone and check her accounts for tracking apps within one week."),
        ("", "Complete a homelessness assessment and offer temporary accommodation within 3 working days."),
        ("", "Arrange a management transfer to a home outside the area, with a decision within 28 days."),
        ("intersections", "Refer the survivor to adult support and protection for an inquiry within 24 hours."),
        ("protective", "Update the survivor on the MARAC plan through the IDAA within 48 hours of the meeting."),
        ("", "Register the survivor's safe contact details on the GP system and restrict access within one week."),
        (
            "intersections",
            "Refer the survivor to the substance use service for support that fits her own goals within 2 weeks.",
        ),
        ("", "Arrange a GP review for the survivor within 7 days to check for injuries after the strangulation."),
        ("protective", "Give the survivor information on the disclosure scheme and help her apply within one week."),
        ("", "Refer the survivor to the witness support service at least two weeks before the trial."),
        (
            "intersections",
            "Arrange an accessible refuge place for the survivor, who uses a wheelchair, within one week.",
        ),
        ("", "Phone the survivor on her safe number to share the outcome of the meeting within 2 working days."),
        (
            "intersections",
            "Apply for the destitution domestic violence concession with the survivor within 10 working days.",
        ),
        ("protective", "Refer the survivor to a domestic abuse recovery group and agree a start within one month."),
        ("", "Change the locks at the survivor's home within 48 hours."),
        ("intersections", "Book a BSL interpreter for all the survivor's appointments and confirm within one week."),
        ("", "Assess the survivor's benefit entitlement and support a new claim in her own name within 2 weeks."),
        ("", "Agree a workplace safety plan with the survivor and, with her consent, her employer within one week."),
        ("protective", "Offer the survivor a weekly check-in call with the IDAA for the next 8 weeks."),
    ),
    "child": (
        ("harm", "Complete a child and family assessment within 28 days."),
        ("harm", "Refer the eldest child to the school counsellor and agree weekly sessions within 2 weeks."),
        (
            "harm",
            (
                "Share the bail conditions with the school and brief staff on who may collect the children "
                "within 3 working days."
            ),
        ),
        (
            "harm",
            "Give the school office a photograph of the person causing harm and brief office staff within 2 days.",
        ),
        ("harm", "Arrange a health visitor home visit to see the baby within 7 days."),
        ("harm", "Refer the eldest child to child and adolescent mental health services within one week."),
        ("harm", "Convene a child protection case conference within 15 working days."),
        ("harm", "Visit the children at school to hear and record their views within 2 weeks."),
        ("harm", "Review child contact arrangements with the family court adviser before the next hearing."),
        ("harm", "Refer the children to a children's domestic abuse recovery programme within one month."),
        (
            "harm",
            "Check the children's attendance weekly and tell the social worker about any absence on the same day.",
        ),
        ("harm", "Flag the children's health records as living with domestic abuse within 5 working days."),
        ("harm", "Arrange a school nurse appointment for the eldest child within 2 weeks."),
        ("protective", "Agree a plan for safe handovers with the survivor and the contact centre within 10 days."),
        ("harm", "Complete a pre-birth assessment with the survivor within 4 weeks."),
        ("harm", "Refer the teenage son to the young people's support service within one week."),
        (
            "harm",
            (
                "Assign a trusted adult for the youngest child at school and confirm this to the social "
                "worker within one week."
            ),
        ),
        ("harm", "Share safeguarding information with the children's new school within 2 working days of the move."),
        ("harm", "Lodge the children's passports with the survivor's solicitor within 5 working days."),
        ("harm", "Request a port alert for the children within 24 hours if the risk of removal abroad increases."),
        ("harm", "Offer the eldest child direct work sessions about feeling safe within 3 weeks."),
        ("harm", "Speak with the children at nursery and school about their views before the core group meeting."),
        ("", "Arrange free school meals and a uniform grant for the children within 2 weeks."),
        ("harm", "Rebook the baby's hearing appointment and arrange transport within one week."),
        ("harm", "Complete a welfare visit to see the children at home within 24 hours."),
        ("harm", "Agree daily check-ins for the toddler with the nursery key worker from next week."),
        ("harm", "Record the children's views at the next visit and share them with the IDAA within 2 weeks."),
        ("harm", "Invite the school to the next core group meeting and send the details within 5 working days."),
    ),
    "perpetrator": (
        ("pattern", "Arrest the person causing harm for the breach of bail, completing enquiries within 24 hours."),
        (
            "pattern",
            (
                "Apply at the next court hearing for bail conditions that stop the person causing harm "
                "contacting the survivor or entering her street."
            ),
        ),
        ("pattern", "Refer the person causing harm to MAPPA for the next panel meeting."),
        (
            "pattern",
            "Refer the person causing harm to a perpetrator programme under his community order within 2 weeks.",
        ),
        ("pattern", "Flag the person causing harm's address and vehicle on police systems within 24 hours."),
        (
            "pattern",
            "Check firearms licensing records and seize any weapons held by the person causing harm within 48 hours.",
        ),
        (
            "pattern",
            (
                "Complete a disclosure scheme check on the person causing harm and, if the threshold is "
                "met, disclose to his new partner within 10 days."
            ),
        ),
        ("pattern", "Serve the non-harassment order on the person causing harm within 48 hours of it being granted."),
        (
            "pattern",
            (
                "Review the licence conditions of the person causing harm and recall him within 7 days if "
                "the breach is confirmed."
            ),
        ),
        ("pattern", "Trace and arrest the person causing harm for the assault and update the IDAA within 48 hours."),
        (
            "pattern",
            (
                "Send the stalking evidence to the prosecutor and apply for a stalking protection order "
                "against the person causing harm within 14 days."
            ),
        ),
        (
            "pattern",
            (
                "Link the aliases of the person causing harm on police systems and tell the MARAC "
                "coordinator within 5 days."
            ),
        ),
        ("pattern", "Apply for a domestic abuse protection order against the person causing harm within 7 days."),
        (
            "pattern",
            (
                "Build the coercive control case against the person causing harm and send it to the "
                "prosecutor within 28 days."
            ),
        ),
        ("pattern", "Issue a harassment warning to the person causing harm within 3 days."),
        (
            "intersections",
            (
                "Refer the person causing harm to the substance use service alongside the perpetrator "
                "programme within 2 weeks."
            ),
        ),
        (
            "pattern",
            (
                "Check whether the person causing harm has a new partner with children and tell children's "
                "services within 14 days."
            ),
        ),
        (
            "harm",
            "Report the risk posed by the person causing harm to the family court before the next contact hearing.",
        ),
        ("pattern", "Ask the prosecutor to oppose bail for the person causing harm at his next court appearance."),
        ("pattern", "Seize the phone of the person causing harm and examine it for tracking software within 7 days."),
        (
            "pattern",
            "Complete a risk assessment of the person causing harm for the pre-sentence report before sentencing.",
        ),
        (
            "pattern",
            (
                "Raise the latest incident with the person causing harm at his next probation appointment "
                "and record his response."
            ),
        ),
        (
            "harm",
            (
                "Assess the parenting capacity of the person causing harm as part of the child and family "
                "assessment within 28 days."
            ),
        ),
        (
            "pattern",
            (
                "Refer the case to a stalking advice service for guidance on managing the person causing "
                "harm within 2 weeks."
            ),
        ),
        ("pattern", "Circulate the person causing harm as wanted on police systems today."),
        (
            "pattern",
            "Notify the court of the breach of the contact order by the person causing harm within 5 working days.",
        ),
        ("pattern", "Serve notice to remove the person causing harm from the joint tenancy within 28 days."),
        ("pattern", "Share the history of the person causing harm with the receiving MARAC within 2 working days."),
        (
            "pattern",
            (
                "Arrange a home visit by two officers to check the person causing harm is complying with "
                "his bail conditions within 7 days."
            ),
        ),
    ),
    "family": (
        ("", "Refer the survivor's mother, who cares for the children, to the carers' support service within 2 weeks."),
        ("protective", "Offer the family a family group decision-making meeting within 4 weeks."),
        ("", "Arrange a joint visit by the IDAA and the social worker to the family home within 7 days."),
        ("intersections", "Refer the family to a specialist honour-based abuse service within one week."),
        ("", "Complete a housing needs assessment for the whole family within 10 working days."),
        ("", "Share the safety plan with the survivor's sister, with the survivor's consent, within one week."),
        ("intersections", "Book an interpreter for the family's core group meeting and confirm within 5 days."),
        ("", "Apply for a discretionary housing payment for the family within 2 weeks."),
        ("protective", "Arrange parenting support for the survivor through the family support service within 3 weeks."),
        ("", "Provide the family with food bank vouchers and a referral for money advice within 48 hours."),
        ("", "Refer the grandparents to kinship care support within 2 weeks."),
        (
            "",
            (
                "Tell the survivor's adult daughter about the risk and offer her a safety planning session "
                "within one week."
            ),
        ),
        ("harm", "Refer the eldest child to the young carers' service within 2 weeks."),
        ("", "Arrange furniture and white goods for the family's new home within 14 days."),
        ("", "Visit the survivor's parents about their safety after the threats made against them, within 5 days."),
        ("harm", "Review the family's support plan at the next core group meeting and record progress."),
        ("intersections", "Offer the family a referral to a Gypsy and Traveller support service within 2 weeks."),
        ("", "Register the family with a GP and a dentist in the new area within 2 weeks."),
        (
            "protective",
            "Refer the family to a domestic abuse recovery programme for mothers and children within one month.",
        ),
        (
            "",
            (
                "Add markers to the addresses of the survivor's family members for a priority police "
                "response within 48 hours."
            ),
        ),
        (
            "intersections",
            "Refer the survivor's disabled adult son to adult social care for a care assessment within 2 weeks.",
        ),
        ("", "Arrange school transport for the children from the refuge within 5 working days."),
        ("", "Send the family a summary of the MARAC plan through the IDAA within 2 working days."),
        (
            "protective",
            "Agree safe contact arrangements for the children with their paternal grandparents within 2 weeks.",
        ),
        (
            "",
            (
                "Place the family's dog with a pet fostering scheme so the family can move to the refuge "
                "within one week."
            ),
        ),
        ("intersections", "Arrange a support worker who understands the family's faith within 2 weeks."),
        ("", "Complete a welfare check on the survivor's elderly father, who lives at the address, within 48 hours."),
        ("harm", "Offer the youngest child a referral to play therapy within one month."),
    ),
    "professionals": (
        ("professionals", "Flag the address on police and housing systems for two-worker visits only within 48 hours."),
        ("professionals", "Brief school office staff not to disclose the survivor's address within 3 working days."),
        ("professionals", "Restrict the survivor's GP record so that only named staff can view it within 2 days."),
        ("professionals", "Share the risk to staff with every agency on the case by secure email within 24 hours."),
        (
            "professionals",
            "Arrange police accompaniment for any visit to the address of the person causing harm from today.",
        ),
        (
            "professionals",
            "Add a warning marker for violence towards staff to the housing system within 5 working days.",
        ),
        (
            "professionals",
            (
                "Review the complaint made by the person causing harm about the social worker and respond "
                "within 20 working days."
            ),
        ),
        (
            "professionals",
            "Check every agency record for requests to change the survivor's contact details within one week.",
        ),
        (
            "professionals",
            "Inform the contact centre of the risk at handovers and agree staggered arrival times within 7 days.",
        ),
        (
            "professionals",
            "Remove the survivor's new address from any letters sent to the shared address before the next mailing.",
        ),
        ("professionals", "Report the threats against the IDAA to the police within 24 hours."),
        ("professionals", "Complete a lone working risk assessment for visits to the survivor within one week."),
        ("professionals", "Apply for an exclusion of the person causing harm from the housing office within 14 days."),
        ("professionals", "Audit access to the case records and report any access by connected staff within 10 days."),
        (
            "professionals",
            (
                "Send all agencies the chair's reminder not to share information with the person causing "
                "harm within 2 days."
            ),
        ),
        (
            "professionals",
            "Refer the threats made by the person causing harm against workers to the police within 24 hours.",
        ),
        (
            "professionals",
            (
                "Tell the MARAC coordinator within 24 hours if the person causing harm contacts any agency "
                "about the survivor."
            ),
        ),
        (
            "professionals",
            "Hold the survivor's appointments at a safe venue away from his area from the next appointment.",
        ),
        ("professionals", "Give staff a photograph of the person causing harm and his vehicle details within 3 days."),
        ("professionals", "Record the conflict of interest and remove the connected worker from the case today."),
        ("professionals", "Share his attempts to obtain her address with the GP practice within 48 hours."),
        ("professionals", "Arrange supervision for the social worker targeted by his complaints within 2 weeks."),
        (
            "professionals",
            (
                "Book a professional interpreter for all contact and record that family members must not "
                "interpret, within one week."
            ),
        ),
        (
            "professionals",
            "Verify the identity of every caller asking about the survivor and log each call, from today.",
        ),
        ("professionals", "Place the survivor's housing file under restricted access within 2 working days."),
        ("professionals", "Offer a debrief to the staff threatened at the office within one week."),
        (
            "professionals",
            "Agree a single point of contact for all communication with the person causing harm within 5 days.",
        ),
        (
            "professionals",
            (
                "Check the identity of the caller who claimed to be a solicitor and report it to the police "
                "within 48 hours."
            ),
        ),
    ),
}

# Recorded when an action is completed.
OUTCOMES: Final[tuple[str, ...]] = (
    "Referral accepted; the IDAA made contact within two days.",
    "Safety plan completed with the survivor and shared with the agreed agencies.",
    "Locks changed and a door chain fitted; the survivor says she feels safer.",
    "Personal alarm installed and tested with the survivor.",
    "Marker added to the address for a priority police response.",
    "The person causing harm was arrested and remanded in custody.",
    "The court granted the bail conditions requested.",
    "Firearms certificate revoked and two shotguns seized.",
    "Disclosure made to his new partner under the disclosure scheme.",
    "MAPPA referral accepted; he will be managed at level 2.",
    "Perpetrator programme referral made; his assessment appointment is booked.",
    "Non-harassment order served on him in person.",
    "School staff briefed; his photograph is held at the office.",
    "Child protection case conference held; the children are on a child protection plan.",
    "The eldest child has started weekly counselling sessions at school.",
    "Refuge place found in another area; the survivor and the children moved in safely.",
    "Management transfer approved and an offer of a new home made.",
    "Interpreter booked for all appointments.",
    "The health visitor saw the baby at home; she is well and thriving.",
    "Records restricted on the GP system.",
    "Housing office staff briefed and the warning marker added.",
    "Joint visit completed and the survivor updated on the plan.",
    "The survivor was told the outcome of the meeting and agreed with the plan.",
    "The survivor's phone was checked and a tracking app removed.",
    "Domestic abuse protection order granted.",
    "He was recalled to prison for breaching his licence.",
    "Adult support and protection inquiry completed; a protection plan is in place.",
    "A place on the children's recovery programme was offered and accepted.",
    "Case transferred to the receiving MARAC with the full action plan.",
    "Evidence sent to the prosecutor; he has been charged with stalking.",
    "Benefit claim made in the survivor's own name and approved.",
    "Discretionary housing payment awarded.",
    "Pre-birth assessment completed; the baby will stay with the survivor, with support.",
    "Sanctuary scheme works completed, including a reinforced door.",
    "Harassment warning issued to him and recorded.",
)

# Why an action was not completed (never the survivor's fault).
NOT_COMPLETED_REASONS: Final[tuple[str, ...]] = (
    "The survivor moved out of the area before the visit; the receiving MARAC has the action.",
    "The person causing harm could not be traced before the deadline; he remains circulated as wanted.",
    "The court hearing was adjourned, so the bail conditions could not yet be sought.",
    "The refuge had no space at the time; the IDAA is checking availability daily.",
    "The service's waiting list is longer than the deadline; the referral is made and the survivor is on the list.",
    "The interpreting service cancelled the booking; a new booking has been requested.",
    (
        "The allocated worker left the agency and the action was not reassigned in time; the "
        "manager has now reassigned it."
    ),
    "The visit was postponed for her safety because he was at the address; a safe time is being arranged.",
    "The MAPPA panel decided the threshold was not met; the police will manage him under their own procedures.",
    "The disclosure scheme application did not meet the threshold for disclosure.",
    "The firearms check found no certificate held, so there was nothing to seize.",
    "The sanctuary scheme contractor was unavailable; the works are booked for next month.",
    "The school was closed for the holidays; the briefing is booked for the first day of term.",
    "The survivor has since been rehoused, so the action no longer applies.",
    "The perpetrator programme has no places until next quarter; he is on the waiting list.",
    "The action was superseded by a new plan at the repeat MARAC.",
    "The child moved to a new school before the referral was made; the new school has the information.",
    "He was remanded before the warning could be served; it will be served if he is released.",
    (
        "The agency did not have capacity to complete the action by the deadline; it has been "
        "escalated to the governance group."
    ),
)

# An "in progress" update.
PROGRESS_NOTES: Final[tuple[str, ...]] = (
    "Referral made; awaiting allocation to a worker.",
    "First contact made with the survivor; a safety planning session is booked.",
    "Sanctuary scheme survey completed; works are scheduled.",
    "Enquiries are ongoing to trace the person causing harm.",
    "Application lodged with the court; awaiting a hearing.",
    "MAPPA referral submitted; awaiting the panel's decision.",
    "Disclosure scheme checks under way; the decision panel meets next week.",
    "The school has been briefed; the police are providing his photograph.",
    "Child and family assessment started; the social worker has met the children.",
    "Interpreter requested; awaiting confirmation.",
    "Refuge search ongoing; two services contacted, neither with space yet.",
    "Perpetrator programme assessment booked.",
    "Housing transfer application submitted and under review.",
    "Firearms enquiry in progress with the licensing team.",
    "Counselling referral accepted; the child is on the waiting list.",
    "Safety plan drafted with the survivor; it will be shared with the agreed agencies.",
    "Evidence gathering ongoing for the stalking investigation.",
    "Personal alarm ordered; installation to be arranged with the survivor.",
    "Case conference date set and invitations sent.",
    "Records restriction requested from the practice manager.",
    "Medical check offered; the survivor has an appointment booked.",
    "Contact made with the receiving MARAC; transfer paperwork in progress.",
)

# The chair's summary of decisions for a case at the meeting.
DECISIONS: Final[tuple[str, ...]] = (
    (
        "Agencies agreed the risk remains high; the plan focuses on managing his bail, a sanctuary "
        "scheme and support for the children at school."
    ),
    (
        "The chair summarised that the risk sits with the person causing harm; police to pursue the "
        "breach and housing to fast-track a transfer."
    ),
    "Agreed that the IDAA will remain the survivor's single point of contact and feed back the plan within two days.",
    (
        "Agreed a referral to MAPPA and to a perpetrator programme; children's services to complete "
        "an assessment with the survivor."
    ),
    (
        "The children were present during the incident; actions agreed for the school and the "
        "health visitor to support them."
    ),
    (
        "Agencies agreed that information can be shared without consent because of the threats to "
        "kill, restricted to the agencies with actions."
    ),
    "Agreed to flag all relevant addresses and records; no agency is to share the survivor's location.",
    (
        "The chair challenged a suggestion that both partners were responsible; agencies agreed he "
        "is the person causing harm and his counter-allegation is part of his pattern."
    ),
    (
        "Plan agreed with actions for the survivor, the children and the person causing harm; the "
        "case returns to MARAC if there is a repeat."
    ),
    "Agreed to transfer the case to the receiving MARAC, as the survivor has moved.",
    (
        "Agencies agreed to support the survivor's mental health alongside safety planning, "
        "recognising that his behaviour, not her health, is the source of the risk."
    ),
    "Agreed an urgent strategy discussion for the children straight after the meeting.",
    (
        "The chair highlighted the strangulation and the recent separation as key risk factors; "
        "police to prioritise the arrest."
    ),
    (
        "Agencies agreed a coordinated response to his stalking, led by the police, with every "
        "agency recording any contact from him."
    ),
    (
        "Agreed that an interpreter from outside the community will be used for all contact, and "
        "that no family member will interpret."
    ),
    (
        "The chair recorded that he is using complaints to manipulate agencies; all agencies to "
        "pass any contact from him to a named manager."
    ),
    (
        "Agreed an adult support and protection referral and a care assessment to reduce the "
        "survivor's dependence on her son."
    ),
    (
        "Agencies agreed the survivor's protective efforts are strong; the plan builds on her "
        "safety plan and her family's support."
    ),
    (
        "Agreed that the specialist service will support the survivor with immigration advice and "
        "money, and housing will offer temporary accommodation."
    ),
    "The chair will write to the referring agency with the plan and thank them for the referral.",
    "Agreed that the risk to professionals is high; two-worker visits and a warning marker to be put in place.",
    "No further actions beyond those agreed; the case returns to MARAC if any agency reports a further incident.",
    "Agreed that only the action plan, with minimal information, will be shared with the GP and the school.",
    (
        "Several actions from the last meeting are outstanding; the chair asked the owning agencies "
        "to complete them before the next meeting."
    ),
    "Agreed that the police will oppose bail and the IDAA will support the survivor through the court process.",
    (
        "Agencies agreed the children should remain safe and together with the survivor, with "
        "support for her and action against him."
    ),
    "Agreed to complete full perpetrator pattern mapping at the next meeting, given his history across three partners.",
    (
        "Agencies agreed that he is a male victim at high risk; a specialist service for male "
        "victims will be invited to the next meeting."
    ),
    (
        "Agreed that the plan will address the person causing harm's use of the children to reach "
        "the survivor, with contact reviewed by the court."
    ),
)

# Why a research finding is restricted to named agencies.
RESTRICTION_REASONS: Final[tuple[str, ...]] = (
    "Relates to an ongoing police investigation; sharing it more widely could prejudice the case.",
    "Contains the survivor's new address, which only the police and housing need.",
    "Sensitive health information, shared only with the agencies involved in her care.",
    "Disclosure of sexual violence, shared with the police and the IDAA only at the survivor's request.",
    "Information about a third party that is not relevant to the other agencies.",
    "Relates to the survivor's immigration status; restricted to the specialist service and the IDAA.",
    "Sensitive intelligence, restricted to the police and probation.",
    "Concerns a child's disclosure that children's services are investigating.",
    "A worker in one of the agencies is connected to the person causing harm; restricted so that it cannot reach him.",
    "The survivor agreed to share this only with the named agencies.",
)

# Short lines for the general section of the meeting minutes.
MINUTES_NOTES: Final[tuple[str, ...]] = (
    "Introductions were made; new representatives from housing and education were welcomed.",
    "Outstanding actions from the last meeting were reviewed; three remain open.",
    "The coordinator reminded agencies to complete their research before the deadline.",
    "Any other business: the governance group will review attendance at its next meeting.",
    "Apologies were received from mental health services, whose research was submitted in advance.",
    "The chair reminded agencies to use language that names the behaviour of the person causing harm.",
    "Cases with children were heard first so that children's services could leave afterwards.",
    "The coordinator confirmed that minutes and action plans will be sent by secure email within five working days.",
    "Any other business: a specialist by and for service has been invited to attend future meetings.",
    "Conflicts of interest were declared and the connected representatives left the room for those cases.",
    "The meeting ran over time; the chair and coordinator will review the length of the agenda.",
    "The coordinator shared the quarterly figures for cases, repeats and action completion.",
    "Any other business: training on coercive control is available to all representatives next quarter.",
    "The chair thanked agencies for completing their research on every case.",
)

# --- People ----------------------------------------------------------------------

# The relationship of the person causing harm to the victim, with a relative weight.
RELATIONSHIPS: Final[tuple[tuple[str, int], ...]] = (
    ("Partner", 30),
    ("Ex-partner", 35),
    ("Husband", 10),
    ("Ex-husband", 5),
    ("Boyfriend", 3),
    ("Ex-boyfriend", 3),
    ("Son", 5),
    ("Daughter", 1),
    ("Father", 2),
    ("Mother", 1),
    ("Brother", 2),
    ("Stepfather", 1),
    ("Grandson", 1),
    ("Wife", 1),
    ("Ex-wife", 1),
    ("Girlfriend", 1),
    ("Ex-girlfriend", 1),
    ("Civil partner", 1),
    ("Other family member", 1),
)

CHILD_RELATIONSHIPS: Final[tuple[str, ...]] = (
    "Daughter",
    "Son",
    "Stepdaughter",
    "Stepson",
    "Granddaughter",
    "Grandson",
    "Niece",
    "Nephew",
    "Foster daughter",
    "Foster son",
)

LIVES_WITH: Final[tuple[str, ...]] = (
    "Mother",
    "Both parents",
    "Father",
    "Grandparents",
    "Grandmother",
    "Kinship carers",
    "Foster carers",
    "Mother and stepfather",
    "Mother and her partner",
    "Father and stepmother",
    "Aunt",
    "Mother, in a refuge",
)

# A generator adds a fictional place name in front.
SCHOOL_KINDS: Final[tuple[str, ...]] = (
    "Primary School",
    "High School",
    "Academy",
    "Nursery",
    "Early Years Centre",
    "Secondary School",
    "Community High School",
    "Infant School",
    "Junior School",
    "Nursery School",
    "Family Centre",
    "Primary Academy",
    "College",
    "Special School",
)

# (label, relative weight, Black or minoritised: "yes" or "no"), in UK census-style broad categories.
ETHNICITIES: Final[tuple[tuple[str, int, str], ...]] = (
    ("White British", 45, "no"),
    ("White Scottish", 25, "no"),
    ("White Irish", 2, "no"),
    ("White Polish", 3, "no"),
    ("White Other", 4, "no"),
    ("Gypsy or Traveller", 1, "yes"),
    ("Roma", 1, "yes"),
    ("Mixed or multiple ethnic groups", 3, "yes"),
    ("Asian Pakistani", 3, "yes"),
    ("Asian Indian", 2, "yes"),
    ("Asian Bangladeshi", 1, "yes"),
    ("Asian Chinese", 1, "yes"),
    ("Other Asian", 1, "yes"),
    ("African", 3, "yes"),
    ("Caribbean", 1, "yes"),
    ("Other Black", 1, "yes"),
    ("Arab", 1, "yes"),
    ("Other ethnic group", 1, "yes"),
)

# Preferred languages other than English, for interpreter needs.
LANGUAGES: Final[tuple[str, ...]] = (
    "Polish",
    "Urdu",
    "Arabic",
    "Romanian",
    "Punjabi",
    "Mandarin",
    "Cantonese",
    "Tigrinya",
    "Kurdish Sorani",
    "Kurdish Kurmanji",
    "BSL",
    "Bengali",
    "Farsi",
    "Dari",
    "Pashto",
    "Somali",
    "Lithuanian",
    "Latvian",
    "Portuguese",
    "Ukrainian",
    "Russian",
    "Turkish",
    "Gujarati",
    "Tamil",
    "Amharic",
    "Slovak",
    "Bulgarian",
    "Spanish",
    "Hungarian",
    "Vietnamese",
    "Romani",
    "Welsh",
)

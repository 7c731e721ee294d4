from .people import (
    Case,
    CaseParty,
    CaseReferenceCounter,
    CaseStatus,
    Gender,
    PartyRole,
    Person,
    PersonAlias,
    YesNoPreferNot,
)
from .referrals import (
    ChecklistInstrument,
    Consent,
    Referral,
    ReferralPerson,
    ReferralStatus,
    RiskAnswer,
    RiskChecklist,
)

__all__ = [
    "Case",
    "CaseParty",
    "CaseReferenceCounter",
    "CaseStatus",
    "ChecklistInstrument",
    "Consent",
    "Gender",
    "PartyRole",
    "Person",
    "PersonAlias",
    "Referral",
    "ReferralPerson",
    "ReferralStatus",
    "RiskAnswer",
    "RiskChecklist",
    "YesNoPreferNot",
]

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
from .transfers import CaseTransfer, TransferStatus

__all__ = [
    "Case",
    "CaseParty",
    "CaseReferenceCounter",
    "CaseStatus",
    "CaseTransfer",
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
    "TransferStatus",
    "YesNoPreferNot",
]

"""Groups of membership roles, named for what they allow; the one place they are defined.

A membership gives a user one role in one MARAC area (``marac.models.Role``).
Selectors and services ask "does the user hold any of these roles in this
area?" with these groups, so a rule reads the same wherever it is applied.
"""

from __future__ import annotations

from marac.models import Role

# The area's coordinators and chairs: they see and run everything in their MARAC.
COORDINATING_ROLES = (Role.COORDINATOR, Role.CHAIR)

# People who work for an agency on cases: they may be named on a case (cases.models.grants).
AGENCY_STAFF_ROLES = (Role.REPRESENTATIVE, Role.IDAA, Role.PRACTITIONER)

# Who acts for their whole agency: sees the cases on the agendas it is invited to, researches
# them, follows its actions and is told of its meetings. Practitioners and IDAAs see only what
# they drafted or were named on (a keyworker, the allocated IDAA: cases.models.grants).
INVITED_AGENCY_ROLES = (Role.REPRESENTATIVE,)

# Roles whose agency sees the cases on agendas it is invited to, plus the coordinating roles.
AGENCY_CASE_ROLES = (*INVITED_AGENCY_ROLES, *COORDINATING_ROLES)

# Who may start a referral to an area (any agency user with a role there).
REFERRER_ROLES = (Role.PRACTITIONER, Role.REPRESENTATIVE, Role.IDAA, Role.COORDINATOR, Role.CHAIR)

# Who checks and sends their agency's referrals.
QUALITY_ASSURER_ROLES = (Role.REPRESENTATIVE,)

# Who researches every agenda case for their agency (a person named on one case may research that case).
RESEARCHER_ROLES = INVITED_AGENCY_ROLES

# Who sees the governance figures (aggregates only).
GOVERNANCE_ROLES = (Role.GOVERNANCE, Role.COORDINATOR, Role.CHAIR, Role.ADMINISTRATOR)

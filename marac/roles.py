"""Groups of membership roles, named for what they allow; the one place they are defined.

A membership gives a user one role in one MARAC area (``marac.models.Role``).
Selectors and services ask "does the user hold any of these roles in this
area?" with these groups, so a rule reads the same wherever it is applied.
"""

from __future__ import annotations

from marac.models import Role

# The area's coordinators and chairs: they see and run everything in their MARAC.
COORDINATING_ROLES = (Role.COORDINATOR, Role.CHAIR)

# People who act for their own agency: research, actions, referrals.
AGENCY_STAFF_ROLES = (Role.REPRESENTATIVE, Role.IDAA, Role.PRACTITIONER)

# Roles whose agency sees the cases on agendas it is invited to, plus the coordinating roles.
AGENCY_CASE_ROLES = (*AGENCY_STAFF_ROLES, *COORDINATING_ROLES)

# Who may start a referral to an area (any agency user with a role there).
REFERRER_ROLES = (Role.PRACTITIONER, Role.REPRESENTATIVE, Role.IDAA, Role.COORDINATOR, Role.CHAIR)

# Who checks and sends their agency's referrals.
QUALITY_ASSURER_ROLES = (Role.REPRESENTATIVE, Role.IDAA)

# Who researches agenda cases for their agency.
RESEARCHER_ROLES = AGENCY_STAFF_ROLES

# Who sees the governance figures (aggregates only).
GOVERNANCE_ROLES = (Role.GOVERNANCE, Role.COORDINATOR, Role.CHAIR, Role.ADMINISTRATOR)

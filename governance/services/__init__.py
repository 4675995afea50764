"""Writes in governance, one module a part: terms, the presidency, applications.

Each state change is one function: keyword-only, in one transaction, and its
docstring names its side effects. One that finds its change made already returns
False and changes nothing; one that may not be made raises ValidationError naming the
rule. Callers use the names below (`governance.services.appoint`); the modules are
how the part is kept, not another way in.
"""

from .applications import (
    approve_application,
    check_application_allowed,
    nation_of,
    reject_application,
    start_review,
    submit_application,
    withdraw_application,
)
from .presidency import (
    Handover,
    approve_presidency,
    hand_over_presidency,
    move_to_end_of_rotation,
    open_elect_terms,
    plan_handover,
    record_decision,
)
from .terms import (
    add_years,
    appoint,
    check_term,
    committee_offices,
    country_name,
    end_term,
    free_seat,
    national_vice_president_office,
)

__all__ = [
    "Handover",
    "add_years",
    "appoint",
    "approve_application",
    "approve_presidency",
    "check_application_allowed",
    "check_term",
    "committee_offices",
    "country_name",
    "end_term",
    "free_seat",
    "hand_over_presidency",
    "move_to_end_of_rotation",
    "nation_of",
    "national_vice_president_office",
    "open_elect_terms",
    "plan_handover",
    "record_decision",
    "reject_application",
    "start_review",
    "submit_application",
    "withdraw_application",
]

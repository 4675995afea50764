"""The secretariat, as every app's rules name it (django-rules).

A member of the secretariat is a staff account holding the model permission the rule
names (the Secretariat group's, see confed.secretariat), that has given its second
factor in this session where it must (members.two_factor): without it, a password alone
opens nothing of theirs.
"""

import rules

from .two_factor import owes_a_code


def secretariat_with(permission: str) -> rules.Predicate:
    """The predicate: the user is the secretariat, holding `permission`."""

    def is_secretariat(user) -> bool:
        return (
            user.is_active
            and user.is_staff
            and not owes_a_code(user)
            and user.has_perm(permission)
        )

    return rules.predicate(is_secretariat, name=f"is_secretariat_with_{permission}")


# A person's data: exported to send them, or erased once no longer needed
# (confed.personal_data). Erasing removes records, so it takes the right to delete.
rules.add_perm("members.export_person", secretariat_with("members.view_person"))
rules.add_perm("members.erase_person", secretariat_with("members.delete_person"))

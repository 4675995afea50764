"""A database constraint's violation, as the message a person reads.

The rules the database holds (one member association per nation, no two holders of
one seat at once) are declared on the models, each with the message a person reads
(`violation_error_message`). A write that breaks one meets an IntegrityError;
`violations_as_errors` turns it into a ValidationError with that message, found by
the constraint's name as PostgreSQL reports it (psycopg's diagnostics), never by
searching the error's text. A race lost to another transaction thus reads as the
same rule the forms and services state before they write.
"""

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BaseConstraint


def constraint_name(error: IntegrityError) -> str | None:
    """The name of the constraint PostgreSQL says the write broke, if it names one."""
    diagnostics = getattr(error.__cause__, "diag", None)
    return getattr(diagnostics, "constraint_name", None)


@functools.cache
def _declared_constraints() -> dict[str, BaseConstraint]:
    return {
        constraint.name: constraint
        for model in apps.get_models()
        for constraint in model._meta.constraints
    }


def declared_constraint(name: str | None) -> BaseConstraint | None:
    return _declared_constraints().get(name) if name else None


@contextmanager
def violations_as_errors(*, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Run the writes inside in a savepoint. A declared constraint they break becomes a
    ValidationError with the constraint's own message, put on the form field
    `fields[name]` names for it (else on the whole form); the savepoint is rolled back,
    so the transaction around goes on. Any other IntegrityError is raised as it is."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        name = constraint_name(error)
        constraint = declared_constraint(name)
        if constraint is None:
            raise
        message = constraint.get_violation_error_message()
        field = (fields or {}).get(name)
        raise ValidationError({field: message} if field else message, code=name) from error

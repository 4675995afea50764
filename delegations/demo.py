"""Demo delegations: a draft of Estonia's and a submitted one of Germany's to the next
Mid-Winter Meeting, with invented delegates."""

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from events.models import Event, EventKind
from governance.selectors import current_vice_president
from members.demo import LoadReport, invented_person
from members.models import NationalAssociation

from . import services
from .models import Delegation, Role


@transaction.atomic
def load(report: LoadReport) -> None:
    meeting = (
        Event.objects.filter(kind=EventKind.MID_WINTER_MEETING, starts_on__gt=timezone.localdate())
        .order_by("starts_on")
        .first()
    )
    if meeting is None:
        return
    for code, submit in [("EST", False), ("DEU", True)]:
        association = NationalAssociation.objects.members().get(
            confederation__code="cior", nation__country=countries.alpha2(code)
        )
        if Delegation.objects.filter(association=association, event=meeting).exists():
            continue
        head = current_vice_president(association)
        services.add_member(
            association=association, event=meeting, person=head.person, role=Role.HEAD
        )
        for number in (1, 2):
            person = invented_person(
                report,
                association.nation,
                f"cior-delegate-{code.lower()}-{number}",
                association=association,
            )
            services.add_member(
                association=association, event=meeting, person=person, role=Role.DELEGATE
            )
        report.created += 1
        if submit:
            services.submit(
                delegation=Delegation.objects.get(association=association, event=meeting)
            )

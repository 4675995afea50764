"""Reads of the member registry that pages share. Each makes a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django_countries import countries

from .models import (
    Confederation,
    MembershipCategory,
    MembershipChange,
    MembershipStatus,
    Nation,
    NationalAssociation,
)


def confederations_with_member_counts() -> QuerySet[Confederation]:
    members = ~Q(associations__status=MembershipStatus.WITHDRAWN)
    return Confederation.objects.annotate(
        full_members=Count(
            "associations", filter=members & Q(associations__category=MembershipCategory.FULL)
        ),
        associate_members=Count(
            "associations",
            filter=members & Q(associations__category=MembershipCategory.ASSOCIATE),
        ),
    )


@dataclass
class ConfederationMembers:
    confederation: Confederation
    full: list[NationalAssociation]
    associate: list[NationalAssociation]


def member_directory() -> list[ConfederationMembers]:
    """Every confederation's current members, full and associate, by nation (2 queries)."""
    associations = (
        NationalAssociation.objects.members()
        .select_related("nation")
        .annotate(joined_on=Min("membership_changes__effective_on"))
    )
    by_confederation: dict[int, ConfederationMembers] = {
        confederation.pk: ConfederationMembers(confederation, [], [])
        for confederation in Confederation.objects.all()
    }
    for association in sorted(associations, key=lambda a: a.nation.country.name):
        group = by_confederation[association.confederation_id]
        if association.category == MembershipCategory.FULL:
            group.full.append(association)
        else:
            group.associate.append(association)
    return list(by_confederation.values())


def nation_by_code(code: str) -> Nation:
    """The nation with this ISO alpha-3 code (any case), or Http404."""
    alpha2 = countries.alpha2(code.upper()) if len(code) == 3 else ""
    try:
        return Nation.objects.get(country=alpha2)
    except Nation.DoesNotExist:
        raise Http404(code) from None


def nation_associations(nation: Nation) -> QuerySet[NationalAssociation]:
    """The nation's associations in every confederation, each with its membership history."""
    return (
        nation.associations.select_related("confederation")
        .prefetch_related(
            Prefetch(
                "membership_changes",
                queryset=MembershipChange.objects.order_by("effective_on", "id"),
            )
        )
        .order_by("confederation__founded_year", "confederation__acronym", "status")
    )

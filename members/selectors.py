"""Reads of the member registry that pages share. Each makes a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django_countries import countries

from confed.i18n import sort_key

from .models import (
    Confederation,
    MembershipCategory,
    MembershipChange,
    Nation,
    NationalAssociation,
    member_condition,
)


def confederations_with_member_counts() -> QuerySet[Confederation]:
    members = member_condition(via="associations__")
    # Django leaves Meta.ordering out of aggregate queries: order explicitly.
    return Confederation.objects.order_by("position", "acronym").annotate(
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


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor narrows the directory to; each empty for "any"."""

    search: str = ""
    confederation: str = ""  # a confederation's code
    category: str = ""  # MembershipCategory
    partnership: str = ""  # NATO_MEMBERS, or a Partnership of nations outside NATO

    def admit(self, association: NationalAssociation, confederation: Confederation) -> bool:
        nation = association.nation
        if self.confederation and confederation.code != self.confederation:
            return False
        if self.category and association.category != self.category:
            return False
        if self.partnership == NATO_MEMBERS:
            if not nation.is_nato_member():
                return False
        elif self.partnership and (
            nation.partnership != self.partnership or nation.is_nato_member()
        ):
            return False  # a partnership is of a nation outside NATO; one may have joined
        if self.search:
            wanted = sort_key(self.search.strip())
            names = [str(nation), nation.code, association.name, association.acronym]
            if not any(wanted in sort_key(name) for name in names):
                return False
        return True


# The partnership filter's value for the nations in NATO.
NATO_MEMBERS = "nato"


def member_directory(
    filters: DirectoryFilters | None = None, confederations: list[Confederation] | None = None
) -> list[ConfederationMembers]:
    """Every confederation's current members, full and associate, by nation, narrowed
    to `filters` (2 queries: the members are few, and a nation's name is matched in the
    reader's language, which the database does not hold)."""
    filters = filters or DirectoryFilters()
    admission = MembershipChange.objects.filter(association=OuterRef("pk")).order_by(
        "effective_on", "id"
    )
    associations = (
        NationalAssociation.objects.members()
        .select_related("nation")
        .annotate(
            joined_on=Subquery(admission.values("effective_on")[:1]),
            joined_on_precision=Subquery(admission.values("effective_on_precision")[:1]),
        )
    )
    by_confederation: dict[int, ConfederationMembers] = {
        confederation.pk: ConfederationMembers(confederation, [], [])
        for confederation in (
            Confederation.objects.all() if confederations is None else confederations
        )
    }
    for association in sorted(associations, key=lambda a: sort_key(a.nation)):
        group = by_confederation[association.confederation_id]
        if not filters.admit(association, group.confederation):
            continue
        if association.category == MembershipCategory.FULL:
            group.full.append(association)
        else:
            group.associate.append(association)
    return [
        group
        for group in by_confederation.values()
        if not filters.confederation or group.confederation.code == filters.confederation
    ]


def nation_with_code(code: str) -> Nation | None:
    """The nation in the registry with this ISO alpha-3 code (any case), or None: three
    letters, not a numeric or two-letter code, so a nation has one code (1 query)."""
    alpha2 = countries.alpha2(code.upper()) if len(code) == 3 and code.isalpha() else ""
    return Nation.objects.filter(country=alpha2).first() if alpha2 else None


def nation_by_code(code: str) -> Nation:
    """The nation with this ISO alpha-3 code (any case), or Http404."""
    nation = nation_with_code(code)
    if nation is None:
        raise Http404(code)
    return nation


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

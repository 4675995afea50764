"""The council is stated in two forms, the whole of it for the leadership pages
(`councils`) and one person asked about for a right (`sits_in_council`): they agree."""

import pytest

from governance.selectors import councils, councils_of, councils_of_user, sits_in_council
from members.models import Confederation, Person

pytestmark = pytest.mark.django_db


def test_whoever_the_council_lists_sits_in_it_and_nobody_else_does(demo_loaded):
    confederations = list(Confederation.objects.all())
    for confederation in confederations:
        council = councils(confederations)[confederation.pk]
        listed = (
            {seat.head.person_id for seat in council.seats if seat.head}
            | {term.person_id for term in council.presidency_team}
            | {delegate.person.pk for delegate in council.honorary_delegates}
        )
        asked = {
            pk
            for pk in Person.objects.values_list("pk", flat=True)
            if sits_in_council(pk, confederation.pk)
        }
        assert len(listed) > 20, confederation  # the demo's council, not an empty one
        assert asked == listed, confederation


def test_the_council_without_its_seats_is_the_councils_presidency_and_honorary_delegates(
    demo_loaded,
):
    confederations = list(Confederation.objects.all())
    whole, advisory = councils(confederations), councils(confederations, seats=False)
    for confederation in confederations:
        assert advisory[confederation.pk].seats == []
        assert (
            advisory[confederation.pk].presidency_team == whole[confederation.pk].presidency_team
        )
        assert [d.person.pk for d in advisory[confederation.pk].honorary_delegates] == [
            d.person.pk for d in whole[confederation.pk].honorary_delegates
        ]


def test_an_accounts_councils_are_its_persons(demo_loaded):
    for person in Person.objects.filter(user__isnull=False).select_related("user"):
        assert councils_of_user(person.user) == councils_of(person.pk), person

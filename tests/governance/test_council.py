"""The council is stated in two forms, the whole of it for the leadership pages
(`councils`) and one person asked about for a right (`sits_in_council`): they agree."""

import pytest

from governance.selectors import councils, sits_in_council
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

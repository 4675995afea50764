"""The awards' pages: the nomination form for the vice presidents and the presidency,
refused to anyone else; the public roll of honour in English and French; and the
queries each page makes, the same for 3 awards as for 30."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services
from awards.models import Award, Nomination
from confed.models import Email
from tests.awards.conftest import TODAY, given, nominee
from tests.council.conftest import member, vice_president
from tests.factories import ConfederationFactory, UserFactory

pytestmark = pytest.mark.django_db


def nominate_url(award) -> str:
    return reverse("awards:nominate", args=[award.slug])


def test_a_vice_president_nominates_a_person_of_their_nation_through_the_portal(
    client, medal, estonia, estonian_vp
):
    person = nominee(estonia)
    client.force_login(estonian_vp)

    page = client.get(nominate_url(medal))
    response = client.post(
        nominate_url(medal),
        {
            "association": estonia.pk,
            "person": person.pk,
            "citation": "For twenty years of the workshop.",
            "roll_citation": "For the workshop",
            "language": "en",
        },
    )

    assert page.status_code == 200
    assert person.name_with_rank in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == medal.get_absolute_url()
    nomination = Nomination.objects.get()
    assert (nomination.person, nomination.association, nomination.nominated_by) == (
        person,
        estonia,
        estonian_vp,
    )
    assert (nomination.status, nomination.roll_citation_en) == ("nominated", "For the workshop")
    assert Email.objects.get(template="awards/emails/nominated").to == ["secretariat@cior.example"]


def test_the_presidency_nominates_anyone_with_a_paper_kept_for_the_council(
    client, medal, latvia, presidency_user
):
    person = nominee(latvia)
    client.force_login(presidency_user)
    paper = SimpleUploadedFile(
        "citation.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        content_type="application/pdf",
    )  # fmt: skip

    response = client.post(
        nominate_url(medal),
        {"association": "", "person": person.pk, "citation": "For the seminar.",
         "language": "fr", "paper": paper},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    nomination = Nomination.objects.get()
    assert (nomination.person, nomination.association) == (person, None)
    assert (nomination.paper.access, nomination.paper.confederation) == (
        "council",
        medal.confederation,
    )


def test_a_vice_president_is_offered_only_people_of_their_nation(
    client, medal, estonia, estonian_vp, latvia
):
    mine, other = nominee(estonia), nominee(latvia)
    client.force_login(estonian_vp)

    page = client.get(nominate_url(medal)).content.decode()
    refused = client.post(
        nominate_url(medal),
        {"association": estonia.pk, "person": other.pk, "citation": "X", "language": "en"},
    )

    assert mine.name_with_rank in page
    assert other.name_with_rank not in page
    assert refused.status_code == 400
    assert "person" in refused.context["form"].errors
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("who", ["plain user", "vice president of another confederation",
                                 "vice president, the award the presidency's only",
                                 "secretariat"])  # fmt: skip
def test_an_outsider_cannot_nominate(client, medal, estonia, secretariat_user, who):
    if who == "plain user":
        user = UserFactory(username="plain")
    elif who == "vice president of another confederation":
        ciomr = ConfederationFactory(code="ciomr", acronym="CIOMR", position=2)
        user = vice_president(member(ciomr, "EE"))
    elif who == "secretariat":
        user = secretariat_user
    else:
        medal.nominated_by = "presidency"
        medal.save()
        user = vice_president(estonia)
    client.force_login(user)

    got = client.get(nominate_url(medal))
    posted = client.post(
        nominate_url(medal),
        {"person": nominee(estonia).pk, "citation": "X", "language": "en"},
    )

    assert (got.status_code, posted.status_code) == (404, 404)
    assert not Nomination.objects.exists()


def test_the_anonymous_visitor_is_sent_to_log_in(client, medal):
    response = client.get(nominate_url(medal))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"association": "999999", "person": "'; DROP TABLE awards_nomination; --",
         "citation": "x" * 30000, "language": "xx", "roll_citation": "y" * 400},
        {"association": "-1", "person": "1e9", "citation": "\x00", "language": "en"},
        {"person": ["1", "2"], "citation": " ", "language": "fr"},
    ],
    ids=["empty", "hostile", "absurd", "blank"],
)  # fmt: skip
def test_a_hostile_or_empty_form_gives_errors_beside_the_fields(
    client, medal, estonia, estonian_vp, data
):
    client.force_login(estonian_vp)

    response = client.post(nominate_url(medal), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"person", "citation"}
    assert "invalid-feedback" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_person_given_the_award_once_is_refused_beside_the_field(
    client, medal, estonia, estonian_vp
):
    first = given(medal, estonia, estonian_vp)
    client.force_login(estonian_vp)

    response = client.post(
        nominate_url(medal),
        {"association": estonia.pk, "person": first.person.pk, "citation": "Again.",
         "language": "en"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.context["form"].errors["person"] == [
        f"{first.person.name_with_rank} has received the Medal of Merit already: it is "
        "given once per person."
    ]


# -- the roll of honour -------------------------------------------------------------------


def test_the_roll_shows_conferred_awards_by_year_and_nation_in_english_and_french(
    client, medal, estonia, estonian_vp, latvia
):
    latvian_vp = vice_president(latvia)
    old = given(medal, estonia, estonian_vp, on=datetime.date(2024, 7, 30),
                roll_citation="For the workshop")  # fmt: skip
    new = given(medal, latvia, latvian_vp, on=datetime.date(2026, 7, 30))
    Nomination.objects.filter(pk=old.pk).update(roll_citation_fr="Pour l'atelier")

    english = client.get(medal.get_absolute_url()).content.decode()
    french = client.get(f"/fr{medal.get_absolute_url()}").content.decode()

    assert english.index("2026") < english.index(new.person.name_with_rank)
    assert english.index(new.person.name_with_rank) < english.index("2024")
    assert english.index("2024") < english.index(old.person.name_with_rank)
    assert "Estonia" in english
    assert "Latvia" in english
    assert "For the workshop" in english
    assert "Médaille du mérite" in french
    assert "Estonie" in french
    assert "Pour l&#x27;atelier" in french or "Pour l'atelier" in french


def test_someone_who_did_not_agree_is_not_on_the_roll(client, medal, estonia, estonian_vp):
    shown = given(medal, estonia, estonian_vp)
    hidden = given(medal, estonia, estonian_vp, shown=False)

    page = client.get(medal.get_absolute_url()).content.decode()

    assert shown.person.full_name in page
    assert hidden.person.full_name not in page


def test_only_a_conferred_award_is_on_the_roll_and_a_revoked_one_leaves_it(
    client, medal, estonia, estonian_vp
):
    waiting = services.nominate(
        award=medal, person=nominee(estonia), association=estonia, citation="X.",
        by=estonian_vp,
    )  # fmt: skip
    approved = services.nominate(
        award=medal, person=nominee(estonia), association=estonia, citation="Y.",
        by=estonian_vp,
    )  # fmt: skip
    services.decide_nomination(nomination=approved, approve=True, decided_on=TODAY)
    Nomination.objects.filter(pk__in=[waiting.pk, approved.pk]).update(shown_on_roll=True)
    conferred = given(medal, estonia, estonian_vp)

    before = client.get(medal.get_absolute_url()).content.decode()
    services.revoke(nomination=conferred, revoked_on=TODAY, reason="Misconduct.")
    after = client.get(medal.get_absolute_url()).content.decode()

    assert conferred.person.full_name in before
    assert waiting.person.full_name not in before
    assert approved.person.full_name not in before
    assert conferred.person.full_name not in after
    assert "Nobody is on the roll of honour yet." in after


def test_the_list_of_awards_links_each_roll(client, medal):
    page = client.get(reverse("awards:index")).content.decode()
    assert medal.get_absolute_url() in page
    assert "Medal of Merit" in page


def test_an_unknown_award_is_not_found(client, medal):
    assert client.get(reverse("awards:roll", args=["no-such-award"])).status_code == 404


def test_the_leadership_page_links_the_awards(client, cior):
    page = client.get(reverse("governance:leadership")).content.decode()
    assert reverse("awards:index") in page


# -- queries -------------------------------------------------------------------------------


def queries(user, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def awards_world(award, association, user, count: int) -> None:
    """`count` awards conferred, their people agreed, and as many people more of the
    nation to choose among."""
    for n in range(count):
        given(award, association, user, on=datetime.date(2000 + n % 27, 7, 1))
        nominee(association)


def test_the_roll_and_the_nomination_page_make_as_many_queries_for_thirty_as_for_three(
    medal, estonia, estonian_vp
):
    other = Award.objects.create(
        confederation=medal.confederation, slug="cross-of-honour", name_en="Cross of Honour",
        once_per_person=False,
    )  # fmt: skip
    awards_world(medal, estonia, estonian_vp, 3)
    awards_world(other, estonia, estonian_vp, 30)

    def counts(award) -> dict[str, int]:
        return {
            "roll": queries(None, award.get_absolute_url()),
            "nominate": queries(estonian_vp, nominate_url(award)),
            "index": queries(None, reverse("awards:index")),
        }

    three, thirty = counts(medal), counts(other)
    assert three == thirty
    # The nomination page: the session, the visitor and their second factor's devices
    # (one query for every kind), and its transaction, as every logged-in page; then the
    # award, the associations the visitor leads, the presidency's terms, the choices of
    # association and of person.
    assert three == {"roll": 2, "nominate": 11, "index": 1}
    page = Client().get(other.get_absolute_url()).content.decode()
    assert page.count('role="rowheader"') == 30

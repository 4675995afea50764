"""A vice president's own calendar: their meetings and deadlines at a secret address
that they can renew, and that stops with their term."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from delegations.models import PrivateFeed

pytestmark = pytest.mark.django_db


def renew(client) -> str:
    response = client.post(reverse("delegations:renew_private_feed"))
    assert response.status_code == 302
    return PrivateFeed.objects.get().get_absolute_url()


def test_the_private_feed_holds_the_meeting_and_its_deadline(client, estonian_vp, meeting):
    client.force_login(estonian_vp)
    address = renew(client)
    response = Client().get(address)  # a calendar app, not logged in
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(e["summary"]) for e in events} == {
        "Mid-Winter Meeting 2027",
        "Delegation of Estonia to Mid-Winter Meeting 2027 due",
    }
    [deadline] = [e for e in events if "due" in str(e["summary"])]
    assert deadline.decoded("dtstart") == datetime.date(2027, 1, 14)


def test_a_renewed_address_replaces_the_old_which_answers_404(client, estonian_vp, meeting):
    client.force_login(estonian_vp)
    old = renew(client)
    new = renew(client)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_the_address_stops_with_the_term(client, former_estonian_vp, meeting):
    PrivateFeed.objects.create(user=former_estonian_vp, token="a-former-vice-presidents")
    assert Client().get(PrivateFeed.objects.get().get_absolute_url()).status_code == 404


def test_the_area_offers_the_webcal_address_and_a_made_up_one_is_404(client, estonian_vp, meeting):
    client.force_login(estonian_vp)
    address = renew(client)
    page = client.get(reverse("delegations:area")).content.decode()
    assert f'href="webcal://testserver{address}"' in page
    assert Client().get(address.replace(address.split("/")[-1], "guess.ics")).status_code == 404


def test_the_address_stops_with_a_closed_account(client, estonian_vp, meeting):
    client.force_login(estonian_vp)
    address = renew(client)
    estonian_vp.is_active = False
    estonian_vp.save()
    assert Client().get(address).status_code == 404


def test_only_a_vice_president_renews_and_a_get_changes_nothing(client, estonian_vp, meeting):
    outsider = Client()
    outsider.force_login(type(estonian_vp).objects.create_user("plain", password="x"))
    assert outsider.post(reverse("delegations:renew_private_feed")).status_code == 403
    assert outsider.get(reverse("delegations:renew_private_feed")).status_code == 403
    client.force_login(estonian_vp)
    assert client.get(reverse("delegations:renew_private_feed")).status_code == 405
    assert not PrivateFeed.objects.exists()

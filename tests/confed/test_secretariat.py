"""The Secretariat group comes from the migrations, so a production database has it."""

import pytest
from django.contrib.auth.models import Group, Permission

from confed.secretariat import SECRETARIAT_GROUP
from tests.conftest import project_apps

pytestmark = pytest.mark.django_db


def test_the_portals_own_apps_are_found():
    assert project_apps() == [
        "confed",
        "members",
        "governance",
        "subscriptions",
        "events",
        "documents",
        "about",
        "delegations",
        "council",
        "elections",
        "awards",
        "reminders",
    ]


def test_a_migrated_database_gives_the_secretariat_every_permission_of_the_portals_apps():
    # The test database is made by running every migration, as a production one is.
    granted = set(Group.objects.get(name=SECRETARIAT_GROUP).permissions.all())
    wanted = Permission.objects.filter(content_type__app_label__in=project_apps())
    assert wanted.exists()
    assert set(wanted) <= granted


def test_beyond_its_records_the_secretariat_sees_accounts_and_lifts_lockouts_only():
    outside = {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=SECRETARIAT_GROUP)
        .permissions.exclude(content_type__app_label__in=project_apps())
        .values_list("content_type__app_label", "codename")
    }
    assert outside == {
        "auth.view_user",
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    }

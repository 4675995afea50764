"""The Secretariat group comes from the migrations, so a production database has it."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from confed.secretariat import SECRETARIAT_GROUP

pytestmark = pytest.mark.django_db


def project_apps() -> list[str]:
    """The portal's own apps: those of INSTALLED_APPS that live in this repository."""
    return [
        label
        for label in settings.INSTALLED_APPS
        if "." not in label and (settings.BASE_DIR / label / "models.py").exists()
    ]


def test_the_portals_own_apps_are_found():
    assert project_apps() == ["members", "governance", "events", "delegations", "reminders"]


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

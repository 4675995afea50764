"""The Secretariat group: its members' model permissions are the secretariat's rights.

Migrations make it, so that every database has it, a production one as a demo one: an
app's migration grants the group that app's permissions (`grant_to_secretariat`).
"""

from django.db.models import Q

SECRETARIAT_GROUP = "Secretariat"
# Beyond the portal's own apps. User accounts to look at only: whoever may change
# users may make themselves a superuser. Login lockouts to see and lift; django-axes'
# logs and Celery's schedule are technical, for superusers.
OTHER_PERMISSIONS = (
    "auth.view_user",
    "auth.view_group",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
)


def grant_to_secretariat(apps, app_labels: list[str]) -> None:
    """Give the Secretariat group every permission of these apps' models, and
    OTHER_PERMISSIONS; the group is made if it is missing. `apps` is a migration's (or
    django.apps.apps). On a new database the permissions do not exist yet while
    migrations run (Django makes them after the last one): they are made here first."""
    from django.contrib.auth.management import create_permissions

    others = [name.split(".") for name in OTHER_PERMISSIONS]
    for label in {*app_labels, *(app for app, _codename in others)}:
        config = apps.get_app_config(label)
        # A migration's app registry marks no app as having models; without this,
        # create_permissions would skip it.
        had_models = getattr(config, "models_module", None)
        config.models_module = had_models or True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = had_models
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = Q(content_type__app_label__in=app_labels)
    for app, codename in others:
        wanted |= Q(content_type__app_label=app, codename=codename)
    group.permissions.add(*permission_model.objects.filter(wanted))

import pytest
from django.contrib.auth.models import Group

from members.demo import SECRETARIAT_GROUP, secretariat_permissions
from tests.factories import ConfederationFactory, UserFactory


@pytest.fixture
def cior():
    return ConfederationFactory(code="cior", acronym="CIOR", position=1)


@pytest.fixture
def ciomr():
    return ConfederationFactory(
        code="ciomr",
        acronym="CIOMR",
        position=2,
        name_en="Interallied Confederation of Medical Reserve Officers",
        name_fr="Confédération Interalliée des Officiers Médicaux de Réserve",
        governing_body_en="Executive Committee",
        governing_body_fr="Comité exécutif",
        delegation_requires_medical_officer=True,
    )


@pytest.fixture
def secretariat_user(db):
    """A staff member with the secretariat's group permissions, not a superuser."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.set(secretariat_permissions())
    user = UserFactory(username="secretary", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client

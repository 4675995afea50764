"""The library: who reads which document, versions that are kept, uploads checked by
what they hold."""

import datetime
import hashlib

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services
from documents.models import Access, Document, DocumentKind
from governance import services as governance
from tests.factories import (
    ConfederationFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pdf(text: str = "A sample paper, not a real text.") -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def upload(content: bytes, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def paper(confederation, access=Access.COUNCIL, content=None) -> Document:
    return services.add_document(
        upload=upload(content or pdf()),
        confederation=confederation,
        kind=DocumentKind.MEETING_PAPER,
        title_en="Budget proposal",
        access=access,
    )


def head_of_delegation(confederation, country: str):
    association = NationalAssociationFactory(
        confederation=confederation, nation=NationFactory(country=country)
    )
    user = UserFactory(username=f"vp-{confederation.code}-{country.lower()}")
    governance.appoint(
        office=governance.national_vice_president_office(association),
        person=PersonFactory(nation=association.nation, association=association, user=user),
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


def holder(confederation, username: str, *, ends_on, **office):
    """An account whose person holds (or held, to `ends_on`) an office of the
    confederation."""
    user = UserFactory(username=username)
    TermFactory(
        office=OfficeFactory(confederation=confederation, **office),
        person=PersonFactory(user=user),
        starts_on=datetime.date(2019, 8, 1),
        ends_on=ends_on,
    )
    return user


def reader(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def ciomr_paper(cior):
    return paper(ConfederationFactory(code="ciomr", acronym="CIOMR"))


@pytest.mark.parametrize(
    ("who", "answer"),
    [
        ("anonymous", 404),
        ("plain user", 404),
        ("head of delegation", 200),
        ("secretariat", 200),
        ("head of delegation of the other confederation", 404),
    ],
)
def test_a_council_paper_is_for_its_council_and_the_secretariat(
    cior, secretariat_user, ciomr_paper, who, answer
):
    document = paper(cior)
    users = {
        "anonymous": None,
        "plain user": UserFactory(username="plain"),
        "head of delegation": head_of_delegation(cior, "EE"),
        "secretariat": secretariat_user,
        "head of delegation of the other confederation": head_of_delegation(
            ciomr_paper.confederation, "LV"
        ),
    }
    response = reader(users[who]).get(document.get_absolute_url())
    assert response.status_code == answer
    if answer == 200:
        assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"


def test_the_presidency_team_and_honorary_delegates_are_of_the_council_and_read_its_papers(
    cior,
):
    document = paper(cior)
    secretary_general = holder(
        cior, "sg", ends_on=None, code="sg", title_en="Secretary General",
        held_by_presidency=True,
    )  # fmt: skip
    past_president = holder(
        cior, "past", ends_on=datetime.date(2021, 8, 1), code="president",
        holders_become_honorary_delegates=True,
    )  # fmt: skip
    past_treasurer = holder(
        cior, "treasurer", ends_on=datetime.date(2021, 8, 1), code="treasurer",
        title_en="Treasurer", holders_become_honorary_delegates=False,
    )  # fmt: skip
    assert reader(secretary_general).get(document.get_absolute_url()).status_code == 200
    assert reader(past_president).get(document.get_absolute_url()).status_code == 200
    assert reader(past_treasurer).get(document.get_absolute_url()).status_code == 404


def test_a_secretariat_document_is_for_the_secretariat_alone(cior, secretariat_user):
    document = paper(cior, access=Access.SECRETARIAT)
    assert (
        reader(head_of_delegation(cior, "EE")).get(document.get_absolute_url()).status_code == 404
    )
    assert reader(secretariat_user).get(document.get_absolute_url()).status_code == 200


def test_a_head_of_delegation_reads_no_other_confederations_council_paper(cior, ciomr_paper):
    estonian = head_of_delegation(cior, "EE")
    assert reader(estonian).get(ciomr_paper.get_absolute_url()).status_code == 404


def test_a_public_document_is_for_everyone_and_listed_in_the_library(client, cior):
    document = paper(cior, access=Access.PUBLIC)
    paper(cior, access=Access.COUNCIL)
    current = client.get(document.get_absolute_url())
    assert (current.status_code, current["Cache-Control"]) == (200, "public, no-cache")
    first = client.get(reverse("documents:download_version", args=[document.pk, 1]))
    assert (first.status_code, first["Cache-Control"]) == (200, "public, max-age=86400")
    library = client.get(reverse("documents:library")).content.decode()
    assert library.count("Budget proposal") == 1


def test_the_library_makes_as_many_queries_for_30_documents_as_for_3(client, cior):
    def queries_made() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("documents:library")).status_code == 200
        return len(queries)

    for _ in range(3):
        paper(cior, access=Access.PUBLIC)
    with_three = queries_made()
    ciomr = ConfederationFactory(code="ciomr", acronym="CIOMR")
    for number in range(27):
        paper(ciomr if number % 2 else cior, access=Access.PUBLIC)
    assert queries_made() == with_three


def test_a_new_version_keeps_the_old_one_and_its_checksum(cior, secretariat_user):
    first_content, second_content = pdf("First edition."), pdf("Second edition.")
    document = paper(cior, content=first_content)
    services.add_version(document=document, upload=upload(second_content))
    first, second = document.versions.order_by("number")
    assert (first.number, first.is_current, second.number, second.is_current) == (
        1, False, 2, True,
    )  # fmt: skip
    assert first.sha256 == hashlib.sha256(first_content).hexdigest()
    client = reader(secretariat_user)
    assert b"".join(client.get(document.get_absolute_url()).streaming_content) == second_content
    old = client.get(first.get_absolute_url())
    assert b"".join(old.streaming_content) == first_content


@pytest.mark.parametrize(
    ("content", "name", "refusal"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "paper.pdf", "this file is none of them"),
        (b"#!/bin/sh\nrm -rf /\n", "paper.pdf", "this file is none of them"),
        (None, "paper.docx", "rename it .pdf"),
    ],
)
def test_an_upload_is_judged_by_what_it_holds(cior, content, name, refusal):
    with pytest.raises(Exception, match=refusal) as refused:
        services.add_document(
            upload=upload(content or pdf(), name),
            confederation=cior,
            kind=DocumentKind.OTHER,
            title_en="Mischief",
        )
    assert type(refused.value).__name__ == "ValidationError"
    assert not Document.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_with_the_limit(cior, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(Exception, match="up to 1000"):
        paper(cior)
    assert not Document.objects.exists()


def test_the_secretariat_adds_a_document_in_the_admin_and_a_bad_file_is_refused_beside_it(
    secretariat_client, cior
):
    form = {
        "confederation": cior.pk,
        "kind": DocumentKind.CONSTITUTION,
        "title_en": "Constitution",
        "access": Access.PUBLIC,
        "versions-TOTAL_FORMS": 0,  # the versions' inline, read-only
        "versions-INITIAL_FORMS": 0,
    }
    refused = secretariat_client.post(
        reverse("admin:documents_document_add"),
        {**form, "upload": upload(b"MZ\x90\x00" + b"\x00" * 200, "constitution.pdf")},
    )
    assert refused.status_code == 200
    assert "none of them" in refused.context["adminform"].form.errors["upload"][0]
    assert not Document.objects.exists()
    added = secretariat_client.post(
        reverse("admin:documents_document_add"), {**form, "upload": upload(pdf(), "c.pdf")}
    )
    assert added.status_code == 302
    assert Document.objects.get().versions.get().name == "c.pdf"


def test_the_vice_presidents_page_lists_their_councils_papers_only(cior, ciomr_paper):
    own = paper(cior)
    estonian = head_of_delegation(cior, "EE")
    page = reader(estonian).get(reverse("delegations:area")).content.decode()
    assert own.get_absolute_url() in page
    assert ciomr_paper.get_absolute_url() not in page

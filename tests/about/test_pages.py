"""The confederations' public face: about pages the secretariat writes, the contact
page, the privacy notice, and the footer that leads to them from every page."""

import re

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from about.models import Section
from confed.markdown import render
from documents import services as documents
from documents.models import Access, DocumentKind

pytestmark = pytest.mark.django_db


def section(confederation, **fields) -> Section:
    return Section.objects.create(
        confederation=confederation,
        **{"slug": "history", "title_en": "History", "body_en": "Founded in 1948.", **fields},
    )


def document(confederation, *, kind=DocumentKind.CONSTITUTION, access=Access.PUBLIC, **fields):
    if kind == DocumentKind.IMAGE:
        upload = SimpleUploadedFile("arms.png", PNG, content_type="image/png")
    else:
        content = weasyprint.HTML(string="<p>A sample text.</p>").write_pdf()
        upload = SimpleUploadedFile("text.pdf", content, content_type="application/pdf")
    return documents.add_document(
        upload=upload,
        confederation=confederation,
        kind=kind,
        title_en=fields.pop("title_en", "Constitution"),
        access=access,
        **fields,
    )


# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def test_sanitised_markdown_drops_a_script_an_event_handler_and_a_javascript_link():
    html = render(
        "Hello <script>alert('x')</script> <b onclick=\"steal()\">bold</b> "
        '[click](javascript:steal()) <iframe src="https://evil.example"></iframe>'
    )
    assert "<script" not in html
    assert "alert" not in html
    assert "onclick" not in html
    assert "<b>bold</b>" in html
    assert "javascript:" not in html
    assert "<iframe" not in html


def test_markdown_keeps_what_a_secretary_writes():
    html = render("*Founded* in **1948**.\n\n- Belgium\n- France\n\n[NATO](https://www.nato.int/)")
    assert "<em>Founded</em>" in html
    assert "<strong>1948</strong>" in html
    assert "<li>Belgium</li>" in html
    assert '<a href="https://www.nato.int/" rel="noopener noreferrer">NATO</a>' in html


def test_a_heading_in_a_section_ranks_below_the_sections_own():
    assert render("# Founding members").startswith("<h3")


def test_the_about_page_shows_the_sections_in_order_in_the_readers_language(client, cior):
    section(cior, slug="purpose", title_en="Purpose", title_fr="Mission", position=2)
    section(cior, title_fr="Histoire", body_fr="Fondée en **1948**.", position=1)
    english = client.get("/about/cior/").content.decode()
    assert english.index('id="history"') < english.index('id="purpose"')
    assert "Founded in 1948." in english
    french = client.get("/fr/about/cior/").content.decode()
    assert "Histoire" in french
    assert "Fondée en <strong>1948</strong>." in french
    # A section not yet written in French is shown in English there.
    assert "Purpose" not in french
    assert "Mission" in french


def test_a_script_typed_in_the_admin_never_reaches_the_page(client, cior):
    section(cior, body_en="Our history.<script>document.location='https://evil.example'</script>")
    page = client.get("/about/cior/").content.decode()
    assert "Our history." in page
    assert "evil.example" not in page


def test_an_unknown_confederation_has_no_about_page(client, cior):
    assert client.get("/about/nrfc/").status_code == 404


def test_the_about_page_shows_the_public_texts_and_the_coat_of_arms_only(client, cior, ciomr):
    document(cior, title_en="Constitution")
    document(cior, kind=DocumentKind.IMAGE, title_en="Coat of arms")
    document(cior, kind=DocumentKind.MEETING_PAPER, title_en="Budget", access=Access.COUNCIL)
    document(ciomr, title_en="CIOMR Constitution")
    page = client.get("/about/cior/").content.decode()
    assert "Constitution" in page
    assert "CIOMR Constitution" not in page
    assert "Budget" not in page
    arms = cior.documents.get(kind=DocumentKind.IMAGE)
    assert f'<img class="figure-img img-fluid" src="{arms.get_absolute_url()}"' in page


def test_without_a_coat_of_arms_the_page_shows_no_image(client, cior):
    assert "<img" not in client.get("/about/cior/").content.decode()


def test_the_about_pages_take_a_fixed_number_of_queries(client, cior, ciomr):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    section(cior)
    document(cior)
    baseline = {url: queries(url) for url in ["/about/", "/about/cior/"]}
    for number in range(5):
        section(cior, slug=f"part-{number}", title_en=f"Part {number}")
        section(ciomr, slug=f"part-{number}", title_en=f"Part {number}")
        document(cior, title_en=f"Text {number}")
    assert {url: queries(url) for url in baseline} == baseline
    assert baseline == {"/about/": 2, "/about/cior/": 4}


def test_the_contact_page_gives_each_secretariats_address_and_email(client, cior, ciomr):
    cior.postal_address = "CIOR Secretariat\nRue de l'Exemple 1\n1000 Brussels"
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    page = client.get("/contact/").content.decode()
    assert 'id="cior"' in page
    assert 'id="ciomr"' in page
    assert "CIOR Secretariat<br>Rue de l&#x27;Exemple 1<br>1000 Brussels" in page
    assert '<a href="mailto:secretariat@cior.example">' in page
    assert "The secretariat has not given its address yet." in page  # CIOMR's


@pytest.mark.parametrize("url", ["/privacy/", "/fr/privacy/"])
def test_the_privacy_notice_says_what_is_kept_why_how_long_and_whom_to_ask(client, cior, url):
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    page = client.get(url).content.decode()
    for english, french in [
        ("Officers and delegates", "Officiers et délégués"),
        ("For how long:", "Durée de conservation"),
        ("Applicants", "Associations candidates"),
        ("whom to ask", "à qui vous adresser"),
    ]:
        assert (english if url == "/privacy/" else french) in page
    assert "mailto:secretariat@cior.example" in page


@pytest.mark.parametrize("url", ["/", "/nations/", "/events/", "/about/cior/"])
def test_every_page_leads_to_about_contact_and_privacy_from_its_footer(client, cior, url):
    footer = client.get(url).content.decode().split("<footer")[1]
    for link in ["/about/", "/documents/", "/contact/", "/privacy/"]:
        assert f'href="{link}"' in footer


def test_no_two_elements_of_the_about_page_share_an_id(client, cior):
    section(cior, body_en="# History\n\nOf the founding.")
    section(cior, slug="purpose", title_en="Purpose", body_en="# History\n\nOf the aims.")
    page = client.get("/about/cior/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(ids)


def test_a_section_may_not_take_an_id_the_page_uses(secretariat_client, cior):
    response = secretariat_client.post(
        "/admin/about/section/add/",
        {"confederation": cior.pk, "slug": "content", "position": 1, "title_en": "Content",
         "body_en": "Text."},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "The page uses “content” itself: choose another."
    ]
    assert not Section.objects.exists()

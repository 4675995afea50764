"""Reads of the about pages; each a fixed number of queries."""

from django.db.models import Prefetch

from documents.models import Document, DocumentKind
from documents.selectors import public_texts_of
from members.models import Confederation

from .models import Section


def confederations_with_sections() -> list[Confederation]:
    """Every confederation with its sections in order (2 queries)."""
    return list(
        Confederation.objects.prefetch_related(
            Prefetch("about_sections", queryset=Section.objects.order_by("position", "pk"))
        )
    )


def confederation_by_code(code: str) -> Confederation:
    """Raises Confederation.DoesNotExist."""
    return Confederation.objects.get(code=code)


def sections_of(confederation: Confederation) -> list[Section]:
    return list(confederation.about_sections.all())  # in Meta.ordering's order


def images_and_texts_of(confederation: Confederation) -> tuple[list[Document], list[Document]]:
    """The confederation's public images (a coat of arms, shown) and its other public
    documents (listed), 2 queries."""
    documents = public_texts_of(confederation.pk)
    images = [d for d in documents if d.kind == DocumentKind.IMAGE]
    return images, [d for d in documents if d.kind != DocumentKind.IMAGE]

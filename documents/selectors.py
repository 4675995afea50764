"""Reads of the library. Each makes a fixed number of queries, however many documents."""

from django.db.models import F, Prefetch, QuerySet

from .models import Access, Document, Version


def with_current_version(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related("confederation", "event").prefetch_related(
        Prefetch("versions", queryset=Version.objects.filter(is_current=True), to_attr="current")
    )


def public_library() -> QuerySet[Document]:
    """The public documents that have a file, by confederation and kind (2 queries)."""
    return with_current_version(Document.objects.public()).order_by(
        "confederation__position", "kind", "title_en"
    )


def public_papers_of(event) -> list[Document]:
    """The meeting's documents open to everyone, by kind (2 queries)."""
    return list(with_current_version(event.documents.public()).order_by("kind", "title_en"))


def council_papers(confederation_ids: list[int]) -> list[Document]:
    """The council's documents of these confederations, the latest meeting's first,
    each with its current version's size as `size` (1 query): what a head of
    delegation reads before a session."""
    return list(
        Document.objects.filter(
            access=Access.COUNCIL,
            confederation__in=confederation_ids,
            versions__is_current=True,
        )
        # The one current version (one_current_version_per_document), from the join
        # the filter made: no prefetch of the versions.
        .annotate(size=F("versions__size"))
        .select_related("confederation", "event")
        .only(
            "title_en", "title_fr", "confederation__acronym", "event__title_en",
            "event__title_fr",
        )
        .order_by("-event__starts_on", "kind", "title_en")
    )  # fmt: skip


def public_texts_of(confederation_id: int) -> list[Document]:
    """A confederation's public documents that belong to no meeting, by kind: its
    official texts, its anthem's music sheet, its images (2 queries)."""
    return list(
        with_current_version(
            Document.objects.public().filter(confederation=confederation_id, event__isnull=True)
        ).order_by("kind", "title_en")
    )

"""Reads of the about pages; each a fixed number of queries."""

from django.db.models import Prefetch

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
    return list(confederation.about_sections.order_by("position", "pk"))

"""The only way HR-facing numbers leave the system: small-cell suppression over a tree of segments.

Rules (DESIGN.md §3), applied top-down over a tree whose children are disjoint parts of their parent:
- a cell is shown only when it counts at least k distinct people;
- complement: a segment is shown only if the rest of its parent also counts at least k;
- secondary suppression: once any sibling is hidden, the next smallest are hidden too until the hidden
  siblings together count at least k; people counted directly in a parent (in no child) are protected the
  same way, so "parent minus its shown children" is always 0 or at least k;
- every part of a hidden segment is hidden.
Hidden cells read "hidden to protect privacy", never 0. k is 5, or 10 for sensitive themes and free text;
settings can raise both, never lower them.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

HIDDEN_TEXT = _("hidden to protect privacy")
FLOOR = 5
FLOOR_SENSITIVE = 10


def min_cohort(*, sensitive: bool = False, free_text: bool = False) -> int:
    """The k in force: the settings may raise it above the floors, never below."""
    if sensitive or free_text:
        return max(FLOOR_SENSITIVE, getattr(settings, "DISCLOSURE_MIN_COHORT_SENSITIVE", FLOOR_SENSITIVE))
    return max(FLOOR, getattr(settings, "DISCLOSURE_MIN_COHORT", FLOOR))


@dataclass
class Segment:
    """A group of people, e.g. an org unit: `count` distinct people in it and all its children together."""

    key: str
    label: str
    count: int
    children: list["Segment"] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    depth: int
    value: int | None  # None when hidden

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return str(HIDDEN_TEXT) if self.value is None else f"{self.value:,}"


def disclose(root: Segment, *, k: int) -> list[Cell]:
    """Every segment of the tree, in depth-first order, with its count or hidden."""
    if k < FLOOR:
        raise ValueError(f"k must be at least {FLOOR}")
    cells: list[Cell] = []

    def visit(segment: Segment, shown: bool, depth: int) -> None:
        cells.append(Cell(segment.key, segment.label, depth, segment.count if shown else None))
        shown_children = _shown_children(segment, k) if shown else set()
        for child in segment.children:
            visit(child, id(child) in shown_children, depth + 1)

    visit(root, root.count >= k, 0)
    return cells


def _shown_children(parent: Segment, k: int) -> set[int]:
    shown = [c for c in parent.children if c.count >= k and parent.count - c.count >= k]
    hidden_total = sum(c.count for c in parent.children) - sum(c.count for c in shown)
    any_hidden = len(shown) < len(parent.children)
    direct = parent.count - sum(c.count for c in parent.children)  # people in the parent but no child
    while shown and ((any_hidden and hidden_total < k) or (not any_hidden and 0 < direct < k)):
        smallest = min(shown, key=lambda c: c.count)
        shown.remove(smallest)
        hidden_total += smallest.count
        any_hidden = True
    return {id(c) for c in shown}


def hidden_count(cells: list[Cell]) -> int:
    """How many cells were hidden; recorded with every dashboard view and export."""
    return sum(cell.hidden for cell in cells)


@dataclass(frozen=True)
class Period:
    """A fixed calendar month or quarter: the only periods aggregates are cut by."""

    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), f"{year}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1 to 4.")
        first_month = 3 * quarter - 2
        last = calendar.monthrange(year, first_month + 2)[1]
        return cls(date(year, first_month, 1), date(year, first_month + 2, last), f"{year}-Q{quarter}")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """ "2026-11" or "2026-Q4"; anything else (an arbitrary date range) is refused."""
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            month = int(match.group(2))
            if 1 <= month <= 12:
                return cls.month(int(match.group(1)), month)
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.I):
            return cls.quarter(int(match.group(1)), int(match.group(2)))
        raise ValueError(f"Not a calendar month or quarter: {text!r}")

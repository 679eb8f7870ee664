"""An address that is a venue's name: a shop inside an airport, a hotel, a casino or a mall
may print under its name no street, town or postcode, only the venue it stands in (``OAKLAND INTL AIRPORT``).
:func:`find_address_or_venue` is the ``address`` block kind: the address block of
:func:`docextract.locate.finder.find_address_block`, and where the page has none, such a venue's row.

A venue's row (:func:`venue_row`) is one of the three rows under the organisation's name, before a phone,
a tax number, a heading, a date or an amount: letters only (no house number, order or cashier number),
no trade word or legal form (the name's second line: ``CALIFORNIA PIZZA KITCHEN``), and a venue's word
(the lexicons' ``[venues]``: ``airport``, ``casino`` ...).
"""

from __future__ import annotations

import re

from .data import LexiconRegex, pattern
from .locate.blocks import repair_text
from .locate.finder import candidate, find_address_block
from .locate.lexicon import ORG_SUFFIX_RE, is_stop_line, org_score
from .locate.readings import tidy_address
from .locate.values import find_amounts
from .normalize.date_spans import find_dates

__all__ = ["find_address_or_venue", "venue_row"]

_VENUE = LexiconRegex(lambda: rf"\b{pattern('venues')}\b", re.I)


def venue_row(page, after_row: int, max_rows: int = 3) -> int | None:
    """The row of a venue under the name (rows up to ``after_row``), or None (see the module)."""
    if after_row < 0:
        return None
    for r in range(after_row + 1, min(len(page.rows), after_row + 1 + max_rows)):
        t = repair_text(page.row_text(r))
        if is_stop_line(t) or find_dates(t) or find_amounts(t):
            return None
        if re.search(r"\d", t) or ORG_SUFFIX_RE.search(t) or org_score(t) >= 1:
            continue
        if _VENUE.search(t):
            return r
    return None


def find_address_or_venue(pages, spec, hints: dict, found: dict, state: dict):
    """The ``address`` kind: the address block, else the row of the venue the shop stands in (see the module)."""
    cand = find_address_block(pages, spec, hints, found, state)
    if cand is not None:
        return cand
    for page in pages:
        r = venue_row(page, state.get("org_rows", {}).get(page.page, [-1])[-1])
        if r is not None:
            cand = candidate(page, [(i, 0, len(page.lines[i].text)) for i in page.rows[r]], source="hint", factor=0.6)
            cand.raw = tidy_address(repair_text(cand.raw))
            return cand
    return None

"""Block kinds: what a field's ``hints: kind:`` names — an organisation's name, a postal address,
the machine-readable zone, a person's name — found by its look on the page rather than next to a label.

An open registry like the engines' and the checks': a name maps to a ``"module:function"`` string
(imported only when first used) or to a function, ``fn(pages, spec, hints, found, state)`` returning
a :class:`~docextract.types.FieldCandidate` or None (``pages``: the page layouts of
:func:`docextract.locate.finder.page_layouts`; ``found``: the fields found so far; ``state``: a
dict shared by the fields of one document). A user adds a kind without touching docextract::

    @block_kind("iban_block")
    def iban_block(pages, spec, hints, found, state): ...

and names it in a schema (``hints: {kind: iban_block}``); schemas are checked against the registry.

>>> sorted(KINDS)
['address', 'mrz', 'organisation', 'person_name']
>>> kind_finder("organisation").__name__
'find_organisation_block'
>>> kind_finder("nope")
Traceback (most recent call last):
...
KeyError: "unknown block kind 'nope'; known kinds: address, mrz, organisation, person_name"
"""

from __future__ import annotations

from typing import Callable

from .fieldtypes import resolve

__all__ = ["KINDS", "block_kind", "register_kind", "kind_finder"]

#: kind name → ``"module:function"`` or the function itself
KINDS: dict[str, str | Callable] = {
    "organisation": "docextract.locate.finder:find_organisation_block",
    "address": "docextract.venue:find_address_or_venue",
    "mrz": "docextract.locate.finder:find_mrz_block",
    "person_name": "docextract.person:find_person_name",
}


def register_kind(name: str, target: str | Callable) -> None:
    """Add (or replace) a block kind: ``register_kind("mine", "mypkg.blocks:find_mine")``."""
    KINDS[name] = target


def block_kind(name: str) -> Callable[[Callable], Callable]:
    """Decorator: register the function as block kind ``name``."""
    def deco(fn: Callable) -> Callable:
        register_kind(name, fn)
        return fn
    return deco


def kind_finder(name: str) -> Callable:
    """The function of kind ``name`` (imported on first use); ``KeyError`` naming the known kinds."""
    target = KINDS.get(name)
    if target is None:
        raise KeyError(f"unknown block kind {name!r}; known kinds: {', '.join(sorted(KINDS))}")
    if isinstance(target, str):
        target = KINDS[name] = resolve(target)
    return target

"""The date order a page shows: its unambiguous numeric dates first, then its currency marks.

Used when neither the schema nor the call fixes ``day_first``. An unambiguous date decides the
rest of the page (``25/12/2018`` can only be day first); otherwise the currency marks printed
beside amounts name a country whose order is known (``docextract/data/locales.yaml``). The answer
carries its reason, shown in the result.

>>> page_date_order(["TOTAL $ 12.50", "05/03/2018"])
(False, "month first: the page's currency mark '$' (us)")
>>> page_date_order(["FULLERTON, CA 92831", "05/03/2018"])
(False, "month first: the page's 'CA 92831' (us)")
>>> page_date_order(["RM 9.00", "05/03/2018 10:21"])
(True, "day first: the page's currency mark 'RM' (my)")
>>> page_date_order(["$ 3.00", "12/30/2016", "01/02/2017"])
(False, 'month first: the page prints 12/30/2016, which only reads month first')
>>> page_date_order(["Invoice No: SP-11-18/06/04-1016", "RM 3.00"])[0]     # a code is no date
True
>>> page_date_order(["no date"])
(None, '')
"""

from __future__ import annotations

import functools
import re

from ..data import LexiconRegex, lexicon_folders

__all__ = ["page_date_order", "page_country", "choose_lexicons", "read_with_lexicons", "locales", "currency_marks",
           "currency_mark", "mark_currencies", "currency_regex"]

#: d/m/y or m/d/y, one separator used twice, not inside a longer code (SP-11-18/06/04-1016)
_NUMERIC = re.compile(r"(?<![\w.\-/])(\d{1,2})([./\-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\w\-/])")


def locales() -> dict[str, dict]:
    """``{country: {currency, marks, day_first}}`` from the package's ``locales.yaml``, then from
    a ``locales.yaml`` in each folder of ``DOCEXTRACT_LEXICONS`` (a user's countries); read once
    per set of folders. A user's file that is no such mapping is a ``SchemaError`` naming it.

    >>> locales()["my"]["marks"], locales()["cn"].get("day_first")
    (['RM', 'MYR'], None)
    """
    return _locales(lexicon_folders())


@functools.lru_cache(maxsize=8)
def _locales(folders: str) -> dict[str, dict]:
    from importlib.resources import files

    import yaml

    from ..data import user_files
    from ..yamlload import load_yaml

    out = yaml.safe_load(files("docextract.data").joinpath("locales.yaml").read_text(encoding="utf-8"))
    for path in user_files("locales.yaml"):
        out.update(_checked(load_yaml(path.read_text(encoding="utf-8"), str(path)), str(path)))
    return out


def _checked(data, path: str) -> dict:
    """``data`` (a user's locales.yaml) when every entry has the shape the readers expect."""
    from ..errors import SchemaError

    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SchemaError("must map country codes to {currency: CHF, marks: [CHF, Fr.], day_first: true}", file=path)
    for code, entry in data.items():
        problem = _problem(entry)
        if problem:
            raise SchemaError(f"{code!r}: {problem}", file=path, line=getattr(data, "line_of", lambda k: None)(code))
    return data


def _problem(e) -> str | None:
    if not isinstance(e, dict):
        return "an entry must be a mapping such as {currency: CHF, marks: [CHF, Fr.], day_first: true}"
    marks, signs = e.get("marks", []), e.get("signs", [])
    if not isinstance(marks, list) or not all(isinstance(m, str) and 0 < len(m.strip()) == len(m) <= 12 for m in marks):
        return "marks must be a list of short texts without spaces around them ([CHF, Fr.])"
    if not re.fullmatch(r"[A-Z]{3}", str(e.get("currency", "XXX"))):
        return "currency must be an ISO 4217 code (CHF)"
    if not isinstance(e.get("day_first"), (bool, type(None))):
        return "day_first must be true or false"
    if not isinstance(e.get("lexicon", ""), (str, type(None))):
        return "lexicon must name a lexicon file (my for lexicon_my.txt)"
    if not isinstance(signs, list) or not all(isinstance(x, str) and _compiles(x) for x in signs):
        return "signs must be a list of regular expressions"
    return None


def _compiles(expression: str) -> bool:
    try:
        re.compile(expression)
    except re.error:
        return False
    return True


def currency_marks() -> tuple[str, ...]:
    """Every currency mark of ``locales.yaml`` (built-in and the user's), longest first.

    >>> marks = currency_marks(); "RM" in marks, marks.index("S$") < marks.index("$")
    (True, True)
    """
    return _marks(lexicon_folders())


@functools.lru_cache(maxsize=8)
def _marks(folders: str) -> tuple[str, ...]:
    marks = {m for e in _locales(folders).values() for m in e.get("marks", ())}
    return tuple(sorted(marks, key=lambda m: (-len(m), m)))


def mark_currencies() -> dict[str, str]:
    """``{mark, case-folded: ISO code}`` of the countries whose marks they are (the last one named wins).

    >>> mark_currencies()["rs."], mark_currencies()["¥"]
    ('INR', 'CNY')
    """
    return _mark_currencies(lexicon_folders())


@functools.lru_cache(maxsize=8)
def _mark_currencies(folders: str) -> dict[str, str]:
    return {m.casefold(): e["currency"] for e in _locales(folders).values() if e.get("currency")
            for m in e.get("marks", ())}


def currency_regex(template: str, flags: int = 0) -> LexiconRegex:
    r"""A regular expression whose ``{marks}`` stands for any currency mark (:func:`currency_marks`,
    longest first, not inside a word: ``$`` is not the end of ``S$``, ``RM`` not the start of
    ``RMX``), compiled once per set of user folders (a :class:`~docextract.data.LexiconRegex`).

    >>> amount = currency_regex(r"{marks}\s*\d+\.\d\d", re.I)
    >>> amount.search("Total S$ 12.50").group(), amount.search("FARM 1.00"), amount.search("rs. 3.00").group()
    ('S$ 12.50', None, 'rs. 3.00')
    """
    def build() -> str:
        marks = "|".join(re.escape(m) for m in currency_marks()) or "(?!)"
        return template.replace("{marks}", rf"(?<![A-Za-z$])(?:{marks})(?![A-Za-z])")
    return LexiconRegex(build, flags)


def currency_mark(text) -> str | None:
    """The first currency mark printed in ``text`` (None when none, or ``text`` is no string).

    >>> currency_mark("TOTAL RM9.00"), currency_mark("FARM"), currency_mark("US$ 5"), currency_mark(None)
    ('RM', None, 'US$', None)
    """
    m = _MARK.search(text) if isinstance(text, str) else None
    return m.group() if m else None


_MARK = currency_regex("{marks}")


def page_date_order(texts: list[str]) -> tuple[bool | None, str]:
    """``(day_first, reason)`` the page's texts show, or ``(None, "")`` when they show nothing."""
    votes = {True: [], False: []}
    for text in texts:
        for m in _NUMERIC.finditer(text or ""):
            a, b = int(m.group(1)), int(m.group(3))
            if a > 12 >= b >= 1:
                votes[True].append(m.group())
            elif b > 12 >= a >= 1 and b <= 31:
                votes[False].append(m.group())
    if votes[True] or votes[False]:
        order = len(votes[True]) >= len(votes[False])
        return order, (f"{'day' if order else 'month'} first: the page prints {votes[order][0]}, "
                       f"which only reads {'day' if order else 'month'} first")
    code, sign = page_country(texts, dated=True)
    if code is None:
        return None, ""
    order = bool(locales()[code]["day_first"])
    return order, f"{'day' if order else 'month'} first: the page's {sign} ({code})"


def page_country(texts: list[str], *, dated: bool = False) -> tuple[str | None, str]:
    """``(country, its first sign)`` the page's currency marks and other signs (``locales.yaml``)
    name in the most kinds (then most often), or ``(None, "")``; ``dated``: only countries with a
    known date order.

    >>> page_country(["RM 9.00", "TOTAL RM 9.00"]), page_country(["Paris"])
    (('my', "currency mark 'RM'"), (None, ''))
    """
    counts: dict[str, list[str]] = {}     # country → the signs of it the page shows
    by_mark = {m: code for code, e in locales().items() for m in e.get("marks", ())}
    for text in texts:
        for m in _MARK.finditer(text or ""):
            counts.setdefault(by_mark[m.group()], []).append(f"currency mark {m.group()!r}")
        for code, e in locales().items():
            for sign in e.get("signs", ()):
                for m in re.finditer(sign, text or ""):
                    counts.setdefault(code, []).append(f"{m.group()!r}")
    counts = {c: v for c, v in counts.items() if not dated or locales()[c].get("day_first") is not None}
    if not counts:
        return None, ""
    code = max(counts, key=lambda c: (len(set(counts[c])), len(counts[c])))
    return code, counts[code][0]


def choose_lexicons(field, schema, texts: list[str]) -> tuple[tuple[str, ...] | None, str]:
    """``(lexicons, reason)`` a field is read with: those its ``hints: lexicon:`` names, else the
    schema's, else the country the page's signs name when it has a lexicon file, else ``(None, "")``
    (every lexicon). Names that are no lexicon file (``cn_names``) are not lexicons.

    >>> choose_lexicons(["cn_names"], ["us"], [])
    (('us',), "lexicon us: the schema's hints.lexicon")
    >>> choose_lexicons(None, None, ["TOTAL RM 9.00"]), choose_lexicons(None, None, ["S$ 4.00"])[0]
    ((('my',), "lexicon my: the page's currency mark 'RM' (my)"), ('my',))
    >>> choose_lexicons(None, None, ["TOTAL ¥ 9.00"])
    (None, '')
    """
    from ..data import lexicon_names

    for asked, whose in ((field, "field's"), (schema, "schema's")):
        asked = [x for x in asked or () if x in lexicon_names()]
        if asked:
            return tuple(asked), f"lexicon {', '.join(asked)}: the {whose} hints.lexicon"
    code, sign = _page_country(tuple(t or "" for t in texts), lexicon_folders())
    lexicon = locales()[code].get("lexicon", code) if code else None
    if lexicon not in lexicon_names():
        return None, ""
    return (lexicon,), f"lexicon {lexicon}: the page's {sign} ({code})"


def read_with_lexicons(field, schema, texts: list[str]) -> dict:
    """:func:`choose_lexicons`, read with from now on in this context (the field finder calls it per
    field, inside :func:`docextract.data.lexicon_scope`); ``{"lexicon", "why"}`` of a choice, else {}.

    >>> from docextract.data import lexicon_scope
    >>> lexicon_scope(read_with_lexicons)(None, ["us"], [])
    {'lexicon': ('us',), 'why': "lexicon us: the schema's hints.lexicon"}
    """
    from ..data import use_lexicons

    chosen, why = choose_lexicons(field, schema, texts)
    use_lexicons(chosen)
    return {"lexicon": chosen, "why": why} if chosen else {}


@functools.lru_cache(maxsize=16)
def _page_country(texts: tuple[str, ...], folders: str) -> tuple[str | None, str]:
    """:func:`page_country`, cached per page and set of user folders (their ``locales.yaml``)."""
    return page_country(list(texts))

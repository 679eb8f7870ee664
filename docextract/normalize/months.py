"""Month names as printed (``months.yaml``: every language's, then the user's) and as the OCR misreads
them: a letter read as the digit it looks like (``Ju103'12``), in long names one read as a look-alike
letter (``Harch``), and three-letter names with a look-alike letter that stand only between a day and
a year (``12 War 18``); the look-alikes are ``look_alike.json``'s.

>>> month_names()["mars"], misread_month_names()["ju1"], framed_month_names()["war"]
(3, 'jul', 'mar')
"""

from __future__ import annotations

import functools
import re

__all__ = ["month_names", "misread_month_names", "framed_month_names"]


@functools.lru_cache(maxsize=None)   # with and without the misread names
def month_names(misread: bool = False) -> dict[str, int]:
    """``{name: month number}`` of every language in the package's ``months.yaml``, then in a
    ``months.yaml`` in each of the user's lexicon folders (``DOCEXTRACT_LEXICONS``, read once per
    process), lower case; ``misread``: with the names as the OCR misreads them too
    (:func:`misread_month_names`).

    >>> month_names()["juin"], month_names()["dic"], month_names()["sept"], month_names(misread=True)["ju1"]
    (6, 12, 9, 7)
    """
    from importlib.resources import files

    import yaml

    from ..data import user_files
    from ..errors import SchemaError
    from ..yamlload import load_yaml

    out: dict[str, int] = {}
    tables = [("months.yaml", yaml.safe_load(files("docextract.data").joinpath("months.yaml").read_text("utf-8")))]
    tables += [(str(p), load_yaml(p.read_text("utf-8"), str(p)) or {}) for p in user_files("months.yaml")]
    for path, by_language in tables:
        for lang, by_number in by_language.items():
            if not isinstance(by_number, dict) or not all(
                    isinstance(n, int) and 1 <= n <= 12 and isinstance(v, list)
                    and all(isinstance(w, str) and len(re.sub(r"[\W\d_]", "", w)) >= 2 for w in v)
                    for n, v in by_number.items()):
                line = f", line {by_language.line_of(lang)}" if hasattr(by_language, "line_of") else ""
                raise SchemaError(f"{path}{line}: {lang!r} must map month numbers 1-12 to lists of names "
                                  "(two letters or more)")
            out.update({str(name).lower(): number for number, names in by_number.items() for name in names})
    return {**out, **{wrong: out[name] for wrong, name in misread_month_names().items()}} if misread else out


@functools.lru_cache(maxsize=1)
def misread_month_names() -> dict[str, str]:
    """``{misread: name}``: month names as OCR misreads them (``look_alike.json``): one letter after
    the first read as the digit it looks like (``digit_letters``: ``Ju103'12`` is ``Jul03'12``), or,
    in names of five letters or more, one letter read as a look-alike letter (``letters``:
    ``Harch 27th 2018``); never another month's name.

    >>> misread_month_names()["ju1"], misread_month_names()["n0v"], "0ct" in misread_month_names()
    ('jul', 'nov', False)
    >>> misread_month_names()["harch"], "octubre" in misread_month_names(), "hay" in misread_month_names()
    ('march', False, False)
    """
    from ..data import look_alike

    table = look_alike()
    names = month_names()   # a name whose last letter is misread must not end in a name (JUL17 is no "juli 7")
    as_digit = {c.lower(): digit for digit, letters in table["digit_letters"].items() for c in letters}
    out = {name[:k] + as_digit[c] + name[k + 1:]: name for name in names for k, c in enumerate(name)
           if k and c in as_digit and not (k == len(name) - 1 and name[:k] in names)}
    pairs = {(a.lower(), b.lower()) for p in table["letters"] for a, b in (p, p[::-1])}
    lettered = {name[:k] + b + name[k + 1:]: name for name in names if len(name) >= 5
                for k, c in enumerate(name) for a, b in pairs if a == c}
    return {**{w: n for w, n in lettered.items() if w not in names}, **out}


@functools.lru_cache(maxsize=1)
def framed_month_names() -> dict[str, str]:
    """``{misread: name}`` for three-letter month names with one letter read as a look-alike letter
    (``look_alike.json``: ``War`` is ``Mar``), never a word that is a month's name or starts one; they
    are taken only between a day and a year (``12 War 18``), where nothing else can stand.

    >>> names = framed_month_names()
    >>> names["war"], names["nar"], "jun" in names, "jan" in names
    ('mar', 'mar', False, False)
    """
    from ..data import look_alike

    names = month_names()
    pairs = {(a.lower(), b.lower()) for p in look_alike()["letters"] for a, b in (p, p[::-1])}
    out = {name[:k] + b + name[k + 1:]: name for name in names if len(name) == 3 and name.isascii()
           for k, c in enumerate(name) for a, b in pairs if a == c}
    return {w: n for w, n in out.items() if not any(m.startswith(w) for m in names)}

"""Domain knowledge as data: the word lists the CPU engine's field finder reads, one file per locale.

``lexicon_<locale>.txt`` (``any``, ``my``, ``us``, ``cn`` …) hold ``[section]`` lists — legal forms,
trade words, street words, places, headings, ethnic groups, surnames, watermark characters; the
format is described at the top of ``lexicon_any.txt``. Files in the folders named by the environment
variable ``DOCEXTRACT_LEXICONS`` (separated by ``os.pathsep``) are read too, after the built-in ones:
a user adds a country's words without touching code (see docs/schemas.md, "Adding a locale").
``locales.yaml`` maps currency marks to a country's date order; ``words_*.txt`` are spelling lists.

Which lexicons count is chosen per page and field (``hints: lexicon: [us]`` or what the page shows,
see :func:`docextract.normalize.locale.choose_lexicons`): :func:`use_lexicons` sets the choice for
the current context, and :func:`terms`, :func:`pattern` and :class:`LexiconRegex` follow it;
``any`` is always in. With no choice every file counts.

>>> "sdn. bhd" in terms("legal_forms"), "汉" in terms("ethnic_groups")
(True, True)
>>> import re; bool(re.fullmatch(pattern("legal_forms"), "SDN.BHD", re.I))
True
>>> "sdn. bhd" in terms("legal_forms", locales=("us",)), "my" in lexicon_names()
(False, True)
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
from pathlib import Path
from typing import Callable

__all__ = ["lexicon_files", "user_files", "lexicon_folders",
           "lexicon_names", "terms", "look_alike", "digit_lookalikes", "pattern", "to_regex", "use_lexicons",
           "active_lexicons", "lexicon_scope", "LexiconRegex", "rewrites", "vocabulary", "WORD_LISTS", "word_list",
           "in_word_lists"]

#: the lexicons chosen for what is being read now (None: every one)
_ACTIVE: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("docextract_lexicons",
                                                                                  default=None)
#: set only while a LexiconRegex is built: the lexicons terms() and pattern() read then
_BUILDING: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("docextract_lexicons_build",
                                                                                    default=None)


def user_files(name: str) -> list[Path]:
    """The files called ``name`` in the user's lexicon folders (``DOCEXTRACT_LEXICONS``), in order."""
    return [p for p in (Path(f) / name for f in lexicon_folders().split(os.pathsep) if f) if p.is_file()]


def lexicon_files() -> list[tuple[str, str]]:
    """``(locale, text)`` of every lexicon file: the built-in ones, then the user's."""
    from importlib import resources

    out = []
    for entry in sorted(resources.files("docextract.data").iterdir(), key=lambda p: p.name):
        if entry.name.startswith("lexicon_") and entry.name.endswith(".txt"):
            out.append((entry.name[8:-4], entry.read_text(encoding="utf-8")))
    for folder in filter(None, lexicon_folders().split(os.pathsep)):
        for path in sorted(Path(folder).glob("lexicon_*.txt")):
            out.append((path.stem[8:], path.read_text(encoding="utf-8")))
    return out


@functools.cache
def _sections(key: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """``{locale: {section: entries}}`` of every file (``key``: the user folders, for the cache)."""
    out: dict[str, dict[str, list[str]]] = {}
    for locale, text in lexicon_files():
        sections = out.setdefault(locale, {})
        current = None
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[([a-z_]+)\]", line)
            if m:
                current = sections.setdefault(m.group(1), [])
            elif current is not None and line not in current:
                current.append(line)
    return {loc: {k: tuple(v) for k, v in s.items()} for loc, s in out.items()}


def lexicon_folders() -> str:
    """The user's lexicon folders as set now (``DOCEXTRACT_LEXICONS``): the key of every cache of
    what those folders hold."""
    return os.environ.get("DOCEXTRACT_LEXICONS", "")


def lexicon_names() -> tuple[str, ...]:
    """The locales that have a lexicon file (built-in and the user's)."""
    return tuple(_sections(lexicon_folders()))


def active_lexicons() -> tuple[str, ...] | None:
    """The lexicons chosen for the current context (None: every one)."""
    return _ACTIVE.get()


def use_lexicons(locales) -> contextvars.Token:
    """Choose the lexicons read from now on in this context (``any`` is always read; None: all).

    >>> token = use_lexicons(["us"]); active_lexicons(), "sdn. bhd" in terms("legal_forms", locales=active_lexicons())
    (('any', 'us'), False)
    >>> _ACTIVE.reset(token); active_lexicons() is None
    True
    """
    chosen = None if locales is None else tuple(dict.fromkeys(("any", *locales)))
    return _ACTIVE.set(chosen)


def lexicon_scope(fn: Callable) -> Callable:
    """``fn`` run in a copy of the current context: the lexicons it chooses end with the call."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        return contextvars.copy_context().run(fn, *args, **kwargs)
    return run


def terms(section: str, *, locales=None) -> tuple[str, ...]:
    """The entries of ``section`` in the lexicon files ``locales`` names (always with ``any``), else
    in every file (in file order, each once). Only a :class:`LexiconRegex` follows the page's
    choice by itself: a list read and cached elsewhere never depends on the page it was first read for."""
    chosen = locales if locales is not None else _BUILDING.get()
    if chosen is not None and "any" not in chosen:
        chosen = ("any", *chosen)
    out: dict[str, None] = {}
    for locale, sections in _sections(lexicon_folders()).items():
        if chosen is None or locale in chosen:
            out.update(dict.fromkeys(sections.get(section, ())))
    return tuple(out)


@functools.cache
@functools.cache
def digit_lookalikes() -> dict[str, str]:
    """Each digit -> the digits it is read for or read as (look_alike.json ``digit_lookalikes``, either way).

    >>> digit_lookalikes()["6"], "8" in digit_lookalikes()["0"]
    ('058', True)
    """
    out: dict[str, set[str]] = {}
    for d, others in look_alike().get("digit_lookalikes", {}).items():
        for o in others:
            out.setdefault(d, set()).add(o)
            out.setdefault(o, set()).add(d)
    return {d: "".join(sorted(s - {d})) for d, s in out.items()}


@functools.cache
def look_alike() -> dict:
    """The recogniser's confusions (``look_alike.json``): letter pairs, digits read for letters and
    letters for digits, letter clusters, check-letter look-alikes. Read once; callers only read it.

    >>> look_alike()["digit_reads"]["O"], ["RN", "M"] in look_alike()["letter_clusters"]
    ('0', True)
    """
    import json
    from importlib import resources

    return json.loads(resources.files("docextract.data").joinpath("look_alike.json").read_text(encoding="utf-8"))


def to_regex(entry: str, *, refs: bool = True) -> str:
    """A lexicon entry as a regular expression (see the format in ``lexicon_any.txt``).

    >>> to_regex("sdn. bhd"), to_regex("kuala lumpur"), to_regex("s/b"), to_regex("re:CO\\\\.")
    ('sdn\\\\.?\\\\s*bhd', 'kuala\\\\s+lumpur', 's\\\\s*/\\\\s*b', 'CO\\\\.')

    In a regular expression ``{section}`` (a section's name) stands for that section's entries as one
    alternation, so a list several patterns share is written once (``re:,\\s*(?:{us_states})$``);
    an unknown section matches nothing, and references inside a referenced section are not followed.

    >>> to_regex(r"re:,\\s*(?:{us_states})\\d{5}").startswith(r",\\s*(?:(?:AL|AK|AZ|")
    True
    """
    if entry.startswith("re:"):
        if not refs:
            return entry[3:]
        return re.sub(r"\{([a-z][a-z_]*)\}", lambda m: pattern(m.group(1), refs=False), entry[3:])
    out = []
    for k, ch in enumerate(entry):
        space = r"\s*" if k and entry[k - 1] == "." else r"\s+"
        out.append({" ": space, ".": r"\.?", "/": r"\s*/\s*"}.get(ch, re.escape(ch)))
    return "".join(out)


def pattern(*sections: str, cjk: bool | None = None, locales=None, refs: bool = True) -> str:
    """The entries of ``sections`` as one alternation (in file order), without boundaries; with
    ``cjk`` True or False only the entries that do or do not hold a CJK character."""
    entries = list(dict.fromkeys(e for s in sections for e in terms(s, locales=locales)
                                 if cjk is None or cjk == bool(re.search(r"[\u3400-\u9fff]", e))))
    return "(?:" + "|".join(to_regex(e, refs=refs) for e in entries) + ")" if entries else "(?!)"


class LexiconRegex:
    """A regular expression built from lexicon sections, compiled once per choice of lexicons and
    following the context's choice (:func:`use_lexicons`); used like a compiled ``re.Pattern``.

    >>> places = LexiconRegex(lambda: rf"\\b{pattern('places')}\\b", re.I)
    >>> token = use_lexicons(["us"]); bool(places.search("JOHOR BAHRU")), bool(places.search("Toronto, ON M4M"))
    (False, True)
    >>> _ACTIVE.reset(token); bool(places.search("JOHOR BAHRU"))
    True
    """

    def __init__(self, build: Callable[[], str], flags: int = 0):
        self._build, self._flags = build, flags
        self._compiled: dict = {}

    @property
    def compiled(self) -> re.Pattern:
        key = (lexicon_folders(), _ACTIVE.get())
        rx = self._compiled.get(key)
        if rx is None:
            token = _BUILDING.set(key[1])
            try:
                rx = self._compiled[key] = re.compile(self._build(), self._flags)
            finally:
                _BUILDING.reset(token)
        return rx

    def __getattr__(self, name: str):          # search, match, findall, sub, finditer ...
        return getattr(self.compiled, name)


def rewrites(section: str) -> tuple[tuple[re.Pattern, str], ...]:
    """The ``pattern => replacement`` entries of ``section`` as compiled patterns and their
    replacements (``\\1`` refers to a group; nothing after ``=>`` deletes the match).

    >>> "99 SPEED MART S/B" in [p.sub(r, "99 SPEED MART 5/B") for p, r in rewrites("name_repairs")]
    True
    >>> rewrites("no_such_section")
    ()
    """
    out = []
    for entry in terms(section):
        left, _, right = entry.rpartition("=>")
        out.append((re.compile(to_regex(left.strip())), right.strip()))
    return tuple(out)


def vocabulary(spec, hints: dict) -> set[str]:
    """The words a field's value must be: its enum aliases, or the lexicon section its
    ``hints: lexicon: <locale>_<section>`` names (``cn_ethnic_groups`` → ``[ethnic_groups]``)."""
    words: set[str] = set()
    for aliases in (spec.values or {}).values():
        words.update(str(a) for a in (aliases or ()) if str(a).strip())
    lexicons = hints.get("lexicon") or ()     # a list once checked (hints: lexicon: [cn_ethnic_groups])
    for lexicon in [lexicons] if isinstance(lexicons, str) else lexicons:
        if "_" in str(lexicon):
            words.update(terms(str(lexicon).split("_", 1)[1]))
    return {w for w in words if len(w) >= 2 or not w.isascii()}   # one Latin letter fits anywhere


def _data_files() -> list:
    from importlib import resources

    return sorted(resources.files("docextract.data").iterdir(), key=lambda p: p.name)


#: the spelling lists (docextract.locate.spell), by name: (file, is a domain list); ``places_<locale>``
#: are written by scripts/build_place_words.py; ``page``: the place lists of the page's lexicons
WORD_LISTS = {"en": ("words_en.txt.gz", False), "my": ("words_my.txt", True), "page": ("", False),
              **{f.name[:-4]: (f.name, False) for f in _data_files() if re.fullmatch(r"places_[a-z]+\.txt", f.name)}}


def word_list(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """``(words, phrases)`` of a spelling list, upper-case; a phrase's words are among the words.
    ``page``: the place lists of the lexicons chosen now (:func:`use_lexicons`; none chosen: none).

    >>> token = use_lexicons(["us"]); "STILLWATER" in word_list("page")[0], "SHAH" in word_list("page")[0]
    (True, False)
    >>> _ACTIVE.reset(token); "SHAH ALAM" in word_list("my")[1], word_list("page")[0]
    (True, frozenset())
    """
    if name == "page":
        return _union(tuple(f"places_{c}" for c in active_lexicons() or () if f"places_{c}" in WORD_LISTS))
    return _read_words(name)


def in_word_lists(word: str, lists, *, domain: bool = False) -> bool:
    """Whether ``word`` (any case) is a word of one of ``lists`` (names of :data:`WORD_LISTS`, or ``page``;
    others are skipped), of its domain lists only with ``domain``.

    >>> in_word_lists("Jalan", ["en", "my"]), in_word_lists("jalan", ["en"])
    (True, False)
    >>> in_word_lists("the", ["en"]), in_word_lists("the", ["en", "x"], domain=True)
    (True, False)
    """
    w = word.upper()
    return any(w in word_list(n)[0] for n in lists if n in WORD_LISTS and (WORD_LISTS[n][1] or not domain))


@functools.cache
def _union(names: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    return frozenset().union(*(_read_words(n)[0] for n in names)), tuple(p for n in names for p in _read_words(n)[1])


@functools.cache
def _read_words(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    import gzip
    from importlib import resources

    if name not in WORD_LISTS or name == "page":
        raise KeyError(name)
    file = resources.files("docextract.data").joinpath(WORD_LISTS[name][0])
    data = file.read_bytes()
    text = (gzip.decompress(data) if file.name.endswith(".gz") else data).decode("utf-8")
    entries = [ln.strip().upper() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return frozenset(w for e in entries for w in e.split()), tuple(e for e in entries if " " in e)

"""Domain knowledge as data: the word lists the CPU engine's field finder reads, one file per locale.

``lexicon_<locale>.txt`` (``any``, ``my``, ``cn`` …) hold ``[section]`` lists — legal forms, trade
words, street words, places, headings, ethnic groups, surnames, watermark characters; the format is
described at the top of ``lexicon_any.txt``. Files in the folders named by the environment variable
``DOCEXTRACT_LEXICONS`` (separated by ``os.pathsep``) are read too, after the built-in ones: a user
adds a country's words without touching code (see docs/schemas.md, "Adding a locale").
``locales.yaml`` maps currency marks to a country's date order; ``words_*.txt`` are spelling lists.

>>> "sdn. bhd" in terms("legal_forms"), "汉" in terms("ethnic_groups")
(True, True)
>>> import re; bool(re.fullmatch(pattern("legal_forms"), "SDN.BHD", re.I))
True
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

__all__ = ["lexicon_files", "terms", "pattern", "to_regex", "rewrites"]


def lexicon_files() -> list[tuple[str, str]]:
    """``(locale, text)`` of every lexicon file: the built-in ones, then the user's."""
    from importlib import resources

    out = []
    for entry in sorted(resources.files("docextract.data").iterdir(), key=lambda p: p.name):
        if entry.name.startswith("lexicon_") and entry.name.endswith(".txt"):
            out.append((entry.name[8:-4], entry.read_text(encoding="utf-8")))
    for folder in filter(None, os.environ.get("DOCEXTRACT_LEXICONS", "").split(os.pathsep)):
        for path in sorted(Path(folder).glob("lexicon_*.txt")):
            out.append((path.stem[8:], path.read_text(encoding="utf-8")))
    return out


@functools.cache
def _sections(key: str) -> dict[str, tuple[str, ...]]:
    sections: dict[str, list[str]] = {}
    current = None
    for _, text in lexicon_files():
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[([a-z_]+)\]", line)
            if m:
                current = sections.setdefault(m.group(1), [])
            elif current is not None and line not in current:
                current.append(line)
    return {k: tuple(v) for k, v in sections.items()}


def terms(section: str) -> tuple[str, ...]:
    """The entries of ``section`` in every lexicon file (in file order, each once)."""
    return _sections(os.environ.get("DOCEXTRACT_LEXICONS", "")).get(section, ())


def to_regex(entry: str) -> str:
    """A lexicon entry as a regular expression (see the format in ``lexicon_any.txt``).

    >>> to_regex("sdn. bhd"), to_regex("kuala lumpur"), to_regex("s/b"), to_regex("re:CO\\\\.")
    ('sdn\\\\.?\\\\s*bhd', 'kuala\\\\s+lumpur', 's\\\\s*/\\\\s*b', 'CO\\\\.')
    """
    if entry.startswith("re:"):
        return entry[3:]
    out = []
    for k, ch in enumerate(entry):
        space = r"\s*" if k and entry[k - 1] == "." else r"\s+"
        out.append({" ": space, ".": r"\.?", "/": r"\s*/\s*"}.get(ch, re.escape(ch)))
    return "".join(out)


def pattern(*sections: str, cjk: bool | None = None) -> str:
    """The entries of ``sections`` as one alternation (in file order), without boundaries; with
    ``cjk`` True or False only the entries that do or do not hold a CJK character."""
    entries = list(dict.fromkeys(e for s in sections for e in terms(s)
                                 if cjk is None or cjk == bool(re.search(r"[\u3400-\u9fff]", e))))
    return "(?:" + "|".join(to_regex(e) for e in entries) + ")" if entries else "(?!)"


def rewrites(section: str) -> tuple[tuple[re.Pattern, str], ...]:
    """The ``pattern => replacement`` entries of ``section`` as compiled patterns and their
    replacements (``\\1`` refers to a group; nothing after ``=>`` deletes the match).

    >>> [p.sub(r, "99 SPEED MART 5/B") for p, r in rewrites("name_repairs")][0]
    '99 SPEED MART S/B'
    >>> rewrites("no_such_section")
    ()
    """
    out = []
    for entry in terms(section):
        left, _, right = entry.rpartition("=>")
        out.append((re.compile(to_regex(left.strip())), right.strip()))
    return tuple(out)

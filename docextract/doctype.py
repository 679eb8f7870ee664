"""Which document is this? ``schema="auto"``: each loaded schema scored against a page's lines.

A schema is recognised by what it prints: its field labels (every language), the title and the
labels it declares under ``identify:`` in its YAML, supporting keywords, and identifiers that match
the field's pattern *and* pass its checksum (a valid PRC ID number is strong evidence of an ID
card). The lines come from the CPU engine's reading or from a VLM's reading of the page, and are
reused for the extraction, so recognition costs only this scoring.

>>> from docextract.types import Line
>>> lines = [Line(t) for t in ["姓名 张三", "性别 男 民族 汉", "出生 1949年12月31日",
...                            "住址 北京市东城区", "公民身份号码 11010519491231002X"]]
>>> c = classify_lines(lines)
>>> c.schema_name, c.score > 0.5
('cn_id_card', True)
>>> classify_lines([Line("hello world")])
Traceback (most recent call last):
...
docextract.errors.UnrecognizedDocument: the page fits none of the schemas (best: ...
"""

from __future__ import annotations

import re
import time
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .errors import UnrecognizedDocument

__all__ = ["Classification", "classify_lines", "score_schema", "candidate_schemas", "MIN_SCORE", "Page"]

#: below this score no schema is taken (the page "fits none")
MIN_SCORE = 0.12
#: weights of the kinds of evidence (a field label found counts 1)
TITLE_WEIGHT = 3.0
ID_WEIGHT = 2.0
AMOUNTS_WEIGHT = 2.0
KEYWORD_CAP = 3

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
#: a printed amount: digits, a decimal mark, two decimals (4.99, 1.234,50, $43.10)
_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\s]?\d{3})*[.,]\d{2}(?![\d])")


class Classification(BaseModel):
    """The recognised schema, how sure (0–1), every candidate's score (best first) and the evidence."""

    schema_name: str
    score: float
    scores: dict[str, float]
    evidence: list[str] = []
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"schema_name": self.schema_name, "score": round(self.score, 4),
                "scores": {k: round(v, 4) for k, v in self.scores.items()}, "evidence": list(self.evidence),
                "seconds": round(self.seconds, 4)}


class Page:
    """A page's text prepared once for matching: NFKC, case-folded; a spaceless copy for CJK labels."""

    def __init__(self, texts: list[str]) -> None:
        self.lines = [unicodedata.normalize("NFKC", t or "").casefold() for t in texts]
        self.text = "\n".join(self.lines)
        self.dense = _SPACE.sub("", self.text)
        self.amounts = len(_AMOUNT.findall(self.text))
        self._seen: dict[str, bool] = {}
        self.tokens = {tok.strip(".,:;()[]（）：") for ln in self.lines for tok in ln.split()} | \
            {_SPACE.sub("", ln) for ln in self.lines}

    def has(self, phrase: str) -> bool:
        """Whether ``phrase`` is printed: as a substring (CJK) or as whole words (other scripts)."""
        hit = self._seen.get(phrase)
        if hit is None:
            hit = self._seen[phrase] = self._has(phrase)
        return hit

    def _has(self, phrase: str) -> bool:
        p = unicodedata.normalize("NFKC", phrase).casefold().strip()
        if not p:
            return False
        if _CJK.search(p):
            return len(p) >= 2 and _SPACE.sub("", p) in self.dense
        return _word_re(p).search(self.text) is not None

    def has_title(self, phrase: str) -> bool:
        """Whether ``phrase`` is printed as a heading: on a line of its own, or most of one."""
        p = _SPACE.sub("", unicodedata.normalize("NFKC", phrase).casefold())
        if len(p) < 2:
            return False
        for line in self.lines:
            compact = _SPACE.sub("", line)
            if p in compact and len(p) >= 0.5 * len(compact) and self._title_in(phrase, line):
                return True
        return False

    @staticmethod
    def _title_in(phrase: str, line: str) -> bool:
        p = unicodedata.normalize("NFKC", phrase).casefold().strip()
        return bool(_CJK.search(p)) or _word_re(p).search(line) is not None


@lru_cache(maxsize=4096)
def _word_re(phrase: str) -> re.Pattern:
    parts = [re.escape(w) for w in phrase.split()]
    # bounded by non-letters only: a label glued to its value (Cashier1, TOTAL9.00) still counts, a plural too
    return re.compile(r"(?<![^\W\d_])" + r"\s*".join(parts) + r"s?(?![^\W\d_])")


def _labels(spec) -> list[str]:
    return [x for x in spec.all_labels() if len(x.strip()) >= 2]


def _field_evidence(spec, page: Page) -> str | None:
    if spec.fields:  # a list: two of its column labels (or its own label) printed
        found = [lab for sub in spec.fields for lab in _labels(sub)[:3] if page.has(lab)]
        cols = {sub.name for sub in spec.fields if any(page.has(lab) for lab in _labels(sub)[:3])}
        if len(cols) >= 2:
            return f"{spec.name}: columns {', '.join(found[:3])}"
    return next((f"{spec.name}: label {lab!r}" for lab in _labels(spec) if page.has(lab)), None)


def _id_evidence(spec, page: Page) -> str | None:
    """A token matching the field's pattern that passes its checksum (or just the pattern if no check)."""
    if not spec.pattern or not spec.checks:
        return None
    from .normalize.identifiers import is_valid_id

    try:
        rx = re.compile(spec.pattern, re.IGNORECASE)
    except re.error:
        return None
    for tok in page.tokens:
        if 4 <= len(tok) <= 64 and rx.search(tok) and all(is_valid_id(tok.upper(), f) for f in spec.checks):
            return f"{spec.name}: valid {spec.checks[0]} {tok[:4]}…"
    return None


def score_schema(schema, page: Page) -> tuple[float, list[str]]:
    """``(score 0–1, evidence)`` of ``schema`` for ``page``."""
    ident = getattr(schema, "identify", {}) or {}
    evidence: list[str] = []
    got = total = 0.0
    for spec in schema.fields:
        total += 1
        hit = _field_evidence(spec, page)
        if hit:
            got += 1
            evidence.append(hit)
        idhit = _id_evidence(spec, page)
        if spec.pattern and spec.checks:
            total += ID_WEIGHT
            if idhit:
                got += ID_WEIGHT
                evidence.append(idhit)
    titles = list(ident.get("title", ()))
    if titles:
        total += TITLE_WEIGHT
        title = next((t for t in titles if page.has_title(t)), None)
        if title:
            got += TITLE_WEIGHT
            evidence.append(f"title {title!r}")
    keywords = list(ident.get("keywords", ()))
    if keywords:
        cap = min(KEYWORD_CAP, len(keywords))
        found = [k for k in keywords if page.has(k)]
        total += cap
        got += min(cap, len(found))
        evidence.extend(f"keyword {k!r}" for k in found[:cap])
    if ident.get("amounts"):  # a page that is mostly a list of amounts (a till receipt)
        total += AMOUNTS_WEIGHT
        if page.amounts >= int(ident["amounts"][0]):
            got += AMOUNTS_WEIGHT
            evidence.append(f"{page.amounts} amounts printed")
    score = got / total if total else 0.0
    required = list(ident.get("labels", ()))
    if required:
        present = [lab for lab in required if page.has(lab)]
        score *= 0.5 + 0.5 * len(present) / len(required)  # OCR may miss a label: halve, not zero
        if len(present) < len(required):
            evidence.append(f"missing required label(s): {', '.join(x for x in required if x not in present)}")
    for word in ident.get("not", ()):  # words that say it is another kind of document
        if page.has(word):
            score *= 0.5
            evidence.append(f"counter-keyword {word!r}")
    return score, evidence


def candidate_schemas(candidates: Any = None) -> list:
    """The schemas to choose among: given names/Schemas, else every loaded one (user folders, built-ins)."""
    from .schema import list_schemas, load_schema

    names = list(list_schemas()) if candidates is None else list(candidates)
    return [load_schema(n) for n in names]


def classify_lines(lines: list, candidates: Any = None, *, min_score: float = MIN_SCORE) -> Classification:
    """The schema that best fits ``lines`` (any objects with ``.text``, or strings).

    Raises :class:`~docextract.errors.UnrecognizedDocument` listing each candidate and its score
    when none reaches ``min_score``.
    """
    t0 = time.perf_counter()
    page = Page([getattr(ln, "text", ln) for ln in lines])
    schemas = candidate_schemas(candidates)
    if not schemas:
        raise UnrecognizedDocument("there is no schema to recognise the document by")
    scored = []
    for schema in schemas:
        score, evidence = score_schema(schema, page)
        scored.append((score, schema.name, evidence))
    scored.sort(key=lambda s: (-s[0], s[1]))
    scores = {name: round(score, 4) for score, name, _ in scored}
    best_score, best, evidence = scored[0]
    if best_score < min_score:
        listing = ", ".join(f"{n} {s:.2f}" for n, s in scores.items())
        raise UnrecognizedDocument(f"the page fits none of the schemas (best: {listing}; a schema needs "
                                   f"{min_score:.2f}); pass schema=... to choose one", scores=scores)
    return Classification(schema_name=best, score=best_score, scores=scores, evidence=evidence,
                          seconds=time.perf_counter() - t0)

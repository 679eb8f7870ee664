"""ICAO 9303 machine-readable zones: TD3 (passports, 2×44), TD2 (2×36), TD1 (ID cards, 3×30)
and MRV-A/B visas, with every check digit reported.

OCR noise is tolerated: spaces, lower case and ``«`` are cleaned; letters read in digit positions
(O for 0, I for 1 …) are repaired in dates and check digits; a line one character short or long
is fixed when exactly one ``<`` inserted or removed makes every check digit agree (name lines are
padded or trimmed at their filler end).

>>> data = parse_mrz('''P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
... L898902C36UTO7408122F1204159ZE184226B<<<<<10''')
>>> data.surname, data.given_names, data.document_number, data.birth_date, data.sex
('ERIKSSON', 'ANNA MARIA', 'L898902C3', datetime.date(1974, 8, 12), 'female')
>>> data.checks
{'document_number': True, 'birth_date': True, 'expiry_date': True, 'optional_data': True, 'composite': True}
>>> check_digit("L898902C3"), check_digit("740812")
('6', '2')
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from ..errors import FieldError, InvalidFormat
from .dates import parse_mrz_date

__all__ = ["MrzData", "check_digit", "parse_mrz", "find_mrz_lines", "MAX_MRZ_TEXT"]

#: text given to parse_mrz beyond this is refused (a page of OCR text is far smaller)
MAX_MRZ_TEXT = 50_000

_VALUES = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_VALUES["<"] = 0
_WEIGHTS = (7, 3, 1)
_DIGIT_FIX = str.maketrans("OQDIZSBG", "00012586")
#: the same look-alikes the other way, for the positions the format allows only letters in
#: (country codes, names, sex): a 0 read there is an O
_LETTER_FIX = str.maketrans("012586", "OIZSBG")
_LINE = re.compile(r"[A-Z0-9<]+")
#: (format, line count, line length)
_FORMATS = (("TD1", 3, 30), ("TD3", 2, 44), ("TD2", 2, 36))


@dataclass
class MrzData:
    """The fields of a machine-readable zone; ``checks`` has one entry per check digit."""

    format: str
    document_type: str
    issuing_country: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: _dt.date | None
    sex: str | None
    expiry_date: _dt.date | None
    optional_data: str
    checks: dict[str, bool] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """True when every check digit agrees."""
        return all(self.checks.values())

    def to_dict(self) -> dict:
        out = asdict(self)
        out["lines"] = list(self.lines)
        return out


def check_digit(s: str) -> str:
    """The ICAO 9303 check digit of ``s`` (weights 7-3-1; ``<`` = 0, A = 10 … Z = 35)."""
    if not isinstance(s, str):
        raise InvalidFormat(f"expected MRZ characters, got {type(s).__name__}", value=s)
    total = 0
    for i, ch in enumerate(s):
        if ch not in _VALUES:
            raise InvalidFormat(f"{ch!r} is not an MRZ character (A–Z, 0–9, <)", value=s)
        total += _VALUES[ch] * _WEIGHTS[i % 3]
    return str(total % 10)


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).upper()
    line = re.sub(r"[«‹〈《≪]", "<", line)
    return re.sub(r"\s+", "", line)


def _digits(s: str) -> str:
    return s.translate(_DIGIT_FIX)


def _ok(field_: str, digit: str, *, filler_ok: bool = False) -> bool:
    if filler_ok and digit == "<" and set(field_) <= {"<"}:
        return True
    return check_digit(field_) == _digits(digit)


def _data_checks(fmt: str, lines: list[str]) -> dict[str, bool]:
    if fmt == "TD1":
        l1, l2 = lines[0], lines[1]
        number, cd = _td1_number(l1)
        composite = l1[5:30] + _digits(l2[0:7]) + _digits(l2[8:15]) + l2[18:29]
        return {"document_number": _ok(number, cd), "birth_date": _ok(_digits(l2[0:6]), l2[6]),
                "expiry_date": _ok(_digits(l2[8:14]), l2[14]), "composite": _ok(composite, l2[29])}
    l2 = lines[1]
    checks = {"document_number": _ok(l2[0:9], l2[9]), "birth_date": _ok(_digits(l2[13:19]), l2[19]),
              "expiry_date": _ok(_digits(l2[21:27]), l2[27])}
    if lines[0][0] == "V":  # visas: no optional-data or composite check digits
        return checks
    if fmt == "TD3":
        checks["optional_data"] = _ok(l2[28:42], l2[42], filler_ok=True)
        end = 43
    else:
        end = 35
    checks["composite"] = _ok(l2[0:10] + _digits(l2[13:20]) + _digits(l2[21:28]) + l2[28:end], l2[end])
    return checks


def _td1_number(l1: str) -> tuple[str, str]:
    if l1[14] == "<" and l1[15] != "<":  # long document number continues in the optional data
        extra = l1[15:30].split("<", 1)[0]
        return l1[5:14] + extra[:-1], extra[-1:] or "<"
    return l1[5:14], l1[14]


def _safe_checks(fmt: str, lines: list[str]) -> dict[str, bool] | None:
    try:
        return _data_checks(fmt, lines)
    except (InvalidFormat, IndexError):
        return None


def _fit(fmt: str, lines: list[str], length: int) -> list[str]:
    """Fix lines one character off, when unambiguous."""
    data_row = 1
    out = list(lines)
    for i, line in enumerate(out):
        if len(line) == length or abs(len(line) - length) > 1:
            continue
        if i != data_row:  # names / document-number line: its end is filler
            out[i] = line + "<" if len(line) < length else (line[:-1] if line.endswith("<") else line)
            continue
        # variant -> whether the change is inside a run of the same character (OCR's usual slip)
        variants: dict[str, bool] = {}
        for j in range(len(line) + (1 if len(line) < length else 0)):
            if len(line) < length:
                v, in_run = line[:j] + "<" + line[j:], "<" in line[max(j - 1, 0):j + 1]
            else:
                v, in_run = line[:j] + line[j + 1:], line[j] in line[max(j - 1, 0):j] + line[j + 1:j + 2]
            variants[v] = variants.get(v, False) or in_run
        good = []
        for v, in_run in sorted(variants.items()):
            trial = out[:i] + [v] + out[i + 1:]
            if all(len(x) == length for x in trial):
                checks = _safe_checks(fmt, trial)
                if checks and all(checks.values()):
                    good.append((v, in_run))
        if len(good) > 1:
            good = [g for g in good if g[1]]
        if len(good) == 1:
            out[i] = good[0][0]
        elif len(line) < length:
            out[i] = line + "<"
        elif line.endswith("<"):
            out[i] = line[:-1]
    return out


def _repair(fmt: str, lines: list[str]) -> list[str]:
    """Letters read in digit-only positions (dates, check digits) become digits."""
    row = 1
    end = len(lines[1])
    spans = ((0, 7), (8, 15), (29, 30)) if fmt == "TD1" else ((9, 10), (13, 20), (21, 28), (end - 1, end))
    if fmt != "TD1" and lines[0][0] == "V":
        spans = spans[:3]
    line = lines[row]
    for a, b in spans:
        line = line[:a] + _digits(line[a:b]) + line[b:]
    return lines[:row] + [line] + lines[row + 1:]


def find_mrz_lines(lines: list[str]) -> list[str] | None:
    """The cleaned lines of the first MRZ found among ``lines`` (2 or 3 of them), or None.

    >>> find_mrz_lines(["REPUBLIC OF UTOPIA", "I<UTOD231458907<<<<<<<<<<<<<<<",
    ...                 "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"])[1]
    '7408122F1204159UTO<<<<<<<<<<<6'
    """
    if not isinstance(lines, (list, tuple)):
        return None
    cleaned = [_clean(x) if isinstance(x, str) and len(x) < 400 else "" for x in lines]
    # a zone read as one long line: cut it at the format's line length
    if len([c for c in cleaned if c]) == 1:
        only = next(c for c in cleaned if c)
        for _fmt, count, length in _FORMATS:
            if len(only) == count * length and _LINE.fullmatch(only):
                cleaned = [only[k * length:(k + 1) * length] for k in range(count)]
                break
    for fmt, count, length in _FORMATS:
        for start in range(len(cleaned) - count + 1):
            group = cleaned[start:start + count]
            if not all(_LINE.fullmatch(g) and abs(len(g) - length) <= 1 for g in group):
                continue
            if not any("<" in g for g in group) or not group[0][0].isalpha():
                continue
            if fmt == "TD3" and group[0][0] not in "PV":
                continue
            if fmt in ("TD1", "TD2") and group[0][0] not in "IACV" and not (fmt == "TD2" and group[0][0] == "P"):
                continue
            fixed = _fit(fmt, group, length)
            if all(len(g) == length for g in fixed):
                return _repair(fmt, fixed)
    return None


def _letters(s: str) -> str:
    """A letters-only field of the MRZ with digits read for letters put right (``UT0`` → ``UTO``)."""
    return s.translate(_LETTER_FIX)


def _names(field_: str) -> tuple[str, str]:
    surname, _, given = _letters(field_).strip("<").partition("<<")
    return surname.replace("<", " ").strip(), re.sub(" +", " ", given.replace("<", " ")).strip()


def _date(text: str, future: bool) -> _dt.date | None:
    try:
        return parse_mrz_date(text, future=future)
    except FieldError:
        return None


def parse_mrz(text: str | list[str]) -> MrzData:
    """Parse the MRZ in ``text`` (the zone itself or a whole page of OCR lines).

    Raises :class:`InvalidFormat` when no MRZ is found; failed check digits are reported in
    ``checks`` (see :attr:`MrzData.valid`), not raised.

    >>> parse_mrz("I<UTOD231458907<<<<<<<<<<<<<<<\\n7408122F1204159UTO<<<<<<<<<<<6\\n"
    ...           "ERIKSSON<<ANNA<MARIA<<<<<<<<<<").document_number
    'D23145890'
    >>> m = parse_mrz(["P<UT0ERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UT07408122F1204159ZE184226B<<<<<10"])
    >>> m.nationality, m.issuing_country, m.surname, m.document_number   # letters-only positions: 0 is O
    ('UTO', 'UTO', 'ERIKSSON', 'L898902C3')
    """
    if isinstance(text, str):
        if len(text) > MAX_MRZ_TEXT:
            raise InvalidFormat(f"too long for an MRZ text: {len(text)} characters", value=text[:50])
        lines = text.splitlines()
    elif isinstance(text, (list, tuple)) and all(isinstance(x, str) for x in text):
        lines = list(text)[:2000]
    else:
        raise InvalidFormat(f"expected MRZ text, got {type(text).__name__}", value=text)
    found = find_mrz_lines(lines)
    if found is None:
        raise InvalidFormat("no machine-readable zone (MRZ) found", value=str(text)[:50])
    fmt = {30: "TD1", 36: "TD2", 44: "TD3"}[len(found[0])]
    checks = _data_checks(fmt, found)
    sex_of = {"M": "male", "F": "female"}
    if fmt == "TD1":
        l1, l2, l3 = found
        surname, given = _names(l3)
        number = _td1_number(l1)[0]
        return MrzData(fmt, l1[0:2].strip("<"), _letters(l1[2:5]).strip("<"), surname, given, number.strip("<"),
                       _letters(l2[15:18]).strip("<"), _date(l2[0:6], False), sex_of.get(l2[7]), _date(l2[8:14], True),
                       " ".join(p for p in ((l1[15:30] if l1[14] != "<" else "").strip("<"),
                                            l2[18:29].strip("<")) if p),
                       checks, tuple(found))
    l1, l2 = found
    surname, given = _names(l1[5:])
    end = 42 if fmt == "TD3" and l1[0] != "V" else len(l2) - (1 if l1[0] != "V" else 0)
    return MrzData(fmt, l1[0:2].strip("<"), _letters(l1[2:5]).strip("<"), surname, given, l2[0:9].strip("<"),
                   _letters(l2[10:13]).strip("<"), _date(l2[13:19], False), sex_of.get(l2[20]), _date(l2[21:27], True),
                   l2[28:end].strip("<"), checks, tuple(found))

"""Blocks of lines found by what they look like rather than by a label: an organisation's name at
the top of a receipt or invoice, the postal address under it.

Both work on the visual rows of a page (:class:`~docextract.locate.layout.PageLayout`) with the
generic word lists of :mod:`docextract.locate.lexicon`.

>>> from docextract.types import Line
>>> from docextract.locate.layout import PageLayout
>>> rows = ["tan woon yann", "INDAH GIFT & HOME DECO SDN BHD", "(123456-X)", "27,JALAN DEDAP 13,",
...         "TAMAN JOHOR JAYA,", "81100 JOHOR BAHRU,JOHOR.", "Tel:07-3507405", "RECEIPT", "19/10/2018"]
>>> page = PageLayout([Line(t, (20, 30 * k, 300, 30 * k + 20)) for k, t in enumerate(rows)])
>>> org = find_organisation(page)
>>> [page.row_text(r) for r in org]
['INDAH GIFT & HOME DECO SDN BHD']
>>> [page.row_text(r) for r in find_address(page, after_row=org[-1])]
['27,JALAN DEDAP 13,', 'TAMAN JOHOR JAYA,', '81100 JOHOR BAHRU,JOHOR.']
"""

from __future__ import annotations

import re
import unicodedata

from ..data import LexiconRegex, look_alike as confusions, pattern, rewrites, terms
from ..normalize.postal import mend_postcode, mend_town
from ..textmatch import misread_twin, name_again
from .layout import PageLayout, h_overlap
from .lexicon import (ADDRESS_END_RE, ADDRESS_WORD_RE, HOUSE_NO_RE, LEGAL_FORM_RE, MID_STOP_RE, NAME_GOES_ON_RE,
                      NAME_WORD_RE, ORG_SUFFIX_RE, STREET_START_RE, address_score, is_heading, is_place_only,
                      is_stop_line, names_place, org_score)
from .spell import is_known, look_alike, repair_word, words
from .values import find_amounts, find_dates, find_times

__all__ = ["find_organisation", "name_again_row", "find_address", "header_rows", "clean_name", "repair_name",
           "repair_text", "address_parts"]

_DIGIT_READS = confusions()["digit_reads"]
_BRACKETED = re.compile(r"\s*\(.*\)\s*")
_BRANCH = re.compile(r"\s*\([^\d()]*[^\W\d_]{3}[^\d()]*\)\W*")   #: a branch's name in brackets: (TESCO PUTRA NILAI)
_REG_NO = re.compile(r"^\W*(?:CO\.?\s*)?(?:REG(?:ISTRATION)?\.?\s*)?(?:NO\.?)?\s*[:.]?\s*"
                     r"[A-Z]{0,3}\s*\d{3,}[\d\-.]*\s*-?\s*[A-Z]?\W*$", re.I)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def header_rows(page: PageLayout, max_rows: int = 14) -> list[int]:
    """The rows above the first date or amount (the header of a receipt), at most ``max_rows``."""
    out = []
    for r in range(min(len(page.rows), max_rows)):
        t = page.row_text(r)
        if out and (find_dates(t) or (find_amounts(t) and not re.search(r"\d{5}", t))):
            break
        out.append(r)
    return out


def _row_height(page: PageLayout, r: int) -> float:
    return max(page.lines[i].box.height for i in page.rows[r])


def _name_like(text: str) -> bool:
    t = text.strip()
    return not (_letters(t) < 3 or is_heading(t) or is_stop_line(t) or _REG_NO.match(t) or re.search(r"[=×]", t))


# a registration number after the name; a letter misread among its digits is allowed (1U79369-P)
_REG_TAIL = re.compile(r"[\s,]*\(?\s*(?:(?:CO(?:MPANY)?\.?\s*)?(?:REG(?:ISTRATION)?\.?\s*)?(?:NO\.?)?\s*[:.]?\s*)?"
                       r"[A-Z]{0,3}\d(?:[A-Z]?\d){2,}[\d\s]*[-\s]?[A-Z]?\s*\)?[.,]?\s*$", re.I)
#: a bracketed registration number with digits read as their look-alike letters (look_alike.json): (IU79JS9-P)
_REG_MISREAD = re.compile(r"\s*\((?=(?:[^\d)]*\d){3})[\d" + "".join(c for c in _DIGIT_READS if c.isupper())
                          + r"]{5,9}\s*-\s*[A-Z]\)[.,]?\s*$")


def clean_name(text: str) -> str:
    """An organisation name without the registration number printed after it, with ASCII brackets.

    A period glued to the next word gets its space back, as printed names have it.

    >>> clean_name("99 SPEED MART S/B (519537-X)"), clean_name("S.H.H.MOTOR（ SUNGAI RENGIT）SDN.BHD.")
    ('99 SPEED MART S/B', 'S.H.H. MOTOR (SUNGAI RENGIT) SDN. BHD.')
    >>> clean_name("MR.D.I.Y.(M) SDN BHD"), clean_name("MYNEWS.COM"), clean_name("FOUR QUARTERS SDN BHD (1U79369-P)")
    ('MR. D.I.Y. (M) SDN BHD', 'MYNEWS.COM', 'FOUR QUARTERS SDN BHD')
    >>> clean_name("Smashburger #1407"), clean_name("ARCO AMPM 42259")   # a branch's number stays
    ('Smashburger #1407', 'ARCO AMPM 42259')
    >>> clean_name("FOUR QUARTERS SDN BHD (IU79JS9-P)"), clean_name("TAMAN (SOUTH-A)"), clean_name("(1234567-X)")
    ('FOUR QUARTERS SDN BHD', 'TAMAN (SOUTH-A)', '(1234567-X)')
    """
    t = text.replace("（", "(").replace("）", ")")
    if t.count("(") > t.count(")"):
        t = re.sub(r"\s*\([\d\s\-.]*$", "", t)
    t = cut if _letters(cut := _REG_MISREAD.sub("", t)) >= 3 else t
    m = _REG_TAIL.search(t)   # a bare short number after the name is a branch's number, kept as printed
    stripped = t[:m.start()] if m and re.search(r"[(\-]|\d{6}|[A-Z]{2}", m.group(), re.I) else t
    if _letters(stripped) >= 3:
        t = stripped
    t = re.sub(r"(?<=[^\W\d_]|\.)\(", " (", t)
    t = re.sub(r"\)(?=[^\W_])", ") ", t)
    t = re.sub(r"(?<=\S)\s+\)", ")", re.sub(r"\(\s+", "(", t))
    # a word glued to the period before it: "SDN.BHD.", "S.H.H.MOTOR", "MR.D.I.Y." (not web addresses)
    t = re.sub(r"(?<=[A-Za-z])\.(?=[A-Z][A-Za-z]+\b)(?![A-Za-z]+\.(?:COM|NET|ORG|MY)\b)(?!(?:COM|NET|ORG|MY|SG)\b)",
               ". ", t)
    t = re.sub(r"\b(MR|MRS|MS|DR)\.(?=[A-Z])", r"\1. ", t)
    return re.sub(r"\s+", " ", t).strip()


def _similar_rows(page: PageLayout, a: int, b: int) -> bool:
    """Rows ``a`` and ``b`` (b right under a) printed alike: same upright size (on a tilted page a line's box is
    taller by the tilt across its width), close together."""
    ha, hb = (max(max(ln.box.height / 4, ln.box.height - abs(page.slope) * ln.box.width)
                  for ln in map(page.lines.__getitem__, page.rows[r])) for r in (a, b))
    gap = min(page.lines[i].box[1] for i in page.rows[b]) - max(page.lines[i].box[3] for i in page.rows[a])
    return 0.75 <= ha / max(1, hb) <= 1.33 and gap < 0.8 * max(ha, hb)


def _second_name_row(name: str, row: str, under: str) -> bool:
    """``row`` goes on with a one-word ``name``: no digit, no word in small letters, the address or phone next."""
    return (len(re.split(r"[\s.]+", name.strip(". "))) == 1 and not re.search(r"\d|\b(?!and\b)[a-z]{3}", row)
            and not is_place_only(row) and (address_score(under) >= 1.0 or is_stop_line(under)))


def find_organisation(page: PageLayout, *, max_rows: int = 16, join_up: str = "cont") -> list[int]:
    """Rows holding the organisation's name (one to three rows), or ``[]``."""
    rows = header_rows(page, max_rows)
    texts = {r: repair_text(page.row_text(r)) for r in rows}   # SÚPERMARKETS is a trade word too
    # the first address, phone or tax-id row (a heading such as TAX INVOICE may stand above the name)
    first_other = next((r for r in rows if (is_stop_line(texts[r]) and not is_heading(texts[r]))
                        or address_score(texts[r]) >= 2.5), None)
    best, best_score, kk = None, 0.0, -1
    for k, r in enumerate(rows):
        t = repair_name(texts[r])
        # a number's row: a trade word and a number (Store #1458, Store_#1458), one opening with a number sign (#Waka1)
        number = t.lstrip().startswith("#") or re.search(r"\d", t) and NAME_WORD_RE.fullmatch(re.sub(r"[\d_]", "", t))
        if not _name_like(t) or is_place_only(t) or number:
            continue
        kk += 1
        addr = address_score(t)
        if addr >= 2.5 and not ORG_SUFFIX_RE.search(t):
            continue
        score = org_score(t) - 0.5 * max(0.0, addr - 1.0)
        if t == t.lower() and not re.fullmatch(r"\W*[a-z]+\W*", t):   # notes, URLs, slogans: names are in capitals
            score -= 1.5                                           # (a logo's one word aside: watsons, - saras)
        score -= 1.0 if _BRACKETED.fullmatch(t) else 0.0   # a bracketed subtitle
        below = [page.lines[i].box for rr in (r + 1, r + 2) if rr < len(page.rows) for i in page.rows[rr]]
        score -= 1.5 * bool(below and not any(h_overlap(page.lines[i].box, b) for i in page.rows[r] for b in below))
        score += 0.8 * max(0.0, 1.0 - k / 6) + max(0.0, 1.0 - kk / 2)   # earlier is likelier, the first most
        score += 0.4 * min(1.5, _row_height(page, r) / page.line_height - 1.0)  # larger print
        score += 0.5 if ORG_SUFFIX_RE.search(t) else -0.45 * (org_score(t) >= 1)   # tag lines print trade words too
        score -= 3.0 * (first_other is not None and r > first_other)   # the name comes before address, phone, tax id
        if best is None or score > best_score:
            best, best_score = r, score
    # a name printed twice, a logo's large letters over the plain print misread: the plain print is taken
    out = [] if best is None else [next((q for q in (best + 1, best + 2) if q in texts and _row_height(page, q) <
                                         _row_height(page, best) and misread_twin(texts[best], texts[q])), best)]
    # a name broken over rows: "POPULAR BOOK" / "CO. (M) SDN BHD"; "AIK HUAT HARDWARE" / "ENTERPRISE (SETIA" ...
    while 0 < len(out) < 3:
        top, bottom = out[0], out[-1]
        (up, u), (down, d) = ((x, texts.get(x, "")) for x in (top - 1, bottom + 1))
        if (_name_like(u) and u != u.lower() and not ORG_SUFFIX_RE.search(u) and address_score(u) < 1
                and not _BRACKETED.fullmatch(u) and (join_up == "any" or NAME_GOES_ON_RE.match(texts[top]))
                and _similar_rows(page, up, top)):
            out.insert(0, up)
            continue
        t_all = clean_name(" ".join(texts[r] for r in out))   # a trade word under it, alone or after one word, joins
        alone = NAME_WORD_RE.fullmatch(d if address_score(d) > 0 else   # or before a number (Cafe 0994)
                                       re.sub(r"^[^\W\d_]+\s+(?=[^\s\d]+$)|\s*#?\d+$", "", d))
        if (_name_like(d) and address_score(d) < 1.5   # (INDIAN RESTAURANT); after a plain name one word (AMSTERDAM)
                and not LEGAL_FORM_RE.search(t_all) and (alone or _similar_rows(page, bottom, down))
                and (LEGAL_FORM_RE.search(d) or t_all.count("(") > t_all.count(")") or alone
                     or NAME_GOES_ON_RE.match(d) and re.search(r"\d", d) and address_score(d) <= 0   # Cafe 0994
                     or t_all.endswith(("&", "-", ",")) or re.fullmatch(r"[^\W\d_]+", d) and org_score(t_all) < 1
                     or len(out) == 1 and _second_name_row(texts[bottom], d, texts.get(down + 1, "")))):
            out.append(down)
            continue
        break
    return out


def name_again_row(page: PageLayout, rows: list[int]) -> list[int]:
    """The header row under the name's ``rows`` printing it again with its branch (CREST FOODS / Crest Foods #5:
    :func:`~docextract.textmatch.name_again`; after a ``[greetings]`` word: WELCOME TO KRYSTAL) as ``[row]``."""
    texts = {r: repair_text(page.row_text(r)) for r in header_rows(page, 16) if rows[-1] < r <= rows[-1] + 8}
    name = " ".join(repair_text(page.row_text(r)) for r in rows)
    return next(([r] for r, t in texts.items() if _name_like(t) and address_score(t) < 1
                 and not any(map(LEGAL_FORM_RE.search, (name, t))) and name_again(name, _GREETING.sub("", t))), [])


_GREETING = LexiconRegex(lambda: r"^\W*(?:" + pattern("greetings") + r")\s+", re.I)   #: WELCOME TO before a name
_LEGAL_FIX = rewrites("name_repairs") + ((re.compile(r"(?<=[A-Za-z])_(?=[A-Za-z])"), " "),)
_MIXED_I = re.compile(r"(?<=[a-z])I(?=[a-z])|(?<=[a-z])I\b(?=\s|$)")
_TRADE_WORDS = tuple(w.upper() for w in terms("trade_words") + terms("org_marks") if w.isalpha() and len(w) > 3)
_GLUED = re.compile(r"[A-Z]{3,}(?:" + "|".join(_TRADE_WORDS) + r")|(?:" + "|".join(_TRADE_WORDS) + r")[A-Z]{3,}")


def repair_text(text: str) -> str:
    """Accents the recogniser added to capital letters of a plain upper-case text dropped, ASCII brackets.

    >>> repair_text("40170 SETIA ÁLAM"), repair_text("Café Bleu"), repair_text("LOT G3O, UI3/X, 4D170")
    ('40170 SETIA ALAM', 'Café Bleu', 'LOT G30, U13/X, 40170')
    >>> repair_text("364 Randa11 Road"), repair_text("0klahoma City"), repair_text("Level1, 21st Ave, Ma11")
    ('364 Randall Road', 'Oklahoma City', 'Level1, 21st Ave, Mall')
    >>> repair_text("8011 B1vd"), repair_text("29 01d Street"), repair_text("S050 TROUP HWY"), repair_text("S050")
    ('8011 Blvd', '29 Old Street', '5050 TROUP HWY', 'S050')
    """
    t = text.replace("（", "(").replace("）", ")").replace("，", ",")
    if any(map(str.isalpha, t)) and t == t.upper():   # (before the code repairs: UÍ3/X)
        t = unicodedata.normalize("NFC", re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", t)))
    # O or D read for 0 inside a number (4D170, 29O, G3O)
    t = re.sub(r"(?<=\d)[OD](?=\d)|(?<=\d\d)[OD]\b|\b(?=\d)(\d{1,4})[OD](?=\d)|(?<=\b[A-Z]\d)O\b",
               lambda m: (m.group(1) or "") + "0", t)
    # I or l read for 1 between a letter and a digit of a code (UI3/X, SS2l)
    t = re.sub(r"(?<=\b[A-Z])[Il](?=\d)|(?<=\b[A-Z]{2}\d)[Il]\b", "1", t)
    # 1 read for l after the lower-case letters of a word not in the list or making one (Randa11, Ma11) or before
    # them (B1vd), 0 for O before them or for the O of Ol (01d); S for 5 opening a house number (S050 TROUP HWY)
    t = re.sub(r"\b([A-Z]?[a-z]+|[A-Z](?=1+[a-z]))(1+)([a-z]*)\b", lambda m: m[0] if (w := m[0].replace("1", "l"))
               .upper() not in words("en") and m[1].upper() in words("en") else w, re.sub(r"\b0(?=[a-z]+\b)", "O", t))
    t = re.sub(r"^(\W*)S(?=\d{3,4}\s+[A-Z])", r"\g<1>5", t)
    t = re.sub(r"\b01([a-z]+)\b", lambda m: "Ol" + m[1] if "OL" + m[1].upper() in words("en") else m[0], t)
    return mend_town(mend_postcode(t), is_known, repair_word)


_BEFORE_LEGAL = re.compile(r"\b[A-Z]{4,}(?=\s+(?:S\s*/\s*B|SDN\.?\s*BHD|BHD|BERHAD)\b)")
_J_ONSET = re.compile(r"\b[BCDFGHKLMNPRSTVWXZ]J[AEIOU][A-Z]*\b")


def _trade_word(m: re.Match) -> str:
    w = m.group()
    if w in _TRADE_WORDS:
        return w
    near = [t for t in _TRADE_WORDS if len(t) == len(w)
            and sum(a != b for a, b in zip(t, w)) == 1
            and all(a == b or look_alike(a, b) for a, b in zip(t, w))]
    return near[0] if len(near) == 1 else w


def _j_onset(m: re.Match) -> str:
    return w if (w := m.group()) in words("en") else w[0] + "I" + w[2:]


def repair_name(text: str) -> str:
    """Undo common OCR slips in an organisation name: legal forms (``5/B`` → ``S/B``), ``I`` read for
    ``l`` inside lower-case words, trade words glued to their neighbours (``SANYUSTATIONERYSHOP``).

    >>> repair_name("SANYUSTATIONERYSHOP"), repair_name("99 SPEED MART 5/B"), repair_name("Taste Of The WorId")
    ('SANYU STATIONERY SHOP', '99 SPEED MART S/B', 'Taste Of The World')

    The word right before the legal form is most often a trade word, so a word one look-alike letter
    from one is taken for it there; and no name starts with a consonant followed by ``J`` — an ``I``
    misread (words of the English list, ``FJORD``, stay):

    >>> repair_name("99 SPEED HART S/B"), repair_name("LJAN HING STATIONERY SDN BHD"), repair_name("WHITE HART INN")
    ('99 SPEED MART S/B', 'LIAN HING STATIONERY SDN BHD', 'WHITE HART INN')
    """
    for rx, repl in _LEGAL_FIX + ((_MIXED_I, "l"), (_BEFORE_LEGAL, _trade_word), (_J_ONSET, _j_onset)):
        text = rx.sub(repl, text)

    def split(m: re.Match) -> str:
        word = m.group()
        for trade in sorted(_TRADE_WORDS, key=len, reverse=True):
            k = word.find(trade)
            if k >= 0:
                left, right = word[:k], word[k + len(trade):]
                parts = [split_word(left), trade, split_word(right)]
                return " ".join(p for p in parts if p)
        return word

    def split_word(w: str) -> str:
        return _GLUED.sub(split, w) if len(w) >= 3 else w

    return re.sub(r"\b[A-Z]{12,}\b", lambda m: split_word(m.group()), text)


def find_address(page: PageLayout, *, after_row: int = -1, max_lines: int = 5, max_gap_rows: int = 4) -> list[int]:
    """Rows of the postal address: the first address-like rows after ``after_row``, up to a
    phone/tax/heading line, trimmed to the last row that looks like an address. When nothing under
    the name qualifies, the clearest address block anywhere on the page (with a postcode or a place;
    some receipts print the address at the bottom)."""
    limit = min(len(page.rows), after_row + 1 + max_gap_rows + 3)
    for r in range(after_row + 1, limit):
        t = repair_text(page.row_text(r))   # a misread street word or house number (B1vd, S050) still counts
        if is_stop_line(t) and r > after_row + max_gap_rows:
            break
        if (is_stop_line(t) or _REG_NO.match(t) or _REG_TAIL.fullmatch(t)
                or re.match(r"^\W*(?:CO|COMPANY|ROC|REG)\b", t, re.I)):
            continue
        if (address_score(t) >= 1.0 or STREET_START_RE.match(t)) and (block := _address_block(page, r, max_lines)):
            return _line_above(page, block, after_row)
    best, best_score = [], 0.0
    for r in range(len(page.rows)):
        if r in range(after_row + 1, limit) or not (STREET_START_RE.search(page.row_text(r))
                                                    or address_score(page.row_text(r)) >= 2):
            continue
        block = _address_block(page, r, max_lines)
        score = sum(max(0.0, address_score(page.row_text(b))) for b in block)
        if block and score >= 4.0 and names_place(" ".join(page.row_text(b) for b in block)) and score > best_score:
            best, best_score = block, score
    first = after_row + 1   # else a street word's or a house number's line right under the name ("Bourke St")
    t = page.row_text(first) if 0 < first < len(page.rows) else ""
    weak = ADDRESS_WORD_RE.search(t) or HOUSE_NO_RE.fullmatch(t)
    return best or (weak and _address_block(page, first, max_lines, weak=True)) or []


def _line_above(page: PageLayout, block: list[int], after_row: int) -> list[int]:
    """An address found as a lone locality line (a town with its postcode or state: no street word, house or
    unit number or legal form) lacks the street, venue or box line printed above it, alike and close, but for
    the row right under the name (the name's second line or slogan: ROSS / DRESS FOR LESS / EUREKA, CA)."""
    top, r = repair_text(page.row_text(block[0])), block[0] - 1
    up = repair_text(page.row_text(max(r, 0)))   # (none above the page's first row)
    keep = (len(block) > 1 or r <= after_row + 1 or not names_place(top) or ADDRESS_WORD_RE.search(top)
            or STREET_START_RE.match(top) or ORG_SUFFIX_RE.search(top) or is_stop_line(up) or find_dates(up)
            or find_amounts(up) or not _similar_rows(page, r, block[0]))
    return block if keep else [r, *block]


def _address_block(page: PageLayout, start: int, max_lines: int, weak: bool = False) -> list[int]:
    """The address rows from ``start`` on (``[]`` when they do not add up to an address)."""
    def text(r: int) -> str:   # a row's text before a phone or fax printed after the address on it
        return repair_text(MID_STOP_RE.split(page.row_text(r))[0].strip() or page.row_text(r))

    block = [start]
    for r in range(start + 1, min(len(page.rows), start + max_lines)):
        t = text(r)
        gap = (min(page.lines[i].box[1] for i in page.rows[r])
               - max(page.lines[i].box[3] for i in page.rows[r - 1])) / page.line_height
        if (is_stop_line(t) or find_dates(t) or (find_amounts(t) and address_score(t) < 1) or gap > 1.5
                or ADDRESS_END_RE.search(page.row_text(r - 1)) and not (is_place_only(t) or _BRANCH.fullmatch(t)
                    or len(block) < 2 and HOUSE_NO_RE.match(t) and ADDRESS_WORD_RE.search(t)   # a street line under
                    and not re.search(r"\d", text(start)))):   # a town's line with no postcode: the address goes on
            break
        block.append(r)
    # trimmed to the last address-like row, unless the row before ends with a comma (the address goes on:
    # "BERJAYA TIMES SQUARE," / "KUALA L.UMPUR.") or the row is a branch's name in brackets
    while (len(block) > 1 and address_score(text(block[-1])) <= 0 and not ADDRESS_END_RE.search(text(block[-1]))
           and not page.row_text(block[-2]).rstrip().endswith(",") and not _BRANCH.fullmatch(text(block[-1]))):
        block.pop()
    # a branch or brand line above the street line ("MYDIN MART SRI MUDA" / "4-20, Jalan Ria ...", "Bandar Baru Rawang")
    top = text(block[0])   # "GK101, GND FLR, ONE UTAMA SHOPPING CENTRE" stays, a house number, a comma
    if len(block) > 1 and not (STREET_START_RE.search(top) or HOUSE_NO_RE.match(top) or top.endswith(",")
                               or address_score(top) >= 2.5 and not names_place(top)):
        for k in range(1, min(3, len(block))):   # or a house number's row under a row with no street word
            t = text(block[k])
            if STREET_START_RE.match(t) or HOUSE_NO_RE.match(t) and not (names_place(t) or ADDRESS_WORD_RE.search(top)):
                block = block[k:]
                break
    # a street line alone ("158 Myrtle St.", not a date line) is an address, so is a closing line ("EUREKA, CA")
    top, end = page.row_text(block[0]), ADDRESS_END_RE.search(page.row_text(block[-1]))
    need = 1.0 if weak else 2.0 if HOUSE_NO_RE.match(top) and not find_dates(top) else 1.5 if end else 2.5
    return block if sum(max(0.0, address_score(repair_text(page.row_text(r)))) for r in block) >= need else []


def address_parts(page: PageLayout, rows: list[int]) -> list[tuple[int, int, int]]:
    """``(line, start, end)`` of the address rows' lines, each cut before a ``Tel:``/``Fax:`` inside it; a
    date or a time printed beside the address (``Aug 15, 2017``, ``1:35 PM``) is left out."""
    parts, heights = [], sorted(page.lines[i].box.height for r in rows for i in page.rows[r])
    usual = heights[len(heights) // 2] if heights else 0
    for r in rows:
        before = ""   # what the row prints after the locality line closing the address is no part of it
        for i in page.rows[r]:
            text, prior, before = page.lines[i].text, before, before + " " + page.lines[i].text
            if ADDRESS_END_RE.search(prior) and not ADDRESS_END_RE.search(before):
                break
            if len(heights) > 2 and page.lines[i].box.height > 1.8 * usual and re.fullmatch(r"[^\W\d_]+", text.strip()):
                continue   # a stamp across the address (POSTED, PAID)
            m = MID_STOP_RE.search(text)
            if not (m and m.start() == 0 or any(re.fullmatch(r"\W*", text[:a] + text[b:])
                                                for a, b in find_dates(text) + find_times(text))):
                parts.append((i, 0, m.start() if m else len(text)))
    return parts

"""Pictures of results: an HTML table for notebooks and field boxes drawn on the page.

``Result._repr_html_`` calls :func:`result_html`; ``Result.draw`` calls :func:`draw_result`.

>>> from docextract import validate
>>> r = validate({"name": "<b>张三</b>", "sex": "男"}, schema="cn_id_card")
>>> html = result_html(r)
>>> "&lt;b&gt;张三&lt;/b&gt;" in html, "<b>张三" in html
(True, False)
>>> r.draw()
Traceback (most recent call last):
...
docextract.errors.InputError: this result has no page images to draw on (it came from validate() or from JSON); ...
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import html
import os
import shutil
import subprocess
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["result_html", "draw_result", "find_cjk_font", "load_font", "PALETTE", "STATUS_COLOURS"]

#: distinct colours for field boxes (readable on white paper and dark photos alike)
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#0fa3b1", "#f032e6", "#808000",
           "#9a6324", "#000075", "#469990", "#e6a800", "#800000", "#2f4f4f")
#: text colour and background tint per status; mid tones that read on Jupyter light and dark themes
STATUS_COLOURS = {
    "pass": ("#2da44e", "rgba(45,164,78,0.14)"),
    "ok": ("#2da44e", "rgba(45,164,78,0.0)"),
    "warn": ("#d29922", "rgba(210,153,34,0.16)"),
    "fail": ("#e5534b", "rgba(229,83,75,0.16)"),
    "invalid": ("#e5534b", "rgba(229,83,75,0.16)"),
    "missing": ("#8b949e", "rgba(139,148,158,0.0)"),
    "no_expiry": ("#2da44e", "rgba(45,164,78,0.0)"),
}

# ------------------------------------------------------------------------------------------- HTML

_BORDER = "1px solid rgba(128,128,128,0.35)"
_CELL = f"padding:2px 8px;border:{_BORDER};text-align:left;vertical-align:top;color:inherit"
_HEAD = _CELL + ";font-weight:600;background:rgba(128,128,128,0.12)"
_TABLE = "border-collapse:collapse;font-size:12px;margin:2px 0;color:inherit;background:transparent"
_MUTED = "color:#8b949e"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _show(value: Any) -> str:
    """A value as a short, escaped string (dates ISO, enums by value, None as a dash)."""
    if value is None:
        return f'<span style="{_MUTED}">—</span>'
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (_dt.date, _dt.time)):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = format(value, "f")
    text = str(value)
    if len(text) > 200:
        text = text[:199] + "…"
    return _esc(text)


def _badge(status: str) -> str:
    fg, _ = STATUS_COLOURS.get(status, ("#8b949e", ""))
    return f'<span style="color:{fg};font-weight:600">{_esc(status)}</span>'


def _conf(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _head(cells: list[str]) -> str:
    return "<tr>" + "".join(f'<th style="{_HEAD}">{_esc(c)}</th>' for c in cells) + "</tr>"


def _flagged_checks(result) -> dict[str, list]:
    """field name -> the checks naming it (or one of its items) that did not pass, failures first."""
    out: dict[str, list] = {}
    for c in sorted(result.checks, key=lambda c: c.status != "fail"):
        if c.status == "pass":
            continue
        for head in dict.fromkeys(str(p).split(".")[0].split("[")[0] for p in c.fields or []):
            out.setdefault(head, []).append(c)
    return out


def _flagged(result) -> dict[str, str]:
    """field name -> worst status ('fail' or 'warn') among the checks that name it."""
    return {name: checks[0].status for name, checks in _flagged_checks(result).items()}


def _items_table(items: list[dict]) -> str:
    cols: list[str] = []
    for item in items:
        cols.extend(k for k in item if k not in cols)
    rows = [_head(["#", *cols])]
    for i, item in enumerate(items):
        cells = [f'<td style="{_CELL};{_MUTED}">{i + 1}</td>']
        for col in cols:
            fr = item.get(col)
            if fr is None:
                cells.append(f'<td style="{_CELL}"></td>')
                continue
            bg = STATUS_COLOURS.get(fr.status, ("", "transparent"))[1]
            tip = f' title="raw: {_esc(fr.raw)}"' if fr.raw is not None else ""
            shown = _show(fr.value if fr.value is not None else fr.raw)
            cells.append(f'<td style="{_CELL};background:{bg}"{tip}>{shown}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table style="{_TABLE}">' + "".join(rows) + "</table>"


def result_html(result) -> str:
    """The result as compact HTML: fields (value, raw, confidence, status), line items, checks.

    Every value is escaped: documents are untrusted input.
    """
    flagged_checks = _flagged_checks(result)
    flagged = {name: checks[0].status for name, checks in flagged_checks.items()}
    n_fail = sum(c.status == "fail" for c in result.checks)
    n_warn = sum(c.status == "warn" for c in result.checks)
    verdict = ("ok", "pass") if n_fail == 0 else (f"{n_fail} failing check(s)", "fail")
    meta = [f"<b>{_esc(result.schema_name)}</b> v{_esc(result.schema_version)}",
            f"engine: {_esc(result.engine or 'none')}" + (f" ({_esc(result.model)})" if result.model else ""),
            f'<span style="color:{STATUS_COLOURS[verdict[1]][0]};font-weight:600">{_esc(verdict[0])}</span>'
            + (f', <span style="color:{STATUS_COLOURS["warn"][0]}">{n_warn} warning(s)</span>' if n_warn else "")]
    if result.timings.get("total") is not None:
        meta.append(f"{result.timings['total']:.2f} s")
    if result.source:
        meta.append(f'<span style="{_MUTED}">{_esc(result.source)}</span>')
    out = ['<div class="docextract-result" style="font-family:inherit;color:inherit">',
           f'<div style="font-size:13px;margin-bottom:4px">{" · ".join(meta)}</div>',
           f'<table style="{_TABLE}">', _head(["field", "value", "raw", "conf", "status"])]
    for name, fr in result.fields.items():
        worst = "fail" if fr.status == "invalid" else flagged.get(name, "")
        bg = STATUS_COLOURS[worst][1] if worst else "transparent"
        edge = f";box-shadow:inset 3px 0 0 {STATUS_COLOURS[worst][0]}" if worst else ""
        value = _items_table(fr.items) if fr.items else _show(fr.value)
        status = _badge(fr.status) + (f'<br><span style="{_MUTED}">{_esc(fr.error)}</span>' if fr.error else "")
        status += "".join(f'<br><span style="color:{STATUS_COLOURS[c.status][0]}">{_esc(c.status)}: '
                          f'<code>{_esc(c.code)}</code></span>' for c in flagged_checks.get(name, []))
        out.append(f'<tr style="background:{bg}"><td style="{_CELL}{edge}"><code>{_esc(name)}</code></td>'
                   f'<td style="{_CELL}">{value}</td><td style="{_CELL}">{_show(fr.raw) if fr.raw is not None else ""}'
                   f'</td><td style="{_CELL}">{_conf(fr.confidence)}</td><td style="{_CELL}">{status}</td></tr>')
    out.append("</table>")
    if result.checks:
        out += [f'<table style="{_TABLE};margin-top:6px">', _head(["check", "status", "message", "fields"])]
        order = {"fail": 0, "warn": 1, "pass": 2}
        for c in sorted(result.checks, key=lambda c: order.get(c.status, 3)):
            bg = STATUS_COLOURS[c.status][1] if c.status != "pass" else "transparent"
            out.append(f'<tr style="background:{bg}"><td style="{_CELL}"><code>{_esc(c.code)}</code></td>'
                       f'<td style="{_CELL}">{_badge(c.status)}</td><td style="{_CELL}">{_esc(c.message)}</td>'
                       f'<td style="{_CELL}">{_esc(", ".join(c.fields))}</td></tr>')
        out.append("</table>")
    if result.extra:
        out.append(f'<div style="font-size:12px;margin-top:4px">extra keys (matched no field): '
                   f'{_esc(", ".join(map(str, result.extra)))}</div>')
    out.append("</div>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------- fonts

_KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),   # Debian / Ubuntu fonts-noto-cjk
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),        # Arch
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),  # Fedora
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),                          # macOS
    ("C:/Windows/Fonts/msyh.ttc", 0),                                   # Windows
)


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int] | None:
    """``(path, face index)`` of a font with Chinese glyphs, or None.

    ``$DOCEXTRACT_FONT`` wins; then fontconfig's match for Noto Sans CJK SC (only if it really is a
    CJK font, since fc-match always answers something); then known install paths.
    """
    env = os.environ.get("DOCEXTRACT_FONT")
    if env and Path(env).is_file():
        return env, 0
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", "Noto Sans CJK SC"],
                                 capture_output=True, text=True, timeout=10).stdout
            path, _, rest = out.partition("|")
            index, _, family = rest.partition("|")
            if path and Path(path).is_file() and "CJK" in (family + path):
                return path, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for path, index in _KNOWN_FONTS:
        if Path(path).is_file():
            return path, index
    return None


@functools.lru_cache(maxsize=32)
def load_font(size: int = 16):
    """A CJK-capable PIL font of ``size`` pixels; PIL's default font (with a warning) when none is installed."""
    from PIL import ImageFont

    found = find_cjk_font()
    if found:
        try:
            return ImageFont.truetype(found[0], size=size, index=found[1])
        except OSError:
            pass
    warnings.warn("no CJK font found (install Debian's fonts-noto-cjk or set DOCEXTRACT_FONT); "
                  "Chinese labels will not render", RuntimeWarning, stacklevel=2)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


# ------------------------------------------------------------------------------------------- drawing

def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), alpha


def _label(draw, xy: tuple[int, int], text: str, colour: str, font, img_size: tuple[int, int],
           right: bool = False) -> None:
    """A filled tag with ``text`` above the point ``xy`` (below it at the top edge); ``right``: ending there."""
    x, y = xy
    left, t, r, b = draw.textbbox((0, 0), text, font=font)
    w, h = r - left + 6, b - t + 4
    top = y - h if y - h >= 0 else y
    x = x - w if right else x
    x = max(0, min(x, img_size[0] - w))
    draw.rectangle((x, top, x + w, top + h), fill=_rgba(colour, 220))
    draw.text((x + 3 - left, top + 2 - t), text, fill=(255, 255, 255, 255), font=font)


def _tag_text(name: str, fr, flagged: dict[str, str], show_values: bool) -> str:
    text = name
    if show_values and fr.items is None and (fr.value is not None or fr.raw):
        shown = fr.value if fr.value is not None else fr.raw
        shown = shown.value if isinstance(shown, enum.Enum) else shown
        shown = shown.isoformat() if isinstance(shown, (_dt.date, _dt.time)) else str(shown)
        text += ": " + (shown if len(shown) <= 30 else shown[:29] + "…")
    if fr.status == "invalid" or flagged.get(name) == "fail":
        text += " !"
    return text


def draw_result(result, page: int = 0, *, show_lines: bool = False, show_values: bool = False,
                fields: list[str] | None = None, labels: bool = True, font_size: int | None = None,
                width: int | None = None):
    """Page ``page`` of the result (a new RGB PIL image) with each field's box and name in its own colour.

    Line items are drawn in their list field's colour, labelled ``column[i]``; ``show_lines`` adds
    every OCR line faintly; ``show_values`` writes ``name: value`` in the tags; ``fields`` limits the
    drawing to those names. A field that failed to normalise or is named by a failing check is
    marked with ``!``.
    """
    from PIL import Image, ImageDraw

    images = list(getattr(result, "images", None) or [])
    if not images:
        raise InputError("this result has no page images to draw on (it came from validate() or from JSON); "
                         "extract(...) keeps the pages and can draw them")
    if not isinstance(page, int) or not 0 <= page < len(images):
        raise InputError(f"page {page!r} does not exist: this result has {len(images)} page(s), numbered from 0")
    base = images[page]
    if not isinstance(base, Image.Image):
        raise InputError(f"page {page} is a {type(base).__name__}, not a PIL image; cannot draw on it")
    base = base.convert("RGB")
    size = base.size
    short = min(size)
    width = width or max(2, round(short / 300))
    font_size = font_size or max(12, round(short / 36))
    font = load_font(font_size)
    small = load_font(max(10, round(font_size * 0.8)))

    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    if show_lines:
        for ln in result.lines:
            if ln.box is not None and ln.page == page:
                draw.rectangle(tuple(ln.box), outline=(128, 128, 128, 150), fill=(128, 128, 128, 28), width=1)
    tags = []
    flagged = _flagged(result)
    for i, (name, fr) in enumerate(result.fields.items()):
        if fields is not None and name not in fields:
            continue
        colour = PALETTE[i % len(PALETTE)]
        if fr.box is not None and fr.page == page:
            draw.rectangle(tuple(fr.box), outline=_rgba(colour, 255), fill=_rgba(colour, 30), width=width)
            # a list's box holds its items' boxes: its name goes at the right, clear of the first item's
            corner = (fr.box[2], fr.box[1]) if fr.items else (fr.box[0], fr.box[1])
            tags.append((corner, _tag_text(name, fr, flagged, show_values), colour, font, bool(fr.items)))
        for n, item in enumerate(fr.items or []):
            for col, sub in item.items():
                if sub.box is None or sub.page != page:
                    continue
                draw.rectangle(tuple(sub.box), outline=_rgba(colour, 230), fill=_rgba(colour, 22),
                               width=max(1, width - 1))
                tags.append(((sub.box[0], sub.box[1]), _tag_text(f"{col}[{n}]", sub, {}, False), colour, small,
                             False))
    if labels:
        for xy, text, colour, f, right in tags:  # tags last, so no box is drawn over a name
            _label(draw, xy, text, colour, f, size, right)
    return Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")

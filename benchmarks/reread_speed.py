"""What reading fields again costs on generated ID cards (stamps, watermarks, misprints); prints a table.

    python -m benchmarks.reread_speed            # the four generated ID-card dev sets
    python -m benchmarks.reread_speed --n 10     # the first 10 cards of each

For each card: the page's reading (``read_page``), the field finder, and :func:`docextract.reread.reread_fields`
(which only looks again when a required field is missing or a value does not fit), in wall seconds,
and on how many cards the re-read took over 50 ms (it read a band again) or gave a value.
"""

from __future__ import annotations

import argparse
import time

SETS = [("cn_id_card", 20, 40, False), ("cn_id_card", 40, 100, True), ("cn_id_card_hard", 30, 200, False),
        ("cn_id_card_hard", 30, 300, True)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.reread_speed", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=None, help="cards per set (default: the whole set)")
    args = ap.parse_args(argv)

    from docextract.engines.rapidocr import RapidOcrEngine
    from docextract.locate import find_fields
    from docextract.locate.hints import field_hints
    from docextract.options import ExtractOptions
    from docextract.reread import reread_fields
    from docextract.schema import load_schema
    from docextract.synth import generate

    engine = RapidOcrEngine()
    engine.warmup()
    schema, opts = load_schema("cn_id_card"), ExtractOptions()
    print("| set | cards | read_page s | finder s | re-read s (mean / max) | re-read > 50 ms | values re-read |")
    print("|---|---|---|---|---|---|---|")
    for kind, n, seed, degrade in SETS:
        rows = []
        for k in range(min(n, args.n or n)):
            image = generate(kind, seed + k, degrade).image
            t0 = time.perf_counter()
            lines = engine.read_page(image)
            t1 = time.perf_counter()

            def find(ls, size=image.size):
                return find_fields(ls, schema, sizes=[size], options=opts)

            found = find(lines)
            t2 = time.perf_counter()
            out = reread_fields(engine, [image], lines, schema, found, find, lambda f: field_hints(f, schema.source),
                                lambda f: schema.field_options(f, opts))
            t3 = time.perf_counter()
            rows.append((t1 - t0, t2 - t1, t3 - t2, any(c.source == "reread" for c in out.values())))
        m = len(rows)
        print(f"| {kind} {'photo' if degrade else 'clean'} | {m} | {sum(r[0] for r in rows) / m:.3f} | "
              f"{sum(r[1] for r in rows) / m:.3f} | "
              f"{sum(r[2] for r in rows) / m:.3f} / {max(r[2] for r in rows):.3f} | "
              f"{sum(r[2] > 0.05 for r in rows)} | {sum(r[3] for r in rows)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m docextract.synth --kind cn_id_card --n 20 --out DIR [--degrade] [--seed S]``."""

from __future__ import annotations

import argparse
import sys

from ..errors import DocextractError
from . import GENERATORS, generate_set


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m docextract.synth",
                                 description="Generate documents with ground truth (NNN.jpg + NNN.json).")
    ap.add_argument("--kind", required=True, choices=sorted(GENERATORS))
    ap.add_argument("--n", type=int, default=10, help="how many documents (default 10)")
    ap.add_argument("--out", required=True, help="output folder (created if missing)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--degrade", action="store_true", help="make them look photographed (tilt, blur, noise, JPEG)")
    ap.add_argument("--prefix", default="", help="file name prefix, e.g. cn_id_card_")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    try:
        paths = generate_set(args.kind, args.n, args.out, seed=args.seed, degrade=args.degrade, prefix=args.prefix)
    except DocextractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} {args.kind} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of ``docextract batch --ray`` against the local ``docextract batch`` on the same receipts.

    python benchmarks/ray_batch.py                 # the 200 sroie-dev receipts, rapidocr, both ways
    python benchmarks/ray_batch.py --n 40 --actors 2 --batch-size 4
    python benchmarks/ray_batch.py --address auto  # on a running cluster (`ray start --head` first)

Both runs start cold (engine loads, and for Ray the actors, are inside the time) and write to fresh
results files; Ray's own start (``ray.init``) is timed apart. Afterwards the two files are compared
input by input: the same job must give the same field values. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SROIE = next((p / "shared" / "data" / "sroie-dev" / "img" for p in (ROOT.parent, ROOT.parent.parent)
              if (p / "shared" / "data" / "sroie-dev" / "img").is_dir()), None)


def _fields(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r.get("status") == "ok":
            out[r["input"]] = {k: v.get("value") for k, v in r["result"]["fields"].items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="receipts (the first N of sroie-dev)")
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--concurrency", type=int, default=4, help="local batch: documents per engine call")
    ap.add_argument("--actors", type=int, default=None, help="Ray: most actors (default: one per CPU)")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--address", default="local", help="Ray address (default: a new local cluster)")
    ap.add_argument("--skip-local", action="store_true")
    args = ap.parse_args(argv)
    if SROIE is None:
        print("shared/data/sroie-dev is not here", file=sys.stderr)
        return 2
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    from docextract.scale import extract_dataset
    from docextract.server.batch import run_batch

    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    docs = sorted(SROIE.glob("*.jpg"))[: args.n]
    listing = work / "inputs.txt"
    listing.write_text("\n".join(str(p) for p in docs) + "\n", encoding="utf-8")
    rows = []
    load0 = os.getloadavg()[0]
    if not args.skip_local:
        t0 = time.perf_counter()
        run_batch(listing, schema="receipt", out=work / "local.jsonl", engine=args.engine,
                  concurrency=args.concurrency, progress=False)
        rows.append(("local `docextract batch`", time.perf_counter() - t0, 0.0))
    import ray

    t0 = time.perf_counter()
    if args.address == "local":
        ray.init(include_dashboard=False, logging_level="WARNING")
    else:
        ray.init(address=args.address, logging_level="WARNING")
    started = time.perf_counter() - t0
    cpus = ray.cluster_resources().get("CPU", 0)
    t0 = time.perf_counter()
    extract_dataset(listing, schema="receipt", out=work / "ray.jsonl", engine=args.engine, actors=args.actors,
                    batch_size=args.batch_size, progress=False)
    rows.append((f"`--ray` ({cpus:g} CPUs, {args.actors or int(cpus)} actors)", time.perf_counter() - t0, started))
    ray.shutdown()
    load1 = os.getloadavg()[0]

    print(f"\n{len(docs)} sroie-dev receipts, engine {args.engine}, {os.cpu_count()} cores; "
          f"load average {load0:.1f} at the start, {load1:.1f} at the end\n")
    print("| run | seconds | docs/s | Ray start (s) |\n|---|---|---|---|")
    for name, secs, start in rows:
        print(f"| {name} | {secs:.1f} | {len(docs) / secs:.2f} | {start:.1f} |")
    if not args.skip_local:
        a, b = _fields(work / "local.jsonl"), _fields(work / "ray.jsonl")
        same = sum(1 for k in a if k in b and a[k] == b[k])
        print(f"\nsame field values in both runs: {same} of {len(docs)} receipts "
              f"(ok locally {len(a)}, on Ray {len(b)}); results in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

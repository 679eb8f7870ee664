"""Evidence from the page: how many wrong VLM values grounding catches or fixes, how many right ones it flags.

    python -m benchmarks.evidence [--n 10] [--report out.json]
    python -m benchmarks.evidence --sets sroie,wildreceipt [--limit N] [--report out.json]   (real photos:
        see benchmarks/evidence_sets.py)

Generated documents (Chinese ID cards and VAT invoices, clean and degraded) are "read" by the
ScriptedEngine, whose answer is the truth with one error of one kind in one field:

- ``cut``: a multi-line text value cut short (as HunyuanOCR's IE prompt does to addresses);
- ``digit``: one digit of an identifier, amount or date changed;
- ``invented``: a plausible value that is nowhere on the page (another document's);
- ``corrected``: one character of a printed text "corrected" to another;
- ``right``: no error (every field right: counts right values wrongly flagged).

The page's lines come from the real CPU engine (as for a remote model), so CPU misreadings count
against grounding. A wrong value is *fixed* when the result holds the truth, *caught* when a warning
or failing check names the field (or it abstained); a right value is *flagged* when it was warned
about or changed. The QR code of each invoice is also checked against its truth and an altered copy.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time

KINDS = ("cut", "digit", "invented", "corrected")
ID_FIELDS = {"text": ("name", "address"), "digits": ("id_number", "birth_date")}
INV_FIELDS = {"text": ("buyer_name", "seller_name"), "digits": ("invoice_number", "total_with_tax", "issue_date")}
LABELS = {"name": "姓名", "ethnicity": "民族", "birth_date": "出生", "address": "住址",
          "id_number": "公民身份号码", "buyer_name": "购买方名称", "seller_name": "销售方名称",
          "invoice_number": "发票号码", "invoice_code": "发票代码", "issue_date": "开票日期",
          "total_amount": "合计金额", "total_tax": "合计税额", "total_with_tax": "价税合计（小写）"}
SIMILAR = "东西南北中华新兴发达利源盛昌泰和"


def _truth_values(kind: str, t: dict) -> dict:
    names = ("name", "ethnicity", "birth_date", "address", "id_number") if kind == "cn_id_card" else \
        ("buyer_name", "seller_name", "invoice_code", "invoice_number", "issue_date", "total_amount", "total_tax",
         "total_with_tax")
    return {n: t[n] for n in names if t.get(n)}


def _digit(value: str, rng) -> str:
    idx = [i for i, c in enumerate(value) if c.isdigit()]
    i = rng.choice(idx[len(idx) // 3:])
    return value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]


def _err(kind: str, field: str, value: str, rng, other: dict) -> str:
    if kind == "cut":
        return value[: max(2, int(len(value) * rng.uniform(0.45, 0.8)))]
    if kind == "digit":
        if field == "issue_date":
            y, m, d = value.split("-")
            return f"{y}-{m}-{int(d) % 28 + 1:02d}"
        return _digit(value, rng)
    if kind == "invented":
        return other[field]
    i = rng.randrange(1, len(value) - 1) if len(value) > 2 else rng.randrange(len(value))
    return value[:i] + rng.choice([c for c in SIMILAR if c != value[i]]) + value[i + 1:]


def _same(fr, truth: str) -> bool:
    v = fr.value
    if v is None:
        return False
    return (v.isoformat() if hasattr(v, "isoformat") else str(v)) == truth


def run(n: int) -> dict:
    from docextract import ExtractOptions, extract
    from docextract.codes import read_codes
    from docextract.engines.scripted import ScriptedEngine
    from docextract.evidence import cpu_lines
    from docextract.synth import generate
    from docextract.synth.invoice import generate_vat_invoice

    rng = random.Random(14)
    stats = {k: {"wrong": 0, "fixed": 0, "caught": 0} for k in KINDS}
    right = {"values": 0, "flagged": 0}
    qr = {"documents": 0, "decoded": 0, "pass_on_correct": 0}
    read_s, ground_s, codes_s, misses, caught = [], [], [], [], []
    docs = []
    for i in range(n):
        for degrade in (False, True):
            docs.append(("cn_id_card", generate("cn_id_card", 100 + i, degrade)))
            docs.append(("cn_vat_invoice", generate_vat_invoice(100 + i, degrade)))
    others = {"cn_id_card": generate("cn_id_card", 9999).truth, "cn_vat_invoice": generate_vat_invoice(9999).truth}
    opts = ExtractOptions(boxes=False, grounding=True)
    for kind, sample in docs:
        t0 = time.perf_counter()
        cpu_lines([sample.image], opts)  # read once; cached for every answer below
        read_s.append(time.perf_counter() - t0)
        truth = _truth_values(kind, sample.truth)
        fields = ID_FIELDS if kind == "cn_id_card" else INV_FIELDS
        runs = [("right", None, None)]
        for err in KINDS:
            pool = fields["digits"] if err == "digit" else (("address",) if kind == "cn_id_card" and err == "cut"
                                                               else fields["text"])
            f = rng.choice(pool)
            runs.append((err, f, _err(err, f, truth[f], rng, _truth_values(kind, others[kind]))))
        for err, field, wrong in runs:
            answer = {LABELS[k]: (wrong if k == field else v) for k, v in truth.items()}
            eng = ScriptedEngine([json.dumps(answer, ensure_ascii=False)])
            r = extract(sample.image, schema=kind, engine=eng, options=opts.model_copy(update={"codes": False}))
            ground_s.append(r.timings.get("grounding", 0.0))
            flagged = {f for c in r.checks if c.status in ("warn", "fail") for f in c.fields}
            for name, value in truth.items():
                fr = r.fields[name]
                if name == field:
                    s = stats[err]
                    s["wrong"] += 1
                    if _same(fr, value):
                        s["fixed"] += 1
                    elif name in flagged or fr.status == "missing":
                        s["caught"] += 1
                        caught.append({"kind": err, "field": name, "truth": value, "answer": wrong,
                                       "result": str(fr.value), "evidence": fr.evidence,
                                       "checks": [c.code for c in r.checks if name in c.fields and c.status != "pass"]})
                    else:
                        misses.append({"kind": err, "field": name, "truth": value, "answer": wrong,
                                       "result": str(fr.value), "evidence": fr.evidence})
                else:
                    right["values"] += 1
                    if name in flagged or not _same(fr, value):
                        right["flagged"] += 1
                        misses.append({"kind": "right", "field": name, "truth": value, "result": str(fr.value),
                                       "checks": [c.message for c in r.checks if name in c.fields
                                                  and c.status != "pass"][:2]})
        if kind == "cn_vat_invoice":
            qr["documents"] += 1
            t0 = time.perf_counter()
            codes = read_codes([sample.image])
            codes_s.append(time.perf_counter() - t0)
            qr["decoded"] += int(bool(codes))
            from docextract.synth.invoice import invoice_qr_payload

            qr["pass_on_correct"] += int(bool(codes) and codes[0].text == invoice_qr_payload(sample.truth))
    for s in stats.values():
        s["caught_or_fixed"] = round((s["fixed"] + s["caught"]) / max(1, s["wrong"]), 3)
    right["share_flagged"] = round(right["flagged"] / max(1, right["values"]), 3)
    return {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {platform.processor() or ''}",
            "documents": len(docs), "errors": stats, "misses": misses, "caught_not_fixed": caught,
            "right_values": right, "qr": qr,
            "seconds_per_page": {"cpu_read_lines": round(statistics.median(read_s), 3),
                                 "grounding_after_read": round(statistics.median(ground_s), 4),
                                 "codes": round(statistics.median(codes_s), 4) if codes_s else None}}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10, help="documents of each kind, clean and degraded")
    p.add_argument("--report", help="write the figures as JSON")
    p.add_argument("--sets", help="comma-separated dev sets (sroie, wildreceipt) instead of generated documents")
    p.add_argument("--limit", type=int, default=None, help="with --sets: the first N receipts of each")
    args = p.parse_args(argv)
    if args.sets:
        from benchmarks.evidence_sets import run_sets

        out = run_sets([s.strip() for s in args.sets.split(",") if s.strip()], args.limit)
    else:
        out = run(args.n)
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

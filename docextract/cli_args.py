"""The ``docextract`` command's arguments: :func:`build_parser`, one flag per
:class:`~docextract.options.ExtractOptions` field for the commands that run an engine.

>>> args = build_parser().parse_args(["extract", "a.png", "--day-first", "--locale", "de_DE"])
>>> args.command, args.images, args.day_first, args.locale, args.schema
('extract', ['a.png'], True, 'de_DE', 'auto')
"""

from __future__ import annotations

import argparse

__all__ = ["build_parser"]


def _add_engine_args(p: argparse.ArgumentParser) -> None:
    """One flag per :class:`~docextract.options.ExtractOptions` field (``tests/test_options_hold.py`` checks
    that none is missing); a flag left out leaves the option at its default."""
    p.add_argument("--engine", default=None, help="auto (default), hunyuan, vllm, rapidocr")
    p.add_argument("--language", choices=["zh", "en"], default=None, help="label language of the prompt")
    p.add_argument("--model", default=None, help="model id or local folder (hunyuan), served name (vllm)")
    p.add_argument("--revision", default=None, help="model revision (hunyuan)")
    p.add_argument("--base-url", default=None, help="vLLM / OpenAI-compatible server URL")
    p.add_argument("--api-key", default=None, help="key for --base-url (default: $DOCEXTRACT_API_KEY)")
    p.add_argument("--timeout", type=float, default=None, help="seconds to wait for the engine server")
    p.add_argument("--max-pixels", type=int, default=None, help="downscale larger images to this many pixels")
    p.add_argument("--max-input-pixels", type=int, default=None, help="refuse larger inputs outright")
    p.add_argument("--pdf-dpi", type=int, default=None, help="resolution PDF pages are rendered at")
    p.add_argument("--max-pages", type=int, default=None, help="refuse documents with more pages")
    p.add_argument("--max-new-tokens", type=int, default=None, help="cap on the tokens a VLM may generate")
    p.add_argument("--no-boxes", action="store_true", help="skip the spotting pass that finds field boxes (VLMs)")
    p.add_argument("--no-codes", dest="codes", action="store_const", const=False, default=None,
                   help="do not decode QR codes and barcodes on the pages")
    ground = p.add_mutually_exclusive_group()
    ground.add_argument("--grounding", dest="grounding", action="store_const", const=True, default=None,
                        help="match a VLM's values against the page's lines (default for model engines)")
    ground.add_argument("--no-grounding", dest="grounding", action="store_const", const=False,
                        help="take a VLM's values as answered")
    p.add_argument("--no-abstain", dest="abstain", action="store_const", const=False, default=None,
                   help="keep a value found nowhere on the page (warned, low confidence) instead of leaving it empty")
    p.add_argument("--engine-option", action="append", default=None, metavar="KEY=VALUE",
                   help="passed to the engine's constructor (VALUE read as JSON if it can be); repeatable")
    _add_value_args(p)


def _add_value_args(p: argparse.ArgumentParser) -> None:
    """Normalisation and check options (also for ``validate``, which runs no engine)."""
    order = p.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="day_first", action="store_const", const=True, default=None,
                       help="read 03/04/2024 as 3 April")
    order.add_argument("--month-first", dest="day_first", action="store_const", const=False,
                       help="read 03/04/2024 as March 4")
    p.add_argument("--locale", default=None, help="e.g. en_US, de_DE, zh_CN (number and date conventions)")
    p.add_argument("--currency", dest="default_currency", default=None, help="currency of amounts without one")
    p.add_argument("--amount-tolerance", default=None, help="relative tolerance of amount checks (e.g. 0.01)")
    p.add_argument("--today", default=None, help="the date checks take as today (YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docextract", description="Photos and scans of documents to typed, "
                                     "validated records.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract a record from images or PDFs")
    p.add_argument("images", nargs="+", help="image or PDF files")
    p.add_argument("--schema", "-s", default="auto",
                   help="built-in name or YAML path; auto (default): recognise the document type")
    p.add_argument("--candidates", default=None, help="with --schema auto: the schemas to choose among (a,b,c)")
    p.add_argument("--format", "-f", choices=["json", "table"], default="json")
    p.add_argument("--one-document", action="store_true", help="the files are pages/sides of one document")
    p.add_argument("--draw", metavar="PNG", help="save the page with field boxes drawn on it")
    _add_engine_args(p)

    p = sub.add_parser("classify", help="recognise the document type of images (which schema fits)")
    p.add_argument("images", nargs="+", help="image or PDF files")
    p.add_argument("--candidates", default=None, help="the schemas to choose among (a,b,c; default: all)")
    p.add_argument("--format", "-f", choices=["json", "table"], default="table")
    _add_engine_args(p)

    p = sub.add_parser("validate", help="normalise and check field values from a JSON file (no OCR)")
    p.add_argument("file", help="a JSON object of field name -> text ('-' for stdin)")
    p.add_argument("--schema", "-s", default="auto", help="built-in name or YAML path; auto: by the field names")
    p.add_argument("--format", "-f", choices=["json", "table"], default="json")
    _add_value_args(p)

    p = sub.add_parser("ocr", help="text lines with boxes")
    p.add_argument("image")
    p.add_argument("--format", "-f", choices=["json", "text"], default="text")
    _add_engine_args(p)

    sub.add_parser("schemas", help="list the available schemas")
    p = sub.add_parser("schema", help="show a schema")
    p.add_argument("action", choices=["show"])
    p.add_argument("name")
    p.add_argument("--language", choices=["zh", "en"], default="zh")

    p = sub.add_parser("prompt", help="print the rendered prompt of a schema")
    p.add_argument("schema")
    p.add_argument("--task", default="extract")
    p.add_argument("--language", choices=["zh", "en"], default="zh")

    sub.add_parser("engines", help="list engines and whether they can run here")

    p = sub.add_parser("demo", help="extract the bundled sample documents and score them against their truth")
    p.add_argument("folder", nargs="?", default="examples", help="images with JSON truth files (default: examples)")
    p.add_argument("--engine", default="rapidocr")
    p.add_argument("--format", "-f", choices=["table", "json"], default="table")

    p = sub.add_parser("serve", help="run the HTTP server (Function Compute custom container)")
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--port", type=int, default=None, help="default: $FC_CUSTOM_LISTEN_PORT or 9000")
    p.add_argument("--engine", default=None)
    p.add_argument("--with-vllm", action="store_true",
                   help="also start vLLM serving HunyuanOCR on 127.0.0.1 and use it (the FC vLLM image's command)")
    p.add_argument("--model", default=None, help="with --with-vllm: the weights folder (default $DOCEXTRACT_MODEL)")
    p.add_argument("--vllm-port", type=int, default=None, help="with --with-vllm: vLLM's port (default 8000)")

    p = sub.add_parser("batch", help="extract from many files into JSON lines, resumably")
    p.add_argument("input", help="a folder, a glob, or a text file listing paths")
    p.add_argument("--schema", "-s", required=True)
    p.add_argument("--out", "-o", required=True)
    p.add_argument("--engine", default=None)
    p.add_argument("--endpoint", default=None, help="send to a running docextract server instead")
    p.add_argument("--concurrency", type=int, default=4)
    _add_ray_args(p)
    return parser



def _add_ray_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Ray cluster (pip install 'docextract[ray]'; see docs/scaling.md)")
    g.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                   help="run on Ray (INPUT may then be a URI: s3://bucket/scans/): no value joins "
                   "$RAY_ADDRESS or a local cluster; auto, host:6379, ray://host:10001")
    g.add_argument("--actors", type=int, default=None, help="most engine actors (default: one per CPU or GPU)")
    g.add_argument("--batch-size", type=int, default=None, help="documents per actor call")
    g.add_argument("--threads", type=int, default=None, help="documents in flight per actor (vllm: 16)")
    g.add_argument("--gpus-per-actor", type=float, default=None, help="hunyuan: GPUs per actor (0.5: two per card)")
    g.add_argument("--doc-timeout", type=float, default=300.0, help="seconds per document before an error record")
    g.add_argument("--parquet", default=None, metavar="PATH", help="also write the results as Parquet")


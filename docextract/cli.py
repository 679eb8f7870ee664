"""The ``docextract`` command.

::

    docextract extract IMAGE... [--schema NAME|auto] [--engine E] [--format json|table] [--draw out.png]
    docextract classify IMAGE... [--candidates a,b] [--engine E]
    docextract validate FIELDS.json --schema NAME
    docextract ocr IMAGE [--engine E]
    docextract schemas | schema show NAME | prompt SCHEMA [--task T] [--language en]
    docextract engines
    docextract demo [FOLDER] [--engine E]
    docextract serve [--host H] [--port P] [--engine E | --with-vllm [--model FOLDER]]
    docextract batch INPUT --schema S --out results.jsonl [--engine E | --endpoint URL] [--concurrency N]
    docextract batch INPUT --schema S --out results.jsonl --ray [ADDRESS] [--actors N] [--parquet P]

Errors print one line on stderr and exit non-zero (codes in ``docextract.errors.EXIT_CODES``);
``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main", "build_parser"]


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


#: ExtractOptions fields whose flag has another name or meaning
_FLAG_ONLY = {"boxes", "engine_options", "api_key"}


def _engine_options(pairs: list[str] | None) -> dict | None:
    from .errors import InputError

    if not pairs:
        return None
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--engine-option must be KEY=VALUE, not {pair[:60]!r}", field="engine_options")
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


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


def _options(args: argparse.Namespace):
    """The one :class:`ExtractOptions` of a command: each flag given sets its option, the rest stay default."""
    import os

    from .options import ExtractOptions

    given = {name: getattr(args, name) for name in ExtractOptions.fields()
             if name not in _FLAG_ONLY and getattr(args, name, None) is not None}
    return ExtractOptions.build(None, **given, boxes=False if getattr(args, "no_boxes", False) else None,
                                engine_options=_engine_options(getattr(args, "engine_option", None)),
                                api_key=getattr(args, "api_key", None) or (os.environ.get("DOCEXTRACT_API_KEY")
                                                                           if hasattr(args, "api_key") else None))


def _candidates(args) -> list[str] | None:
    raw = getattr(args, "candidates", None)
    return [c.strip() for c in raw.split(",") if c.strip()] if raw else None


def _table(result) -> str:
    return result.to_table()


def _print_results(results: list, fmt: str) -> None:
    if fmt == "table":
        print("\n\n".join(_table(r) for r in results))
    elif len(results) == 1:
        print(results[0].to_json(indent=2))
    else:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))


def _cmd_extract(args) -> int:
    from .api import extract

    opts = _options(args)
    sources = [args.images] if args.one_document else args.images
    results = [extract(src, schema=args.schema, options=opts, candidates=_candidates(args)) for src in sources]
    _print_results(results, args.format)
    if args.draw:
        results[0].draw().save(args.draw)
        print(f"boxes drawn: {args.draw}", file=sys.stderr)
    return 0


def _cmd_validate(args) -> int:
    from .api import validate
    from .errors import InputError

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise InputError(f"{args.file}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{args.file}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"{args.file}: expected a JSON object of field name -> text")
    _print_results([validate(data, schema=args.schema, options=_options(args))], args.format)
    return 0


def _cmd_classify(args) -> int:
    from .api import classify
    from .errors import UnrecognizedDocument, exit_code

    opts = _options(args)
    rows, failed = [], 0
    for src in args.images:
        try:
            c = classify(src, options=opts, candidates=_candidates(args))
            rows.append({"file": src, **c.to_dict()})
        except UnrecognizedDocument as exc:
            failed += 1
            rows.append({"file": src, "schema_name": None, "error": str(exc), "scores": exc.scores})
    if args.format == "json":
        print(json.dumps(rows if len(rows) > 1 else rows[0], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            scores = ", ".join(f"{k} {v:.2f}" for k, v in list(r["scores"].items())[:4])
            print(f"{r['file']}\t{r['schema_name'] or 'unrecognised'}\t({scores})")
    return exit_code(UnrecognizedDocument()) if failed else 0


def _cmd_ocr(args) -> int:
    from .api import ocr

    opts = _options(args)
    res = ocr(args.image, options=opts)
    if args.format == "json":
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in res.lines:
            print(f"{line.text}\t{list(line.box) if line.box else ''}")
    return 0


def _cmd_schemas(args) -> int:
    from .schema import list_schemas, load_schema

    for name in list_schemas():
        schema = load_schema(name)
        print(f"{name:<18} v{schema.version:<5} {schema.title}")
    return 0


def _cmd_schema_show(args) -> int:
    from .schema import load_schema

    schema = load_schema(args.name)
    print(f"# {schema.name} v{schema.version}: {schema.title}\n")
    for f in schema.fields:
        req = " (required)" if f.required else ""
        print(f"- {f.name}: {f.type}{req}  labels: {' / '.join(f.all_labels())}")
        for s in f.fields:
            print(f"    - {s.name}: {s.type}  labels: {' / '.join(s.all_labels())}")
    if schema.checks:
        print("\nchecks: " + ", ".join(c.rule for c in schema.checks))
    print("\nprompt:\n" + schema.render_prompt("extract", args.language))
    print("\nJSON Schema:\n" + json.dumps(schema.json_schema(), ensure_ascii=False, indent=2))
    return 0


def _cmd_prompt(args) -> int:
    from .schema import load_schema

    print(load_schema(args.schema).render_prompt(args.task, args.language))
    return 0


def _cmd_engines(args) -> int:
    from .engines import available_engines, resolve_auto
    from .errors import DocextractError

    for name, ok in available_engines().items():
        print(f"{name:<10} {'available' if ok else 'not available'}")
    try:
        print(f"auto -> {resolve_auto()}")
    except DocextractError as exc:
        print(f"auto -> none ({exc})")
    return 0


def _cmd_demo(args) -> int:
    from .demo import run_demo

    return run_demo(args.folder, engine=args.engine, fmt=args.format)


def _cmd_serve(args) -> int:
    if args.with_vllm:
        from .supervisor import VllmSettings, serve_with_vllm

        import os

        on_fc = bool(os.environ.get("FC_FUNCTION_NAME"))  # FC calls /initialize; locally warm up at once
        return serve_with_vllm(args.host, args.port, warmup=None if on_fc else True,
                               vllm=VllmSettings.from_env(model=args.model, port=args.vllm_port))
    from .server import serve
    from .server.settings import Settings
    from .server.web import startup_line

    print(startup_line(Settings.from_env(host=args.host, port=args.port, engine=args.engine)), file=sys.stderr,
          flush=True)
    serve(host=args.host, port=args.port, engine=args.engine)
    return 0


def _cmd_batch(args) -> int:
    from .server.batch import run_batch

    ray_only = {"--actors": args.actors, "--batch-size": args.batch_size, "--threads": args.threads,
                "--gpus-per-actor": args.gpus_per_actor, "--parquet": args.parquet}
    if args.ray is None and any(v is not None for v in ray_only.values()):
        from .errors import InputError

        given = ", ".join(k for k, v in ray_only.items() if v is not None)
        raise InputError(f"{given}: only with --ray (run on a Ray cluster)")
    if args.ray is not None:
        from docextract.scale import extract_dataset

        if args.endpoint:
            from .errors import InputError

            raise InputError("give either --ray (run on a Ray cluster) or --endpoint (send to a server), not both")
        return extract_dataset(args.input, schema=args.schema, out=args.out, engine=args.engine,
                               address=args.ray or None, actors=args.actors, batch_size=args.batch_size,
                               threads=args.threads, gpus_per_actor=args.gpus_per_actor,
                               doc_timeout=args.doc_timeout, parquet=args.parquet)
    return run_batch(args.input, schema=args.schema, out=args.out, engine=args.engine, endpoint=args.endpoint,
                     concurrency=args.concurrency)


_COMMANDS = {"extract": _cmd_extract, "classify": _cmd_classify, "validate": _cmd_validate, "ocr": _cmd_ocr,
             "schemas": _cmd_schemas,
             "schema": _cmd_schema_show, "prompt": _cmd_prompt, "engines": _cmd_engines, "demo": _cmd_demo,
             "serve": _cmd_serve, "batch": _cmd_batch}


def main(argv: list[str] | None = None) -> int:
    from .errors import DocextractError, exit_code

    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args) or 0
    except DocextractError as exc:
        if args.debug:
            raise
        print(f"docextract: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("docextract: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if args.debug:
            raise
        print(f"docextract: unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

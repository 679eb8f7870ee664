"""The ``docextract`` command.

::

    docextract extract IMAGE... --schema NAME [--engine E] [--format json|table] [--draw out.png]
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
from typing import Any

__all__ = ["main", "build_parser"]


def _add_engine_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", default=None, help="auto (default), hunyuan, vllm, rapidocr")
    p.add_argument("--language", choices=["zh", "en"], default=None, help="label language of the prompt")
    p.add_argument("--model", default=None, help="model id or local folder (hunyuan), served name (vllm)")
    p.add_argument("--revision", default=None, help="model revision (hunyuan)")
    p.add_argument("--base-url", default=None, help="vLLM / OpenAI-compatible server URL")
    p.add_argument("--max-pixels", type=int, default=None, help="downscale larger images to this many pixels")
    p.add_argument("--no-boxes", action="store_true", help="skip the spotting pass that finds field boxes (VLMs)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docextract", description="Photos and scans of documents to typed, "
                                     "validated records.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract a record from images or PDFs")
    p.add_argument("images", nargs="+", help="image or PDF files")
    p.add_argument("--schema", "-s", default="cn_id_card", help="built-in name or YAML path")
    p.add_argument("--format", "-f", choices=["json", "table"], default="json")
    p.add_argument("--one-document", action="store_true", help="the files are pages/sides of one document")
    p.add_argument("--draw", metavar="PNG", help="save the page with field boxes drawn on it")
    _add_engine_args(p)

    p = sub.add_parser("validate", help="normalise and check field values from a JSON file (no OCR)")
    p.add_argument("file", help="a JSON object of field name -> text ('-' for stdin)")
    p.add_argument("--schema", "-s", default="cn_id_card")
    p.add_argument("--format", "-f", choices=["json", "table"], default="json")

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


def _options(args: argparse.Namespace):
    from .options import ExtractOptions

    return ExtractOptions.build(None, engine=getattr(args, "engine", None), language=getattr(args, "language", None),
                                model=getattr(args, "model", None), revision=getattr(args, "revision", None),
                                base_url=getattr(args, "base_url", None), max_pixels=getattr(args, "max_pixels", None),
                                boxes=False if getattr(args, "no_boxes", False) else None)


def _short(value: Any, width: int = 40) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(result) -> str:
    rows = [("field", "value", "raw", "conf", "status")]
    for name, fr in result.fields.items():
        value = fr.value
        if fr.items is not None:
            value = f"{len(fr.items)} item(s)"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        conf = "" if fr.confidence is None else f"{fr.confidence:.2f}"
        rows.append((name, _short(value), _short(fr.raw, 30), conf, fr.status))
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    out = [f"{result.schema_name} ({result.engine or 'no engine'})"]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    out.append("")
    for c in result.checks:
        mark = {"pass": "ok  ", "warn": "WARN", "fail": "FAIL"}[c.status]
        out.append(f"[{mark}] {c.code}: {c.message}")
    return "\n".join(out)


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
    results = [extract(src, schema=args.schema, engine=opts.engine, options=opts) for src in sources]
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
    _print_results([validate(data, schema=args.schema)], args.format)
    return 0


def _cmd_ocr(args) -> int:
    from .api import ocr

    opts = _options(args)
    res = ocr(args.image, engine=opts.engine, options=opts)
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

    for name, ok in available_engines().items():
        print(f"{name:<10} {'available' if ok else 'not available'}")
    try:
        print(f"auto -> {resolve_auto()}")
    except Exception as exc:  # noqa: BLE001 - informational
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


_COMMANDS = {"extract": _cmd_extract, "validate": _cmd_validate, "ocr": _cmd_ocr, "schemas": _cmd_schemas,
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

"""The ``docextract`` command's subcommands: one handler per command (``COMMANDS``), each taking the
parsed arguments and returning the exit code; errors are raised, and :func:`docextract.cli.main`
prints them as one line.

>>> from docextract.cli_args import build_parser
>>> options(build_parser().parse_args(["ocr", "a.png", "--no-boxes", "--locale", "en_US"])).boxes
False
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["COMMANDS", "options", "parse_engine_options"]


#: ExtractOptions fields whose flag has another name or meaning
_FLAG_ONLY = {"boxes", "engine_options", "api_key"}


def parse_engine_options(pairs: list[str] | None) -> dict | None:
    """``--engine-option KEY=VALUE`` flags as a dict, each value read as JSON where it parses (``6``, ``true``).

    >>> parse_engine_options(["rec_min_width=160", "ink=false", "name=x"])
    {'rec_min_width': 160, 'ink': False, 'name': 'x'}
    """
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



def options(args: argparse.Namespace):
    """The one :class:`ExtractOptions` of a command: each flag given sets its option, the rest stay default."""
    import os

    from .options import ExtractOptions

    given = {name: getattr(args, name) for name in ExtractOptions.fields()
             if name not in _FLAG_ONLY and getattr(args, name, None) is not None}
    return ExtractOptions.build(None, **given, boxes=False if getattr(args, "no_boxes", False) else None,
                                engine_options=parse_engine_options(getattr(args, "engine_option", None)),
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

    opts = options(args)
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
    _print_results([validate(data, schema=args.schema, options=options(args))], args.format)
    return 0


def _cmd_classify(args) -> int:
    from .api import classify
    from .errors import UnrecognizedDocument, exit_code

    opts = options(args)
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

    opts = options(args)
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


#: command name -> handler(args) -> exit code
COMMANDS = {"extract": _cmd_extract, "classify": _cmd_classify, "validate": _cmd_validate, "ocr": _cmd_ocr,
             "schemas": _cmd_schemas,
             "schema": _cmd_schema_show, "prompt": _cmd_prompt, "engines": _cmd_engines, "demo": _cmd_demo,
             "serve": _cmd_serve, "batch": _cmd_batch}

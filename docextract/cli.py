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
``--debug`` shows the traceback. The arguments are defined in :mod:`docextract.cli_args`, the
commands' handlers in :mod:`docextract.cli_commands`; this module runs them.
"""

from __future__ import annotations

import sys

from .cli_args import build_parser
from .cli_commands import COMMANDS

__all__ = ["main", "build_parser"]


def main(argv: list[str] | None = None) -> int:
    from .errors import DocextractError, exit_code

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args) or 0
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


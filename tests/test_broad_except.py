"""Broad ``except Exception`` only at the boundaries that translate or isolate errors.

Everywhere else a handler names what the guarded code raises (``FieldError``, stdnum's
``ValidationError``, babel's ``UnknownLocaleError`` …), so a bug is not swallowed as "no value".
A new broad handler outside :data:`BOUNDARIES` fails here; one inside must say why it is a boundary.
"""

from __future__ import annotations

import ast
from pathlib import Path

import docextract

PACKAGE = Path(docextract.__file__).resolve().parent

#: module (relative to the package) → why broad handlers belong there
BOUNDARIES = {
    "cli.py": "CLI top level: one line, not a traceback",
    "server/": "request handling, warm-up and batch: the server answers whatever happened",
    "supervisor_asgi.py": "the deployment's ASGI supervisor: errors handed on or reported",
    "scale/": "Ray batch: per-document isolation, inputs and cluster errors become records",
    "engines/": "engine boundary: backend errors translated into EngineError once",
    "images.py": "decoder boundary: PIL / pdfium errors on damaged data become InputError",
    "checks/__init__.py": "rule isolation: a rule's bug becomes a failing check",
    "normalize/identifiers.py": "optional-module probe: a stdnum module failing at import",
}
BROAD = {"Exception", "BaseException"}


def _broad_handlers(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ExceptHandler):
            continue
        types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        if node.type is None or any(isinstance(t, ast.Name) and t.id in BROAD for t in types):
            lines.append(node.lineno)
    return lines


def _allowed(rel: str) -> bool:
    return any(rel == b or (b.endswith("/") and rel.startswith(b)) for b in BOUNDARIES)


def test_broad_handlers_only_in_boundary_modules():
    outside, inside = [], 0
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for n in _broad_handlers(path):
            if _allowed(rel):
                inside += 1
            else:
                outside.append(f"{rel}:{n}")
    assert not outside, f"broad except outside the boundary modules (name the errors meant): {outside}"
    assert inside >= 1  # the walk found the package's handlers at all


def test_every_boundary_handler_says_why():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        src = path.read_text(encoding="utf-8").split("\n")
        for n in _broad_handlers(path):
            if "noqa: BLE001 -" not in src[n - 1]:
                missing.append(f"{path.relative_to(PACKAGE).as_posix()}:{n}")
    assert not missing, f"a broad handler needs '# noqa: BLE001 - <why this is a boundary>': {missing}"


def test_the_checker_sees_bare_tuple_and_plain_forms(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("try:\n    pass\nexcept Exception:\n    pass\ntry:\n    pass\nexcept (ValueError, BaseException):\n"
                 "    pass\ntry:\n    pass\nexcept:\n    pass\ntry:\n    pass\nexcept ValueError:\n    pass\n")
    assert _broad_handlers(f) == [3, 7, 11]

"""The data flows one way: the import graph of docextract (function-local imports included) has the
layers docs/ARCHITECTURE.md draws — the locate layer imports nothing above it, and the circles that
function-local imports used to hide (cli↔demo, locate.anchors↔locate.regions) are gone."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "docextract"


def _imports(path: Path) -> set[str]:
    """Every docextract module ``path`` imports (absolute dotted names)."""
    rel = path.relative_to(PKG.parent).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
            else:
                names = [node.module or ""]
            out.update(n for n in names if n.startswith("docextract"))
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("docextract"))
    return out


def test_locate_imports_nothing_above_it():
    allowed = ("docextract.errors", "docextract.types", "docextract.fieldtypes", "docextract.normalize",
               "docextract.checks", "docextract.locate", "docextract.data", "docextract.scoring",
               "docextract.kinds", "docextract.textmatch", "docextract.markread", "docextract.digitread")
    for path in (PKG / "locate").glob("*.py"):
        bad = [m for m in _imports(path) if not m.startswith(allowed)]
        assert not bad, f"{path.name} imports {bad}"
    assert not [m for m in _imports(PKG / "textmatch.py") if m.startswith("docextract")]   # a leaf
    below = ("docextract.errors", "docextract.normalize", "docextract.data")   # the scored choice's mechanism
    assert not [m for m in _imports(PKG / "scoring.py") if not m.startswith(below)]
    for name in ("markread.py", "digitread.py"):    # the amounts misread, read again before scoring
        assert not [m for m in _imports(PKG / name) if not m.startswith((*below, "docextract.scoring",
                                                                          "docextract.markread", "docextract.digitread"))]


def test_no_circles_between_cli_and_demo_or_anchors_and_regions():
    assert not any(m.startswith("docextract.cli") for m in _imports(PKG / "demo.py"))
    assert not any(m.startswith("docextract.locate.anchors") for m in _imports(PKG / "locate" / "regions.py"))


def test_lower_layers_do_not_reach_up():
    upper = ("docextract.api", "docextract.pipeline", "docextract.cli", "docextract.server")
    for name in ("errors.py", "fieldtypes.py", "types.py", "options.py", "records.py", "schema.py", "schema_spec.py",
                 "schema_parts.py", "schema_load.py",
                 "validation.py", "doctype.py", "document.py", "result.py"):
        bad = [m for m in _imports(PKG / name) if m.startswith(upper)]
        assert not bad, f"{name} imports {bad}"
    assert _imports(PKG / "fieldtypes.py") == set()  # its functions are named as strings

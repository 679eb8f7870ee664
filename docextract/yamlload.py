"""A YAML loader that remembers line numbers and refuses duplicate keys, aliases and huge input.

Mappings load as :class:`LineDict` (a ``dict`` with ``line`` and ``key_lines``), so schema errors
can name the line they come from. Aliases (``*name``) are refused, so a few hundred bytes cannot
expand into gigabytes (the "billion laughs" alias bomb); text over :data:`MAX_YAML_CHARS` and
nesting too deep for the parser are refused too, all as :class:`~docextract.errors.SchemaError`.

>>> data = load_yaml("a: 1\\nb:\\n  c: 2\\n", "x.yaml")
>>> data.line, data.key_lines["b"], data["b"].line
(1, 2, 3)
>>> load_yaml("a: 1\\na: 2\\n", "x.yaml")
Traceback (most recent call last):
...
docextract.errors.SchemaError: x.yaml, line 2: duplicate key 'a' (first on line 1)
>>> load_yaml("a: &x [1, 2]\\nb: [*x, *x]\\n", "bomb.yaml")
Traceback (most recent call last):
...
docextract.errors.SchemaError: bomb.yaml, line 2: YAML aliases (*x) are not allowed in a schema; write the value out
"""

from __future__ import annotations

import yaml

from .errors import SchemaError

__all__ = ["LineDict", "LineList", "load_yaml", "MAX_YAML_CHARS"]

#: the longest YAML text parsed at all (a schema is a few kB)
MAX_YAML_CHARS = 1024 * 1024


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


def _make_loader(filename: str):
    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise SchemaError(f"YAML aliases (*{event.anchor}) are not allowed in a schema; write the value out",
                                  file=filename, line=event.start_mark.line + 1)
            return super().compose_node(parent, index)

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise SchemaError("a mapping key must be a plain value", file=filename,
                                  line=key_node.start_mark.line + 1) from None
            if key in out:
                raise SchemaError(f"duplicate key {key!r} (first on line {out.key_lines[key]})",
                                  file=filename, line=key_node.start_mark.line + 1)
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out

    def construct_sequence(loader, node, deep=False):
        out = LineList(loader.construct_object(child, deep=True) for child in node.value)
        out.line = node.start_mark.line + 1
        out.item_lines = [child.start_mark.line + 1 for child in node.value]
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(text: str, filename: str = "<string>"):
    """Parse YAML text; syntax errors become :class:`SchemaError` with the file and line."""
    if not isinstance(text, str):
        raise SchemaError(f"YAML must be text, not {type(text).__name__}", file=filename)
    if len(text) > MAX_YAML_CHARS:
        raise SchemaError(f"the YAML text is longer than {MAX_YAML_CHARS:,} characters", file=filename)
    try:
        return yaml.load(text, Loader=_make_loader(filename))  # noqa: S506 - SafeLoader subclass
    except SchemaError:
        raise
    except RecursionError:
        raise SchemaError("the YAML is nested too deeply", file=filename) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemaError(f"YAML syntax error: {problem}", file=filename, line=line) from None

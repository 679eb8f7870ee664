"""Rendering HunyuanOCR prompts from the Jinja templates in ``prompts/``.

The wording is the model's official wording (see ``docs/prompts.md``); a schema supplies the
printed labels of its fields. Users can add folders of templates (``add_prompt_dir`` or
``DOCEXTRACT_PROMPT_PATH``) and a schema may name its own template (``prompt_template``).

>>> render_prompt("spotting")
'检测并识别图片中的文字，将文本坐标格式化输出。'
>>> render_prompt("extract", labels=["单价", "上车时间"])
"提取图片中的: ['单价', '上车时间'] 的字段内容，并按照 JSON 格式返回。"
>>> render_prompt("translate", language="en", to="en")[:60]
'First extract the text, then translate the text content into'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from .errors import PromptError
from .paths import builtin_dir

__all__ = ["render_prompt", "add_prompt_dir", "prompt_dirs", "pylist", "TARGET_LANGUAGES", "prompt_labels"]

#: translation targets: code -> (name in a Chinese prompt, name in an English prompt)
TARGET_LANGUAGES = {
    "en": ("英文", "English"), "zh": ("中文", "Chinese"), "ja": ("日文", "Japanese"), "ko": ("韩文", "Korean"),
    "fr": ("法文", "French"), "de": ("德文", "German"), "es": ("西班牙文", "Spanish"), "ru": ("俄文", "Russian"),
    "it": ("意大利文", "Italian"), "pt": ("葡萄牙文", "Portuguese"), "ar": ("阿拉伯文", "Arabic"),
    "th": ("泰文", "Thai"), "vi": ("越南文", "Vietnamese"), "id": ("印尼文", "Indonesian"),
    "ms": ("马来文", "Malay"), "tr": ("土耳其文", "Turkish"),
}

_extra_dirs: list[Path] = []
_envs: dict[tuple, jinja2.Environment] = {}


def pylist(items) -> str:
    """A Python list literal with single quotes, as in the official prompt: ``['a', 'b']``."""
    return "[" + ", ".join(repr(str(i)) for i in items) + "]"


def _builtin_dir() -> Path:
    return builtin_dir("prompts")


def add_prompt_dir(path: str | os.PathLike) -> None:
    """Look for templates in ``path`` too (before the built-ins)."""
    p = Path(path)
    if p not in _extra_dirs:
        _extra_dirs.insert(0, p)


def prompt_dirs() -> list[Path]:
    env = [Path(p) for p in os.environ.get("DOCEXTRACT_PROMPT_PATH", "").split(os.pathsep) if p]
    return [*_extra_dirs, *env, _builtin_dir()]


def _env() -> jinja2.Environment:
    dirs = tuple(str(d) for d in prompt_dirs())
    env = _envs.get(dirs)
    if env is None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs)), undefined=jinja2.StrictUndefined,
                                 autoescape=False, keep_trailing_newline=False)
        env.filters["pylist"] = pylist
        _envs[dirs] = env
    return env


def prompt_labels(schema, language: str) -> list[str]:
    """The printed labels the extraction prompt lists: one per top-level field, in schema order."""
    return [f.label(language) for f in schema.fields]


def render_prompt(task: str = "extract", *, schema: Any = None, language: str = "zh", template: str | None = None,
                  **variables: Any) -> str:
    """Render the prompt of ``task`` (``extract``, ``spotting``, ``read``, ``parse``, ``table``, ``formula``,
    ``chart``, ``translate`` with ``to=``, ``ask`` with ``question=``, ``value`` with ``label=``)."""
    if language not in ("zh", "en"):
        raise PromptError(f"prompt language must be 'zh' or 'en', not {language!r}")
    name = template or (schema.prompt_template if schema is not None and task == "extract" and
                        schema.prompt_template else f"{task}.j2")
    ctx: dict[str, Any] = {"language": language, **variables}
    if schema is not None:
        ctx.setdefault("labels", prompt_labels(schema, language))
        ctx.setdefault("schema", schema)
    if task == "translate":
        to = variables.get("to", "en")
        if to not in TARGET_LANGUAGES:
            raise PromptError(f"cannot translate to {to!r}; supported: {', '.join(TARGET_LANGUAGES)}")
        ctx["target_name_zh"], ctx["target_name_en"] = TARGET_LANGUAGES[to]
    if task == "ask" and not str(variables.get("question", "")).strip():
        raise PromptError("a question is needed for the 'ask' task")
    try:
        tmpl = _env().get_template(name)
        return tmpl.render(**ctx).strip()
    except jinja2.TemplateNotFound:
        raise PromptError(f"no prompt template {name!r} in {', '.join(str(d) for d in prompt_dirs())}") from None
    except jinja2.UndefinedError as exc:
        raise PromptError(f"template {name!r}: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise PromptError(f"template {exc.filename or name}, line {exc.lineno}: {exc.message}") from None

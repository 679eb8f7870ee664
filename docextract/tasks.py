"""Task names and recognising which task a free prompt asks for.

Engines use :func:`classify_prompt` to decide whether they can honour a prompt they were given
as plain text (the ``/ocr`` endpoint passes any prompt through). The prompt wording itself lives
in the Jinja templates of ``prompts/``.

>>> classify_prompt("检测并识别图片中的文字，将文本坐标格式化输出。")
'spotting'
>>> classify_prompt("识别图片中的文字")
'read'
>>> classify_prompt("Extract the text in the image.")
'read'
>>> classify_prompt("提取图片中的: ['姓名'] 的字段内容，并按照JSON格式返回。")
'extract'
>>> classify_prompt("这张发票的金额是多少？")
'ask'
"""

from __future__ import annotations

import re

__all__ = ["TASKS", "classify_prompt", "DEFAULT_MAX_NEW_TOKENS"]

TASKS = ("extract", "spotting", "read", "parse", "table", "formula", "chart", "translate", "ask")

#: generation budgets per task: extraction answers are short, full-page parsing is long
DEFAULT_MAX_NEW_TOKENS = {"extract": 1024, "spotting": 4096, "read": 4096, "parse": 8192, "table": 8192,
                          "formula": 2048, "chart": 4096, "translate": 8192, "ask": 1024}

_RULES: list[tuple[str, re.Pattern]] = [
    ("translate", re.compile(r"翻译|translat", re.I)),
    ("extract", re.compile(r"json|字段|的值|value of", re.I)),
    ("spotting", re.compile(r"坐标|coordinat|检测并识别|detect and recogni|spotting|bounding box|\bbox", re.I)),
    ("chart", re.compile(r"图表|chart|mermaid", re.I)),
    ("parse", re.compile(r"markdown", re.I)),
    ("table", re.compile(r"表格|table", re.I)),
    ("formula", re.compile(r"公式|formula|latex", re.I)),
    ("read", re.compile(r"^\s*(请)?(提取|识别|读取|输出)(一下)?(图片|图像|图中|图里|照片|文档)?(中|里|上)?的?"
                        r"(所有)?(文字|文本)"
                        r"(内容)?[。.!！]?\s*$|^\s*(please\s+)?(extract|read|recogni[sz]e|ocr|transcribe)\b.{0,40}"
                        r"\b(text|words)\b.{0,30}$|^\s*ocr\s*$|提取图中的字幕|subtitles", re.I)),
]


def classify_prompt(prompt: str) -> str:
    """The task a prompt asks for; anything unrecognised is a free question (``ask``)."""
    text = (prompt or "").strip()
    for task, pattern in _RULES:
        if pattern.search(text):
            return task
    return "ask"

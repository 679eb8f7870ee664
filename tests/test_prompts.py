"""Rendered prompts against HunyuanOCR's official wording (../shared/reference/hunyuanocr.md §1.1-1.2)."""

from __future__ import annotations

import pytest

from docextract.errors import PromptError
from docextract.prompts import add_prompt_dir, render_prompt
from docextract.schema import load_schema, load_schema_text
from docextract.tasks import classify_prompt

# Official wording, copied from the reference (1.0 README table and 1.5 tasks.py).
OFFICIAL = {
    ("spotting", "zh"): "检测并识别图片中的文字，将文本坐标格式化输出。",
    ("spotting", "en"): "Detect and recognize text in the image, and output the text coordinates in a formatted manner.",
    ("read", "zh"): "提取图中的文字。",
    ("read", "en"): "Extract the text in the image.",
    ("parse", "zh"): "提取文档图片中正文的所有信息用markdown格式表示，其中页眉、页脚部分忽略，表格用html格式表达，"
                     "文档中公式用latex格式表示，按照阅读顺序组织进行解析。",
    ("parse", "en"): "Extract all information from the main body of the document image and represent it in markdown "
                     "format, ignoring headers and footers. Tables should be expressed in HTML format, formulas in "
                     "the document should be represented using LaTeX format, and the parsing should be organized "
                     "according to the reading order.",
    ("table", "zh"): "把图中的表格解析为HTML。",
    ("table", "en"): "Parse the table in the image into HTML.",
    ("formula", "zh"): "识别图片中的公式，用LaTeX格式表示。",
    ("chart", "zh"): "解析图中的图表，对于流程图使用Mermaid格式表示，其他图表使用Markdown格式表示。",
}


@pytest.mark.parametrize("task, language", sorted(OFFICIAL))
def test_fixed_task_prompts_are_the_official_wording(task, language):
    assert render_prompt(task, language=language) == OFFICIAL[(task, language)]


def test_translation_prompt_is_the_official_one_for_english():
    assert render_prompt("translate", language="en", to="en") == (
        "First extract the text, then translate the text content into English. If it is a document, ignore the "
        "header and footer. Formulas should be represented in LaTeX format, and tables should be represented in "
        "HTML format.")
    assert render_prompt("translate", to="en") == (
        "先提取文字，再将文字内容翻译为英文。若是文档，则其中页眉、页脚忽略。公式用latex格式表示，表格用html格式表示。")
    assert "翻译为日文" in render_prompt("translate", to="ja")
    with pytest.raises(PromptError, match="cannot translate to 'xx'"):
        render_prompt("translate", to="xx")


def test_extraction_prompt_matches_the_official_taxi_invoice_example():
    # README example: Extract the content of the fields: ['单价', '上车时间', ...] from the image and return it in JSON format.
    labels = ["单价", "上车时间", "发票号码", "省前缀", "总金额", "发票代码", "下车时间", "里程数"]
    assert render_prompt("extract", language="en", labels=labels) == (
        "Extract the content of the fields: ['单价', '上车时间', '发票号码', '省前缀', '总金额', '发票代码', "
        "'下车时间', '里程数'] from the image and return it in JSON format.")
    assert render_prompt("extract", labels=labels) == (
        "提取图片中的: ['单价', '上车时间', '发票号码', '省前缀', '总金额', '发票代码', '下车时间', '里程数'] "
        "的字段内容，并按照 JSON 格式返回。")


def test_schema_prompt_lists_printed_labels_in_both_languages():
    s = load_schema("cn_id_card")
    assert s.render_prompt() == ("提取图片中的: ['姓名', '性别', '民族', '出生', '住址', '公民身份号码'] "
                                 "的字段内容，并按照 JSON 格式返回。")
    assert s.render_prompt(language="en").startswith("Extract the content of the fields: ['Name', 'Sex', ")
    assert s.render_prompt("spotting") == OFFICIAL[("spotting", "zh")]


def test_schema_can_name_its_own_template(tmp_path):
    (tmp_path / "ticket.j2").write_text("请输出{{ labels | join('、') }}。", encoding="utf-8")
    add_prompt_dir(tmp_path)
    s = load_schema_text("name: t\nprompt_template: ticket.j2\nfields:\n  - {name: a, labels: {zh: 车次}}\n"
                         "  - {name: b, labels: {zh: 票价}}\n")
    assert s.render_prompt() == "请输出车次、票价。"


def test_prompt_errors_are_prompt_errors(tmp_path):
    with pytest.raises(PromptError, match="no prompt template 'nope.j2'"):
        render_prompt("nope")
    with pytest.raises(PromptError, match="question"):
        render_prompt("ask", question="  ")
    with pytest.raises(PromptError, match="'zh' or 'en'"):
        render_prompt("read", language="fr")
    (tmp_path / "broken.j2").write_text("{% if %}", encoding="utf-8")
    add_prompt_dir(tmp_path)
    with pytest.raises(PromptError, match="line 1"):
        render_prompt("broken")


@pytest.mark.parametrize("task", ["spotting", "read", "parse", "table", "formula", "chart"])
def test_every_official_prompt_is_classified_as_its_task(task):
    for language in ("zh", "en"):
        assert classify_prompt(render_prompt(task, language=language)) == task
    assert classify_prompt(render_prompt("extract", labels=["a"])) == "extract"
    assert classify_prompt(render_prompt("translate", to="en")) == "translate"
    assert classify_prompt("识别图片中的文字") == "read"
    assert classify_prompt("What is the total amount?") == "ask"

"""A Word template is untrusted code: it cannot reach Python, cannot run away, and fails in Chinese."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from report_kit.cli import app
from report_kit.report.render import default_template_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"

WAY_OUT = "{{ cycler.__init__.__globals__.os.popen('touch pwned.txt').read() }}"
REFUSED = "出于安全原因不予套用。"


def _template(folder: Path, tag: str) -> Path:
    """The default template with one paragraph holding `tag`, typed as a template author would."""
    document = docx.Document(str(default_template_path()))
    document.add_paragraph(tag)
    path = folder / "模板.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def _compile(folder: Path, tag: str):
    result = CliRunner().invoke(app, ["compile", str(SAMPLE), "--template", str(_template(folder, tag)),
                                      "-o", str(folder / "报告.docx")])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


CASES = [
    # reaching for Python internals: refused before anything renders, naming the paragraph
    (WAY_OUT, "错误：Word 模板“模板.docx”不能使用：Word 模板访问了内部属性“__globals__”（以下划线开头），"
              f"{REFUSED}所在位置：“{WAY_OUT}”。"),
    ("{{ ''.__class__.__mro__ }}", "Word 模板访问了内部属性“__mro__”（以下划线开头）"),
    ("{{ agency['__class__'] }}", "Word 模板访问了内部属性“__class__”（以下划线开头）"),
    ("{{ agency.upper() }}", "Word 模板调用了函数或方法（标签中有“( )”），出于安全原因不予套用。"
                             "模板中只能使用变量、if 和 for。所在位置：“{{ agency.upper() }}”。"),
    ("{% set x = agency %}", "Word 模板使用了“set”语句，报告模板不支持。"),
    ("{{ agency|center(999999999) }}", "Word 模板使用了过滤器“center”，报告模板不支持。"),
    # a name built at render time gets past the static check and meets the sandbox
    ("{{ agency['_' ~ '_class__'] }}", "错误：Word 模板试图访问不允许的内容（以下划线开头的内部属性），出于安全原因不予套用。"),
    # runaway templates stop with a clear message
    ("{% for a in agency %}" * 8 + "{% endfor %}" * 8,
     "错误：Word 模板中的循环超过了 100 万次，已停止套用。请检查模板中的 for 循环。"),
    ("{{ 'x' * 300000000 }}", "错误：Word 模板生成的内容超过了 2000 万字，已停止套用。请检查模板。"),
    ("{% for a in agency %}{% for b in agency %}{% for c in agency %}{{ agency * 100000 }}"
     "{% endfor %}{% endfor %}{% endfor %}", "错误：Word 模板生成的内容超过了 2000 万字，已停止套用。"),
    ("{{ 10 ** 100000000 }}", "错误：Word 模板计算的数字过大（乘方），已停止套用。请检查模板。"),
    ("{{ '%0999999999d' % 1 }}", "错误：Word 模板使用了“%”格式化文字，报告模板不支持，出于安全原因不予套用。"),
    # mistakes while rendering: the tag is quoted
    ("{{ 1/0 }}", "错误：Word 模板套用时出错：标签“{{ 1/0 }}”无法计算（除以零）。请检查模板中的这个标签。"),
    ("{{ agency + 1 }}", "错误：Word 模板套用时出错：标签“{{ agency + 1 }}”无法计算（类型不符，例如把文字和数字相加）。"),
]


@pytest.mark.parametrize("tag, says", CASES, ids=range(len(CASES)))
def test_a_hostile_or_broken_template_is_exit_2_in_chinese(tag, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _compile(tmp_path, tag)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "报告.docx").exists()
    assert not (tmp_path / "pwned.txt").exists()


def test_the_sandbox_itself_blocks_internals_when_the_static_check_is_bypassed():
    """Defence in depth: the render environment, fed a parsed template directly, still refuses."""
    from jinja2.sandbox import SecurityError

    from report_kit.report.sandbox import ReportEnvironment

    environment = ReportEnvironment()
    template = environment.from_string("{{ x[name] }}")
    with pytest.raises(Exception) as refused:
        template.render(x="", name="__class__")
    assert "不允许" in str(refused.value)
    with pytest.raises(SecurityError):
        environment.getattr("", "__class__").__str__()


def test_an_ordinary_custom_template_still_renders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tag = "联系：{{ agency|upper }}{% if phone %}，{{ phone }}{% endif %}{% for p in overview_intro %}。{% endfor %}"
    result = _compile(tmp_path, tag)
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "报告.docx")).paragraphs]
    assert any(p.startswith("联系：某某市生态环境局，") and p.endswith("。") for p in paragraphs)

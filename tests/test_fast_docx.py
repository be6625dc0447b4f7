"""The compiled-template render (report/fast_docx.py) against docxtpl's: the same package, part by
part, for the default template and custom ones; templates it does not cover fall back to docxtpl;
the sandbox refuses the same templates on both paths."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from report_kit.api import load_submission
from report_kit.errors import TemplateError
from report_kit.report import fast_docx, render
from report_kit.report.render import default_template_path, load_template, prepare, render_report
from tests.helpers import SAMPLE, department_data


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _docxtpl_only(patched) -> None:
    """Make render_report take docxtpl's path, as for a template the fast path does not cover."""
    patched.setattr(render, "_prepared", lambda template: fast_docx.Prepared(frozenset(), None))


def _both(submission, template: bytes, monkeypatch) -> tuple[bytes, bytes]:
    """(fast, docxtpl) renders of one report."""
    fast = render_report(submission, template)
    with monkeypatch.context() as patched:
        _docxtpl_only(patched)
        slow = render_report(submission, template)
    return fast, slow


def _custom(*paragraphs: str, footer: str = "") -> bytes:
    document = docx.Document(str(default_template_path()))
    for text in paragraphs:
        document.add_paragraph(text)
    if footer:
        document.sections[0].footer.add_paragraph(footer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SUBMISSIONS = {
    "sample": lambda: load_submission(SAMPLE),
    "long agency, broken title": lambda: department_data("某某市某某区人民政府办公室（某某区政务服务数据管理局）"),
    "markup in the prose": lambda: _with_prose(department_data("某某局"), "A&B <b>不是标签</b>\t制表\n第二段 {{ agency }}"),
    "empty prose and zeros": lambda: _with_prose(department_data("某某局"), ""),
}


def _with_prose(submission, text: str):
    for key in submission.prose:
        submission.prose[key] = text
    return submission


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_default_template_parts_are_docxtpls(name, monkeypatch):
    fast, slow = _both(SUBMISSIONS[name](), load_template(), monkeypatch)
    assert fast_docx.compiled_for(load_template()) is not None  # the fast path ran
    assert _parts(fast) == _parts(slow)


def test_custom_template_parts_are_docxtpls(monkeypatch):
    template = _custom("联系：{{ agency|upper }}{% if phone %}，{{ phone }}{% endif %}",
                       "{%p for p in overview_intro %}", "{{ p }}", "{%p endfor %}", "合计 {{ t3_new_total }} 件")
    fast, slow = _both(load_submission(SAMPLE), template, monkeypatch)
    assert fast_docx.compiled_for(template) is not None
    assert _parts(fast) == _parts(slow)
    assert "联系：某某市生态环境局" in "".join(p.text for p in docx.Document(io.BytesIO(fast)).paragraphs)


def test_a_tag_in_the_footer_falls_back_to_docxtpl(monkeypatch):
    template = _custom(footer="{{ agency }}")
    fast, slow = _both(load_submission(SAMPLE), template, monkeypatch)
    assert fast_docx.compiled_for(template) is None
    assert _parts(fast) == _parts(slow)
    footer = docx.Document(io.BytesIO(fast)).sections[0].footer
    assert "某某市生态环境局" in [p.text for p in footer.paragraphs]


def test_a_draft_is_rendered_by_docxtpl_with_its_red_line():
    submission = load_submission(SAMPLE)
    package = render_report(submission, load_template(), draft="草稿：数据有 1 项错误")
    first = docx.Document(io.BytesIO(package)).paragraphs[0]
    assert first.text == "草稿：数据有 1 项错误"


@pytest.mark.parametrize("tag", ["{{ cycler.__init__.__globals__ }}", "{% for i in range(10**9) %}x{% endfor %}",
                                 "{{ agency + 1 }}"])
def test_the_sandbox_refuses_the_same_templates(tag, monkeypatch):
    template = _custom(tag)
    messages = []
    for fast in (True, False):
        with monkeypatch.context() as patched:
            if fast:
                prepare(template)
            else:
                _docxtpl_only(patched)
            with pytest.raises(TemplateError) as refused:
                render_report(load_submission(SAMPLE), template)
            messages.append(str(refused.value))
    assert messages[0] == messages[1]


def test_compiled_once_per_process():
    template = load_template()
    render_report(load_submission(SAMPLE), template)
    compiled = fast_docx.compiled_for(template)
    assert compiled is not None
    render_report(department_data("第三局"), template)
    assert fast_docx.compiled_for(template) is compiled


def test_tables_whose_shape_changes_per_report_are_docxtpls(monkeypatch):
    """A column loop gives each report its own number of cells: docxtpl's fix_tables then adds or
    removes grid columns. The fast path skips that walk only for a table shape it has seen the walk
    leave alone, so reports of one, three, five and again one and three paragraphs all match."""
    document = docx.Document(str(default_template_path()))
    row = document.add_table(rows=1, cols=3).rows[0]
    for cell, text in zip(row.cells, ("{%tc for p in overview_intro %}", "{{ p }}", "{%tc endfor %}")):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    template = out.getvalue()
    columns = []
    for count in (1, 3, 5, 1, 3, 3):
        submission = _with_prose(load_submission(SAMPLE), "\n".join(f"第{i}段" for i in range(count)))
        fast, slow = _both(submission, template, monkeypatch)
        assert fast_docx.compiled_for(template) is not None
        assert _parts(fast) == _parts(slow), count
        table = docx.Document(io.BytesIO(fast)).tables[-1]
        columns.append((len(table.rows[0].cells), len(table.columns)))
    assert columns == [(1, 1), (3, 3), (5, 5), (1, 1), (3, 3), (3, 3)]


@pytest.mark.parametrize("source, static", [
    ('<w:tbl><w:tr><w:tc><w:t>{{ agency }}</w:t></w:tc></w:tr></w:tbl>{% if phone %}<w:p/>{% endif %}', True),
    ('<w:tbl><w:tr>{% for p in overview_intro %}<w:tc><w:t>{{ p }}</w:t></w:tc>{% endfor %}</w:tr></w:tbl>', False),
    ('<w:tbl><w:tr>{% if phone %}</w:tr><w:tr>{% endif %}</w:tr></w:tbl>', False),
    ('<w:tbl><w:tr><w:tc w:x="{{ agency }}"><w:t/></w:tc></w:tr></w:tbl>', False),
])
def test_a_table_shape_is_reused_only_when_no_block_or_value_can_change_it(source, static):
    """The tags of tables outside every if/for block are the same in every render; a table tag
    inside a block, or cut by a printed value, makes each render's tags its own."""
    from report_kit.report.render import _environment

    template = _environment().from_string(source)
    shape = fast_docx.static_table_shape(template)
    assert (shape is not None) is static
    if static:
        assert shape == "".join(fast_docx._TABLE_SHAPE.findall(template.render(agency="甲<w:tc>", phone="1")))

"""The owner stamp of an existing report, read from docProps/core.xml: what python-docx reads."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document

from report_kit.errors import ReportKitError
from report_kit.api import compile_report, make_workbook, save_report
from report_kit.report.render import owner_stamp, report_owner

from .helpers import department_data


def test_stamp_read_directly_is_what_python_docx_reads(tmp_path):
    data = department_data("某某县（市）生态环境局")
    report = tmp_path / "r.docx"
    save_report(report, compile_report(data).docx, data)
    assert report_owner(report) == Document(str(report)).core_properties.keywords == owner_stamp(data)
    assert report_owner(report) == "report-kit|某某县（市）生态环境局|2024"


def test_not_a_report_has_no_owner(tmp_path):
    workbook = tmp_path / "w.xlsx"
    workbook.write_bytes(make_workbook("某某局", 2024))
    text = tmp_path / "t.docx"
    text.write_text("不是文档")
    data = department_data("某某局")
    full = compile_report(data).docx
    cut = tmp_path / "cut.docx"
    cut.write_bytes(full[: len(full) // 2])
    plain = tmp_path / "plain.docx"  # a Word document of someone else's: no keywords
    Document().save(str(plain))
    entity = tmp_path / "entity.docx"  # an entity in core.xml is not expanded
    with zipfile.ZipFile(entity, "w") as out:
        out.writestr("word/document.xml", "<w/>")
        out.writestr("docProps/core.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "report-kit|某某局|2024">]>'
                     '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                     'core-properties"><cp:keywords>&e;</cp:keywords></cp:coreProperties>')
    for path in (workbook, text, cut, plain, entity, tmp_path / "missing.docx"):
        assert report_owner(path) is None, path.name


def test_rerun_replaces_own_report_and_keeps_anothers(tmp_path):
    data = department_data("某某局")
    target = tmp_path / "报告.docx"
    save_report(target, compile_report(data).docx, data)
    save_report(target, compile_report(data).docx, data)  # the same agency and year: replaced
    other = department_data("另一局")
    with pytest.raises(ReportKitError):
        save_report(target, compile_report(other).docx, other)


def test_comment_stamp_of_a_hostile_agency_is_valid_xml_and_read_back(tmp_path):
    from xml.dom import minidom

    from report_kit.report.charts import render_svg
    from report_kit.report.formats import RenderOptions
    from report_kit.report.html import file_owner, page_html

    data = department_data("某局--><script>alert(1)</script>-")
    svg = tmp_path / "图解.svg"
    svg.write_bytes(render_svg(data, RenderOptions()))
    minidom.parse(str(svg))  # an XML comment holding "--" made the SVG unreadable to browsers
    fragment = page_html(data, fragment=True)
    assert "<script>" not in fragment.split("\n", 1)[0]
    assert "--" not in svg.read_text("utf-8").split("\n", 1)[0][4:-3]
    assert file_owner(svg) == owner_stamp(data) == "report-kit|某局--><script>alert(1)</script>-|2024"

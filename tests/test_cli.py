"""The commands as a coordinator runs them: exact messages, files written, exit codes 0/1/2."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import docx

from report_kit.form import FORM
from tests.helpers import edit_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2024-某某市生态环境局.xlsx"


def run(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "report_kit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


def test_help_is_chinese():
    done = run("--help")
    assert done.returncode == 0 and "政府信息公开工作年度报告" in done.stdout
    import typer

    from report_kit.cli import app

    commands = sorted(typer.main.get_command(app).commands)  # every registered command, none listed by hand
    assert {"make-workbook", "check", "compile", "aggregate", "export", "import", "audit", "draft"} <= set(commands)
    for command in commands:
        sub = run(command, "--help")
        assert sub.returncode == 0, command
        assert sub.stdout.startswith(f"用法：report-kit {command} [选项]"), command
        assert "显示本帮助并退出。" in sub.stdout and "Show this message" not in sub.stdout


def test_make_workbook_default_name_and_no_silent_overwrite(tmp_path):
    done = run("make-workbook", "--agency", "某某局", "--year", 2025, cwd=tmp_path)
    assert done.returncode == 0
    assert (tmp_path / "2025年政府信息公开工作年度报告填报表-某某局.xlsx").exists()
    again = run("make-workbook", "--agency", "某某局", "--year", 2025, cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.strip() == "错误：“2025年政府信息公开工作年度报告填报表-某某局.xlsx”已存在，未覆盖。如确需覆盖，请加 --overwrite。"


def test_usage_error_is_chinese_exit_2():
    done = run("check")
    assert done.returncode == 2 and "用法错误：缺少参数" in done.stderr and "Traceback" not in done.stderr


def test_check_exit_codes_and_json(tmp_path):
    assert run("check", SAMPLE).returncode == 0
    bad = edit_workbook(SAMPLE, tmp_path / "bad.xlsx", {"t3_new_natural": 61})
    done = run("check", bad)
    assert done.returncode == 1
    assert "[错误] R1 表三“自然人”列" in done.stdout and "bad.xlsx：有错误（错误 2 项" in done.stdout
    report = json.loads(run("check", bad, "--json").stdout)
    assert report["ok"] is False and report["findings"][0]["cells"][0]["ref"] == "表三!D5"


def test_compile_sample_writes_report_without_touching_input(tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(SAMPLE.read_bytes())
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    done = run("compile", source, "-o", tmp_path / "out.docx")
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    document = docx.Document(tmp_path / "out.docx")
    assert document.paragraphs[0].text == "某某市生态环境局\n2024年政府信息公开工作年度报告"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~report-kit")]


def test_compile_refuses_errors_then_force_says_so(tmp_path):
    bad = edit_workbook(SAMPLE, tmp_path / "bad.xlsx", {"t3_new_natural": 61})
    refused = run("compile", bad, "-o", tmp_path / "r.docx")
    assert refused.returncode == 1 and not (tmp_path / "r.docx").exists()
    assert "数据有错误，未生成报告" in refused.stderr
    forced = run("compile", bad, "-o", tmp_path / "r.docx", "--force")
    assert forced.returncode == 1 and (tmp_path / "r.docx").exists()
    assert "按 --force 强制生成" in forced.stderr


def test_compile_replaces_own_report_but_not_another_agencys(tmp_path):
    target = tmp_path / "report.docx"
    assert run("compile", SAMPLE, "-o", target).returncode == 0
    assert run("compile", SAMPLE, "-o", target).returncode == 0  # fix-and-recompile loop
    other = ROOT / "samples" / "2024-济宁高新区科技创新局.xlsx"
    clobber = run("compile", other, "-o", target)
    assert clobber.returncode == 2 and "已存在，未覆盖" in clobber.stderr


def test_custom_template_with_unknown_variable_is_refused(tmp_path):
    template = docx.Document()
    template.add_paragraph("{{ agency }} {{ agnecy }} {{ t3_new_totl }}")
    template.save(tmp_path / "t.docx")
    done = run("compile", SAMPLE, "--template", tmp_path / "t.docx", "-o", tmp_path / "o.docx")
    assert done.returncode == 2
    assert "使用了不存在的变量：agnecy、t3_new_totl" in done.stderr


def test_template_vars_lists_every_field():
    done = run("template-vars", "--json")
    variables = json.loads(done.stdout)
    assert "t3_handled_total_legal" in variables and "overview_intro" in variables and "title_agency" in variables
    assert len(variables) == len(FORM.fields) + 1  # every field, and the title's first line


def test_pdf_without_libreoffice_says_so(tmp_path):
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    done = run("compile", SAMPLE, "-o", tmp_path / "o.docx", "--pdf", env=env)
    assert done.returncode == 2 and (tmp_path / "o.docx").exists()
    assert "生成 PDF 需要 LibreOffice，但本机没有安装" in done.stderr


def test_export_round_trips_through_make_workbook(tmp_path):
    exported = tmp_path / "data.json"
    assert run("export", SAMPLE, "-o", exported).returncode == 0
    rebuilt = tmp_path / "rebuilt.xlsx"
    assert run("make-workbook", "--data", exported, "-o", rebuilt).returncode == 0
    again = tmp_path / "again.json"
    assert run("export", rebuilt, "-o", again).returncode == 0
    assert json.loads(exported.read_text("utf-8")) == json.loads(again.read_text("utf-8"))


def test_export_draft_and_template_say_where_they_wrote_as_other_commands_do(tmp_path):
    """A file in a folder under the current one is named relative to it, a bare name in full; the
    file holds exactly what the command prints without -o; a second run without --overwrite is refused."""
    (tmp_path / "导出").mkdir()
    printed = run("export", SAMPLE, cwd=tmp_path)
    exported = run("export", SAMPLE, "-o", Path("导出", "数据.json"), cwd=tmp_path)
    assert exported.returncode == 0 and exported.stdout == f"已导出：{Path('导出', '数据.json')}\n"
    assert (tmp_path / "导出" / "数据.json").read_text("utf-8") == printed.stdout
    drafted = run("draft", SAMPLE, "-o", "段落.txt", cwd=tmp_path)
    assert drafted.returncode == 0 and drafted.stdout == f"已写入：{tmp_path / '段落.txt'}\n"
    assert (tmp_path / "段落.txt").read_text("utf-8").rstrip("\n") + "\n" == run("draft", SAMPLE).stdout
    template = run("template", Path("导出", "模板.docx"), cwd=tmp_path)
    assert template.returncode == 0 and template.stdout == f"已导出默认模板：{Path('导出', '模板.docx')}\n"
    again = run("export", SAMPLE, "-o", Path("导出", "数据.json"), cwd=tmp_path)
    assert again.returncode == 2 and again.stdout == "" and again.stderr.startswith("错误：")


def test_fields_lists_ids_with_cells():
    done = run("fields")
    assert "t3_new_natural\t表三!D5\t件数\t一、本年新收政府信息公开申请数量 / 自然人" in done.stdout


def test_an_output_never_replaces_a_file_the_command_reads(tmp_path):
    """-o typed as an input's own name, even with --overwrite: the input stays as it was, exit 2."""
    import shutil

    returns = tmp_path / "回收"
    returns.mkdir()
    book = returns / "甲局.xlsx"
    shutil.copy(SAMPLE, book)
    data = tmp_path / "data.json"
    assert run("export", book, "-o", data).returncode == 0
    before = {p: p.read_bytes() for p in (book, data)}
    said = "是本次读取的输入文件，不能用输出覆盖它（--overwrite 也不行）。请用 -o 指定另一个文件名。"
    for args in (("compile", book, "-o", book), ("export", book, "-o", book), ("draft", data, "-o", data),
                 ("make-workbook", "--data", data, "-o", data), ("import", book, "-o", book),
                 ("aggregate", returns, "--agency", "某某县人民政府", "-o", book)):
        done = run(*args, "--overwrite", cwd=tmp_path)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert {p: p.read_bytes() for p in before} == before
    # this run's own earlier 汇总 among the returns is written anew, as before
    summary = returns / "汇总.xlsx"
    for _ in range(2):
        done = run("aggregate", returns, "--agency", "某某县人民政府", "-o", summary, "--overwrite", cwd=tmp_path)
        assert done.returncode == 0, done.stderr

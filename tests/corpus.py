"""The corpus of hostile inputs: every way a return arrives broken, with what the user must see.

Each Case builds its file in a folder, names the command to run on it, the exit code and the
exact Chinese sentences (or parts of them) the output must hold. `tests/test_corpus.py` runs
them all through the CLI; the session's last line counts them (see conftest.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import openpyxl

from report_kit.api import make_workbook
from report_kit.form import FORM
from tests import minipdf
from tests.helpers import department_data, edit_workbook

AGENCY = "某某局"


def consistent(folder: Path, name: str = "base.xlsx", agency: str = AGENCY) -> Path:
    """A return that passes every rule (the 2024 sample); the cases spoil it one way each."""
    path = folder / name
    if not path.exists():
        path.write_bytes(make_workbook(agency, 2024, department_data(agency)))
    return path


def spoiled(values: dict) -> Callable:
    def build(folder: Path, office) -> Path:
        return edit_workbook(consistent(folder), folder / "spoiled.xlsx", values)
    return build


def raw(content: bytes, name: str = "return.xlsx") -> Callable:
    def build(folder: Path, office) -> Path:
        (folder / name).write_bytes(content)
        return folder / name
    return build


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _other_xlsx() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "别的表"
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"0" * (120 * 1024 * 1024))
    return out.getvalue()


def _ods_bytes() -> bytes:
    """The parts that make a zip an OpenDocument spreadsheet (mimetype first, stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


# An OLE compound file: Excel's password-to-open file holds an EncryptedPackage stream.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
_ENCRYPTED = _OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512


def _truncated(folder: Path, office) -> Path:
    path = folder / "cut.xlsx"
    path.write_bytes(consistent(folder).read_bytes()[:9000])
    return path


def _directory(folder: Path, office) -> Path:
    path = folder / "填报表.xlsx"
    path.mkdir()
    return path


def _edited(name: str, change: Callable) -> Callable:
    def build(folder: Path, office) -> Path:
        book = openpyxl.load_workbook(consistent(folder))
        change(book)
        book.save(folder / name)
        return folder / name
    return build


def _older_version(book) -> None:
    for row in book["_meta"].iter_rows():
        if row[0].value == "template_version":
            row[1].value = "0"


def _total_typed_over(book) -> None:
    book["表三"].protection.sheet = False
    book["表三"][FORM.field("t3_new_total").cell] = 90


def _in_office(actions: list[dict]) -> Callable:
    def build(folder: Path, office) -> Path:
        target = folder / "office.xlsx"
        outcome = office.fill(consistent(folder), target, actions)
        assert outcome["refused"] == [], outcome
        return target
    return build


def _renamed_in_xml(sheet: str, title: str) -> Callable:
    """The sheet renamed in workbook.xml as Excel saves it: its defined names quote the new title
    with each apostrophe doubled ('表三''s'!$D$5)."""
    def build(folder: Path, office) -> Path:
        target = folder / "renamed.xlsx"
        quoted = title.replace("'", "''")
        with zipfile.ZipFile(consistent(folder)) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for member in source.infolist():
                data = source.read(member)
                if member.filename == "xl/workbook.xml":
                    data = data.decode().replace(f'name="{sheet}"', f'name="{title}"').replace(
                        f"'{sheet}'!", f"'{quoted}'!").encode()
                out.writestr(member, data)
        return target
    return build


def _saved_as_ods(folder: Path, office) -> Path:
    target = folder / "填报表.ods"
    office.fill(consistent(folder), target, [])
    return target


def _hostile_agency(name: str) -> Callable:
    def build(folder: Path, office) -> Path:
        return consistent(folder, "hostile.xlsx", agency=name)
    return build


def _prose(folder: Path, office) -> Path:
    return edit_workbook(consistent(folder), folder / "prose.xlsx",
                         {"overview_intro": "2024年，<b>&amp; {{ agency }} {% if x %}{#注释#}&nbsp;"})


def cell(field_id: str) -> str:
    f = FORM.field(field_id)
    return f"{f.ref}（{f.label}）"


PENALTY = cell("t2_penalty")
NATURAL = cell("t3_new_natural")
PASSED = "通过（错误 0 项，提示 0 项）"
CHANGED_FORM = "已按格子名称读取，数值不受影响"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable  # (folder, office) -> the path to hand to the command
    exit_code: int
    says: tuple[str, ...]
    command: str = "check"
    office: bool = False  # needs a real LibreOffice
    report_says: tuple[str, ...] = ()  # paragraphs the compiled .docx must hold, as typed
    options: tuple[str, ...] = ()  # after the path(s); "{folder}" is the case's folder
    topic: str = "基础"  # the summary line counts cases by topic


CASES = (
    # The file cannot be used at all: exit 2, one sentence, nothing else.
    Case("empty file", raw(b""), 2, ("错误：“return.xlsx”是空文件（0 字节），可能在传输中损坏，请对方重新发送。",)),
    Case("docx renamed .xlsx", raw(_docx_bytes()), 2, ("错误：“return.xlsx”是Word 文档，不是 Excel 填报表。",)),
    Case("csv renamed .xlsx", raw("机关,数量\n某局,3\n".encode()), 2,
         ("错误：“return.xlsx”不是 Excel 工作簿（.xlsx），可能是其他格式的文件改了扩展名，或在传输中损坏。",)),
    Case("a folder, not a file", _directory, 2, ("错误：没有找到可检查的文件（.xlsx 或 .json）。",)),
    Case("missing file", lambda folder, office: folder / "nowhere.xlsx", 2,
         ("错误：找不到文件“", "nowhere.xlsx”。")),
    Case("truncated by a mail gateway", _truncated, 2, ("错误：“cut.xlsx”已损坏",)),
    Case("a whole document pasted as the agency", spoiled({"agency": "某" * 600}), 1,
         ("[错误] F1 基本信息!B3（机关名称）：“某某某某某某某某某某某某某某某某某某某某……（共 600 个字符）”远长于一行基本信息"
          "（最多 500 个字），可能粘贴错了内容，请改正。", "错误 1 项")),
    Case("-o names the return itself, with --overwrite", lambda folder, office: consistent(folder), 2,
         ("base.xlsx”是本次读取的输入文件，不能用输出覆盖它（--overwrite 也不行）。请用 -o 指定另一个文件名。",),
         command="compile", options=("-o", "{folder}/base.xlsx", "--overwrite")),
    Case("empty published report", raw(b"", "报告.pdf"), 2,
         ("错误：“报告.pdf”是空文件（0 字节），可能在传输中损坏，请对方重新发送。",), command="import"),
    Case("binary garbage as a published report", raw(bytes(range(256)) * 16, "报告.html"), 2,
         ("错误：“报告.html”不是可读取的年度报告（内容不是文字，既不是 PDF、网页，也不是 Word 文件，可能在下载或传输中损坏，"
          "请重新下载）。",), command="audit"),
    Case("zip bomb", raw(_zip_bomb()), 2,
         ("错误：“return.xlsx”解压后超过 20 MB，远大于正常的填报表（约 200 KB），为安全起见不予读取。",)),
    Case("password to open", raw(_ENCRYPTED), 2, ("错误：“return.xlsx”设置了打开密码，无法读取。",)),
    Case("old .xls", raw(_OLE + b"\0" * 512, "return.xls"), 2,
         ("错误：“return.xls”是旧版 .xls 格式（或其他 Office 文件），不是本工具下发的 .xlsx 填报表。"
          "请对方在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。",)),
    Case("WPS .et", raw(_OLE + b"\0" * 512, "return.et"), 2,
         ("错误：“return.et”是 WPS 表格专用的 .et 格式。请对方在 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。",)),
    Case("LibreOffice .ods", raw(_ods_bytes(), "return.ods"), 2,
         ("错误：“return.ods”是 OpenDocument 表格（.ods）格式。请对方在 LibreOffice 或 WPS 中“另存为” Excel 工作簿"
          "（.xlsx）后重新发送。",)),
    Case("another workbook", raw(_other_xlsx()), 2,
         ("错误：“return.xlsx”不是 report-kit 生成的填报表（缺少表单标识）。请使用汇总单位下发的填报表填写。",)),
    Case("older template version", _edited("old.xlsx", _older_version), 2,
         ("错误：“old.xlsx”是第 0 版填报表，本工具需要第 1 版。请使用新下发的填报表重新填写。",)),
    Case("names deleted", _edited("names.xlsx", lambda b: b.defined_names.pop("t3_new_natural")), 2,
         ("错误：“names.xlsx”被改动过：1 个格子的名称丢失或指向已删除的工作表（一、本年新收政府信息公开申请数量 / 自然人），"
          "无法可靠读取。请使用新下发的填报表重新填写。",)),
    Case("sheet deleted", _edited("no-t4.xlsx", lambda b: b.remove(b["表四"])), 2,
         ("错误：“no-t4.xlsx”被改动过：15 个格子的名称丢失或指向已删除的工作表",)),
    Case("saved as .ods by LibreOffice", _saved_as_ods, 2, ("错误：“填报表.ods”是 OpenDocument 表格（.ods）格式。",),
         office=True),
    # Values that cannot be used: exit 1, the cell and what to do.
    Case("protection removed, total typed over", _edited("open.xlsx", _total_typed_over), 1, (
        "工作表“表三”的保护已被取消。本工具已逐格重新核对，但请提醒填报单位不要取消保护。",
        f"{cell('t3_new_total')}：总计格子的公式被改成了数值 90。",
        "表三“一、本年新收政府信息公开申请数量”行：总计 = 六类申请人之和：总计 = 90，应等于六类申请人之和 = 95"
        "（60 + 20 + 2 + 3 + 6 + 4），相差 5。")),
    Case("text", spoiled({"t2_penalty": "三十"}), 1,
         (f"{PENALTY}：“三十”不是数字。此处只填数字，文字说明请写在“文字内容”表的相应小节。",)),
    Case("text with a number", spoiled({"t2_penalty": "22（其中修订16件）"}), 1,
         (f"{PENALTY}：“22（其中修订16件）”不是数字。",)),
    Case("negative", spoiled({"t2_penalty": -3}), 1, (f"{PENALTY}：-3 是负数，此处只能填不小于 0 的数。",)),
    Case("fraction", spoiled({"t2_penalty": 2.5}), 1, (f"{PENALTY}：2.5 不是整数，件数只能填整数。",)),
    Case("scientific notation", spoiled({"t2_penalty": "1.2E+3"}), 1,
         (f"{PENALTY}：“1.2E+3”是科学计数法，可能已丢失位数。请直接填写完整的数字。",)),
    Case("huge", spoiled({"t2_penalty": 10**13}), 1, (f"{PENALTY}：10000000000000 大得不合常理，请核对。",)),
    Case("formula in an input", spoiled({"t2_penalty": "=SUM(1,2)"}), 1,
         (f"{PENALTY}：填的是公式“=SUM(1,2)”。请直接填写数字，不要填公式。",)),
    Case("logical value", spoiled({"t2_penalty": True}), 1, (f"{PENALTY}：填的是逻辑值“True”，请填写数字。",)),
    Case("sums do not hold", spoiled({"t3_new_natural": 61}), 1,
         ("表三“自然人”列：一 + 二 = （七）总计 + 四：一+二 = 64（61 + 3），应等于（七）总计+四 = 63（59 + 4），相差 1。",)),
    # Cleaned or read as 0, and said so: exit 0 with a notice.
    Case("full-width digits", spoiled({"t2_penalty": "１２"}), 0,
         (f"{PENALTY}：“１２”已按 12 读取（全角字符改为半角、以文本形式保存的数字）。",)),
    Case("spaces", spoiled({"t2_penalty": " 3 "}), 0, (f"{PENALTY}：“ 3 ”已按 3 读取（去掉了空格、以文本形式保存的数字）。",)),
    Case("thousands separator", spoiled({"t2_penalty": "12,345"}), 0,
         (f"{PENALTY}：“12,345”已按 12345 读取（去掉了千位分隔符、以文本形式保存的数字）。",)),
    Case("slash for none", spoiled({"t2_penalty": "/"}), 0, (f"{PENALTY}：填的是“/”，按 0 计算。请改填数字 0。",)),
    Case("blank", spoiled({"t2_penalty": None}), 0, (f"{PENALTY}：是空白，按 0 计算。如确实为 0，请填写数字 0。",)),
    Case("prose with XML and Jinja syntax", _prose, 0, ("已生成报告：",), command="compile",
         report_says=("2024年，<b>&amp; {{ agency }} {% if x %}{#注释#}&nbsp;",)),
    Case("agency =HYPERLINK(…)", _hostile_agency('=HYPERLINK("http://x","点我")'), 0, (PASSED,)),
    Case("agency +1", _hostile_agency("+1办公室"), 0, (PASSED,)),
    Case("agency -1", _hostile_agency("-1科"), 0, (PASSED,)),
    Case("agency @", _hostile_agency("@某某中心"), 0, (PASSED,)),
    # Changed in a real office: the names follow the cells, so the values hold; the change is reported.
    Case("sheet renamed in LibreOffice", _in_office([
        {"action": "unprotect_book", "password": "report-kit"},
        {"action": "rename_sheet", "sheet": "表三", "name": "Sheet3"}]), 0,
        (f"工作表“表三”被改名为“Sheet3”。{CHANGED_FORM}；请提醒填报单位不要改动工作表。",), office=True),
    Case("sheet renamed 表三's in LibreOffice", _in_office([
        {"action": "unprotect_book", "password": "report-kit"},
        {"action": "rename_sheet", "sheet": "表三", "name": "表三's"}]), 0,
        (f"工作表“表三”被改名为“表三's”。{CHANGED_FORM}；请提醒填报单位不要改动工作表。", "仅有提示（错误 0 项，提示 1 项）"),
        office=True),
    Case("sheet renamed 表三's as Excel writes it", _renamed_in_xml("表三", "表三's"), 0,
         (f"工作表“表三”被改名为“表三's”。{CHANGED_FORM}；请提醒填报单位不要改动工作表。", "仅有提示（错误 0 项，提示 1 项）")),
    Case("rows inserted in LibreOffice", _in_office([
        {"action": "unprotect", "sheet": "表三", "password": "report-kit"},
        {"action": "insert_rows", "sheet": "表三", "row": 4, "count": 2}]), 0, (
        "工作表“表三”的保护已被取消。",
        f"工作表“表三”插入或删除过行、列：一、本年新收政府信息公开申请数量 / 自然人原在 D5，现在在 D7。{CHANGED_FORM}"),
        office=True),
)


# --- Values that pass every format and validation but are wrong (issue 10, category 7) ---

def _formatted(field_id: str, value, number_format: str) -> Callable:
    def change(book) -> None:
        f = FORM.field(field_id)
        book[f.sheet][f.cell].value = value
        book[f.sheet][f.cell].number_format = number_format
    return _edited("formatted.xlsx", change)


def _repointed(book) -> None:
    book.defined_names["t3_new_natural"].attr_text = "'表三'!$D$20"


FEES = cell("t2_fees")
WRONG_VALUES = "看似正常的错误值"
TRUST = tuple(Case(**{**case, "topic": WRONG_VALUES}) for case in (
    dict(name="date serial in a count", build=spoiled({"t3_new_natural": 46024}), exit_code=1, says=(
        f"{NATURAL}：46024 正好是日期 2026年1月2日 在表格软件中的序号，很可能是输入“1/2”时被自动变成了日期。"
        "这里的件数不会这么多，请重新填写。",)),
    dict(name="1/2 typed in LibreOffice", build=_in_office([
        {"sheet": "表三", "cell": FORM.field("t3_new_natural").cell, "typed": "1/2"}]), exit_code=1,
        says=(f"{NATURAL}：", "很可能是输入“1/2”时被自动变成了日期。这里的件数不会这么多，请重新填写。"), office=True),
    dict(name="date serial in 表二 (large counts are real there)", build=spoiled({"t2_penalty": 46024}), exit_code=0,
         says=(f"{PENALTY}：46024 正好是日期 2026年1月2日 在表格软件中的序号，可能是输入“1/2”时被自动变成了日期。"
               "请核对；如确实是 46024 件，可忽略本提示。",)),
    dict(name="date-formatted count", build=_formatted("t3_new_natural", 45659, "m/d"), exit_code=1,
         says=(f"{NATURAL}：填的是日期“2025-01-02”（输入“1/2”这类写法会被表格软件自动变成日期）。请填写数字。",)),
    dict(name="15% typed into 万元 (percent format)", build=_formatted("t2_fees", 0.15, "0%"), exit_code=1,
         says=(f"{FEES}：填的是百分比“15%”。此处只填数字（金额单位为万元，件数为整数），不要填百分比。",)),
    dict(name="15% as text in 万元", build=spoiled({"t2_fees": "15%"}), exit_code=1,
         says=(f"{FEES}：填的是百分比“15%”。",)),
    dict(name="100% in a count", build=_formatted("t2_penalty", 1, "0%"), exit_code=1,
         says=(f"{PENALTY}：填的是百分比“100%”。",)),
    dict(name="defined name re-pointed", build=_edited("repointed.xlsx", _repointed), exit_code=2, says=(
        "错误：“repointed.xlsx”被改动过：1 个格子的名称被改为指向别的位置（一、本年新收政府信息公开申请数量 / 自然人"
        "原在 表三!D5，现在指向 表三!D20），无法确定数值应从哪个格子读取。请使用新下发的填报表重新填写。",)),
))
CASES = CASES + TRUST


# --- Arguments (issue 10, category 8) ---

def _nothing(folder: Path, office) -> list:
    return []


def _year(year: str) -> Case:
    return Case(f"make-workbook --year {year}", _nothing, 2, (
        f"错误：报告年度 {year} 无效：应在 2008 年（《中华人民共和国政府信息公开条例》施行）至 ",),
        command="make-workbook", options=("--agency", AGENCY, "--year", year), topic="参数")


CASES = CASES + tuple(_year(y) for y in ("-5", "0", "1999", "99999")) + (
    Case("--jobs abc", lambda folder, office: [consistent(folder), consistent(folder, "b.xlsx", "乙局")], 2,
         ("用法错误：参数 --jobs 的值无效：应填写整数。",), options=("--jobs", "abc"), topic="参数"),
    Case("--jobs 0", lambda folder, office: [consistent(folder), consistent(folder, "b.xlsx", "乙局")], 2,
         ("错误：--jobs 0 无效：进程数应为不小于 1 的整数。",), options=("--jobs", "0"), topic="参数"),
    Case("output inside a file", lambda folder, office: (consistent(folder), [])[1], 2, ("错误：输出文件夹“", "base.xlsx”不存在。"),
         command="make-workbook", options=("--agency", AGENCY, "-o", "{folder}/base.xlsx/新.xlsx"), topic="参数"),
)


# --- Last year's data named for one agency (--previous a file): its agency and the year before ---

PUBLISHED = Path(__file__).resolve().parent / "data" / "published"
RENAMED = ("如果机关确实更名了，可先把上年数据导出为 JSON（填报表用 report-kit export，已发布的报告用 report-kit import），"
           "把其中的机关名称（agency）改为“{agency}”，再用 --previous 指定这个 JSON 文件。")


def _other_agency(agency: str, previous: str, name: str) -> str:
    return (f"错误：上年数据“{name}”是“{previous}”的，而本年的机关是“{agency}”，不能用于跨年核对或结转。"
            f"请改用“{agency}”自己的上年数据；" + RENAMED.format(agency=agency))


def _two_agencies(folder: Path, office) -> list:
    _last_year(folder / "上年", "某某县人社局", 2024)
    return [_return(folder / "回收", "某某县教育局", 1, 2025)]


def _this_years_as_last(folder: Path, office) -> list:
    _last_year(folder / "上年", "某某县教育局", 2025)
    return [_return(folder / "回收", "某某县教育局", 1, 2025)]


def _hongze_2025(folder: Path, office) -> list:
    return [_return(folder / "回收", "淮安市洪泽区人民政府", 1, 2025)]


def _county_summary(folder: Path, office) -> list:
    return [_return(folder, "某某县人民政府", 1, 2025, name="汇总.xlsx")]


EDU = "某某县教育局"
CASES = CASES + tuple(Case(**{**case, "topic": "参数"}) for case in (
    dict(name="check --previous another agency's return", build=_two_agencies, exit_code=2,
         options=("--previous", "{folder}/上年/某某县人社局-2024.xlsx"),
         says=(_other_agency(EDU, "某某县人社局", "某某县人社局-2024.xlsx"),)),
    dict(name="make-workbook --previous another agency's return",
         build=lambda folder, office: (_two_agencies(folder, office), [])[1], exit_code=2,
         command="make-workbook", options=("--agency", EDU, "--year", "2025", "-o", "{folder}/新.xlsx",
                                           "--previous", "{folder}/上年/某某县人社局-2024.xlsx"),
         says=(_other_agency(EDU, "某某县人社局", "某某县人社局-2024.xlsx"),)),
    dict(name="compile a county's 汇总 --previous another area's published report", build=_county_summary,
         exit_code=2, command="compile", options=("--previous", str(PUBLISHED / "pingtan_gov_2024.html")),
         says=(_other_agency("某某县人民政府", "平潭综合实验区", "pingtan_gov_2024.html"),)),
    dict(name="audit --previous another area's published report", build=lambda folder, office:
         [PUBLISHED / "huaian_hongze_2023.pdf"], exit_code=2, command="audit",
         options=("--previous", str(PUBLISHED / "pingtan_gov_2024.html")),
         says=(_other_agency("洪泽区人民政府", "平潭综合实验区", "pingtan_gov_2024.html"),)),
    dict(name="check --previous this year's own return", build=_this_years_as_last, exit_code=2,
         options=("--previous", "{folder}/上年/某某县教育局-2025.xlsx"),
         says=("错误：上年数据“某某县教育局-2025.xlsx”是 2025 年的，而报告年度是 2025 年，应使用 2024 年的数据。",)),
    dict(name="check --previous a published report two years old", build=_hongze_2025, exit_code=2,
         options=("--previous", str(PUBLISHED / "huaian_hongze_2023.pdf")),
         says=("错误：上年数据“huaian_hongze_2023.pdf”是 2023 年的，而报告年度是 2025 年，应使用 2024 年的数据。",)),
))


# --- Odd data files (issue 10, category 3) ---

SAMPLE_JSON = Path(__file__).resolve().parents[1] / "samples" / "2024-某某市生态环境局.json"
ODD_DATA = "异常数据文件"


def _json(change: Callable[[dict], object] | None = None, text: str | None = None) -> Callable:
    def build(folder: Path, office) -> Path:
        path = folder / "data.json"
        if text is not None:
            path.write_text(text, encoding="utf-8")
            return path
        data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
        change(data)
        # ASCII escapes carry a lone surrogate; "__BIG__" stands for a number json.dumps cannot write
        path.write_text(json.dumps(data).replace('"__BIG__"', "9" * 5000), encoding="utf-8")
        return path
    return build


def _set(section: str, key: str, value) -> Callable[[dict], None]:
    return lambda data: data[section].__setitem__(key, value)


def _roster(content: str) -> Callable:
    def build(folder: Path, office) -> list:
        (folder / "名单.csv").write_text(content, encoding="utf-8")
        return [consistent(folder)]
    return build


def _meta_value(key: str, value: str) -> Callable:
    def change(book) -> None:
        book["_meta"].append([key, value])
    return _edited("meta.xlsx", change)


def _typed_control(folder: Path, office) -> Path:
    """A control character in prose as Excel stores it (_x0001_): openpyxl writes the text as is."""
    return edit_workbook(consistent(folder), folder / "ctrl.xlsx", {"overview_intro": "2024年，_x0001_本机关_x005F_x0002_。"})


AGENCY_WHERE = "数据文件 agency（机关名称）"
INTRO = cell("overview_intro")
CONTROLS = "个看不见的控制字符（多由复制粘贴带入），已删除。"
CASES = CASES + tuple(Case(**{**case, "topic": ODD_DATA}) for case in (
    dict(name="control character in a JSON agency", build=_json(_set("facts", "agency", "某某\x01市生态环境局")),
         exit_code=0, says=(f"{AGENCY_WHERE}：含有 1 {CONTROLS}",)),
    dict(name="control characters and a lone surrogate in JSON prose",
         build=_json(_set("prose", "overview_intro", "2024年\x00，本机关\x1b[31m\ud800坚持公开。")),
         exit_code=0, command="compile", says=(f"数据文件 overview_intro（一、总体情况（总述））：含有 3 {CONTROLS}", "已生成报告："),
         report_says=("2024年，本机关[31m坚持公开。",)),
    dict(name="5,000-digit number in JSON", build=_json(_set("values", "t2_penalty", "__BIG__")),
         exit_code=1, says=("数据文件 t2_penalty（第二十条第（六）项 行政处罚 / 本年处理决定数量）：99999999999999999999……（共 5000 个字符）"
                            " 大得不合常理，请核对。",)),
    dict(name="JSON with a list for a count and for the agency",
         build=_json(lambda d: (_set("values", "t2_penalty", [1, 2])(d), _set("facts", "agency", ["某局"])(d))),
         exit_code=1, says=(
             "数据文件 t2_penalty（第二十条第（六）项 行政处罚 / 本年处理决定数量）：“[1, 2]”不是数字。",
             "[错误] F1 数据文件 agency（机关名称）：这里应是一段文字，数据文件中却是“[\"某局\"]”（JSON 的列表或对象）。"
             "请改为用英文双引号括起的文字。")),
    dict(name="draft -o names the data file itself", build=_json(lambda data: None), exit_code=2,
         says=("data.json”是本次读取的输入文件", "请用 -o 指定另一个文件名。"), command="draft",
         options=("-o", "{folder}/data.json", "--overwrite")),
    dict(name="JSON whose values are a list", build=_json(text='{"facts": {}, "values": [1], "prose": {}}'),
         exit_code=2, says=("错误：数据文件“data.json”中的“values”应是一个 JSON 对象（{...}，字段名: 值），现在是一个列表（[...]）。"
                            "格式见 `report-kit export` 导出的文件。",)),
    dict(name="JSON nested 100,000 deep", build=_json(text="[" * 100_000 + "]" * 100_000), exit_code=2,
         says=("错误：“data.json”不是有效的数据文件：嵌套层数过多。",)),
    dict(name="JSON that is cut off", build=_json(text='{"facts": {"agency": "某'), exit_code=2,
         says=("错误：“data.json”不是有效的 JSON 数据文件：第 1 行第 22 列格式有误。",)),
    dict(name="department list with a 200,000-character field", build=_roster("部门名称\n" + "甲" * 200_000 + "\n"),
         exit_code=2, options=("--departments", "{folder}/名单.csv"),
         says=("错误：部门名单“名单.csv”中有一格内容过长或含有无法识别的字符，不像部门名单。请检查是否选错了文件。",)),
    dict(name="department list with a 5,000-character name", build=_roster("部门名称\n某某局\n" + "乙" * 5000 + "\n"),
         exit_code=2, options=("--departments", "{folder}/名单.csv"),
         says=("错误：部门名单“名单.csv”第 2 个名称有 5000 个字符（“乙乙乙乙乙乙乙乙乙乙……”），不像部门名称。",)),
    dict(name="_meta summary_of is ²", build=_meta_value("summary_of", "²"), exit_code=0, says=(PASSED,)),
    dict(name="control character typed in prose (_x0001_)", build=_typed_control, exit_code=0, command="compile",
         says=(f"{INTRO}：含有 1 {CONTROLS}", "已生成报告："), report_says=("2024年，本机关_x0002_。",)),
))


# --- Names too long for the file system (issue 10, category 2) ---

LONG_AGENCY = "某某省某某市某某县" * 6 + "人力资源和社会保障局劳动保障监察支队"  # 73 characters, 219 bytes
SHORTENED = "提示：名称较长，文件名已按文件系统的长度限制缩短为“"
TOO_LONG = "文件名或路径太长，超出了文件系统的限制。"


def _long_roster(folder: Path, office) -> list:
    (folder / "名单.csv").write_text(f"部门名称\n{LONG_AGENCY}\n某某局\n", encoding="utf-8")
    return []


CASES = CASES + tuple(Case(**{**case, "topic": "文件名过长"}) for case in (
    dict(name="make-workbook for a 73-character agency", build=_nothing, exit_code=0, command="make-workbook",
         options=("--agency", LONG_AGENCY, "--year", "2024"),
         says=("已生成填报表：2024年政府信息公开工作年度报告填报表-某某省某某市某某县", "…", "劳动保障监察支队.xlsx",
               SHORTENED, "”；文件内的机关名称完整保留。")),
    dict(name="compile a 73-character agency's return", build=_hostile_agency(LONG_AGENCY), exit_code=0,
         command="compile", says=("已生成报告：", "劳动保障监察支队.docx", SHORTENED)),
    dict(name="make-workbook --departments with a 73-character name", build=_long_roster, exit_code=0,
         command="make-workbook", options=("--departments", "{folder}/名单.csv", "--year", "2024",
                                           "--out-dir", "{folder}/下发"),
         says=("已在“", "中生成 2 份 2024 年填报表。", SHORTENED)),
    dict(name="check a path over 255 bytes", build=lambda folder, office: folder / ("填报表" * 30 + ".xlsx"),
         exit_code=2, says=("错误：“", TOO_LONG)),
    dict(name="make-workbook -o a name over 255 bytes", build=_nothing, exit_code=2, command="make-workbook",
         options=("--agency", AGENCY, "-o", "{folder}/" + "填报表" * 30 + ".xlsx"),
         says=("错误：无法写入“", TOO_LONG)),
    dict(name="--ledger path over 255 bytes", build=lambda folder, office: [consistent(folder)], exit_code=2,
         options=("--ledger", "{folder}/" + "报送情况" * 25 + ".xlsx"), says=("错误：", TOO_LONG)),
    dict(name="--departments list path over 255 bytes", build=lambda folder, office: [consistent(folder)],
         exit_code=2, options=("--departments", "{folder}/" + "名单" * 50 + ".csv"), says=("错误：“", TOO_LONG)),
))


# --- The round's folder (issue 10, category 5) ---

ROUND = "一轮报送的文件夹"


def _return(folder: Path, agency: str, penalty: int, year: int = 2024, name: str = "") -> Path:
    """A passing return of `agency` in `folder`, differing from the others in 行政处罚 only."""
    folder.mkdir(exist_ok=True)
    data = department_data(agency, penalty)
    data.facts["year"] = year
    path = folder / (name or f"{agency}-{year}.xlsx")
    path.write_bytes(make_workbook(agency, year, data))
    return path


def _with_last_ledger(folder: Path, office) -> list:
    returns = folder / "回收"
    _return(returns, "甲局", 1), _return(returns, "乙局", 2)
    from report_kit.cli import main
    assert main(["check", str(returns), "--ledger", str(returns / "报送情况.xlsx")]) == 0
    return [returns]


def _named_twice(folder: Path, office) -> list:
    path = _return(folder / "回收", "甲局", 1)
    return [str(path.relative_to(folder)), str(path.resolve())]


def _same_file_name(folder: Path, office) -> list:
    _return(folder / "回收", "甲/乙局", 1, name="1.xlsx"), _return(folder / "回收", "甲:乙局", 2, name="2.xlsx")
    return [folder / "回收"]


def _other_year(folder: Path, office) -> list:
    _return(folder / "回收", "甲局", 1), _return(folder / "回收", "乙局", 2), _return(folder / "回收", "丙局", 3, 2023)
    return [folder / "回收"]


def _other_year_beside(folder: Path, office) -> list:
    _other_year(folder, office)
    _return(folder / "回收", "丙局", 4)
    return [folder / "回收"]


def _last_year(folder: Path, agency: str, year: int) -> Path:
    """`agency`'s return of `year` whose 四、结转下年度继续办理 and 现行有效件数 are what `_return`'s
    expect (R6, R7; its own sums no longer hold: last year's data is read, not checked)."""
    folder.mkdir(exist_ok=True)
    data = department_data(agency)
    data.facts["year"] = year
    data.values.update({f: data.values[f.replace("carried_out", "carried_in")] for f in FORM.carried_forward.values()})
    for kind in ("rules", "normative"):  # and its 现行有效件数 what R7 expects
        now = {i: data.values[f"t2_{kind}_{i}"] for i in ("in_force", "issued", "repealed")}
        data.values[f"t2_{kind}_in_force"] = now["in_force"] - now["issued"] + now["repealed"]
    path = folder / f"{agency}-{year}.xlsx"
    path.write_bytes(make_workbook(agency, year, data))
    return path


def _previous_of_wrong_year(folder: Path, office) -> list:
    """甲局's last year's file is of 2022 (R6 would differ in two columns), 乙局's of 2023 and right."""
    previous = _last_year(folder / "上年", "甲局", 2022)
    edit_workbook(previous, previous, {"t3_carried_out_natural": 9, "t3_carried_out_other": 7})
    _last_year(folder / "上年", "乙局", 2023)
    _return(folder / "回收", "甲局", 1), _return(folder / "回收", "乙局", 2)
    return [folder / "回收"]


def _returns_and_summary(folder: Path, summary: Path) -> list:
    """Two returns in 回收 and their 汇总 written to `summary`; the folder of returns."""
    returns = folder / "回收"
    _return(returns, "甲局", 1), _return(returns, "乙局", 2)
    from report_kit.cli import main
    assert main(["aggregate", str(returns), "--agency", "某某县人民政府", "-o", str(summary)]) == 0
    return [returns]


def _summary_fed_back(folder: Path, office) -> list:
    return _returns_and_summary(folder, folder / "回收" / "汇总.xlsx")


def _roster_with_errors(folder: Path, office) -> list:
    """A department list saved by a real LibreOffice: a formula left as #DIV/0!, a TRUE, a 序号."""
    book = openpyxl.Workbook()
    book.active.append(["部门名称"])
    book.active.append(["甲局"])
    book.save(folder / "名单源.xlsx")
    cells = [{"sheet": book.active.title, "cell": cell, "typed": typed} for cell, typed in
             (("A3", "=1/0"), ("A4", "TRUE"), ("A5", "3"), ("A6", "=NA()"))]
    outcome = office.fill(folder / "名单源.xlsx", folder / "名单.xlsx", cells)
    assert outcome["refused"] == [], outcome
    _return(folder / "回收", "甲局", 1)
    return [folder / "回收"]


def _roster_with_booleans(folder: Path, office) -> list:
    book = openpyxl.Workbook()
    for value in ("部门名称", "甲局", True, False, 3, "#DIV/0!"):
        book.active.append([value])
    book.save(folder / "名单.xlsx")
    _return(folder / "回收", "甲局", 1)
    return [folder / "回收"]


ROSTER_XLSX = ("--departments", "{folder}/名单.xlsx")
CASES = CASES + tuple(Case(**{**case, "topic": ROUND}) for case in (
    dict(name="last run's ledger in the returns folder", build=_with_last_ledger, exit_code=0,
         says=("共 2 个部门（收到 2 个文件）：通过 2，",)),
    dict(name="one file named by a relative and an absolute path", build=_named_twice, exit_code=0,
         says=("共 1 个部门（收到 1 个文件）：通过 1，",)),
    dict(name="two agencies whose names clean to one file name", build=_same_file_name, exit_code=0,
         command="compile", options=("--out-dir", "{folder}/报告"), says=("已生成 2 份报告，输出到“",)),
    dict(name="a return of another year in the round", build=_other_year, exit_code=1, says=(
        "有错误　 丙局  丙局-2023.xlsx  错误 1 项",
        "· 报告年度是 2023 年，而本轮其他 2 份填报表是 2024 年：这不是本轮的报送（是否交错了文件？），不编制报告，"
        "也不计入汇总。该部门仍需报送 2024 年的填报表。",
        "共 3 个部门（收到 3 个文件）：通过 2，仅有提示 0，有错误 1，未填写 0，无法读取 0；"
        "其中 1 个部门交来的是其他年度的填报表，仍需报送 2024 年的：丙局")),
    dict(name="compile a round with a return of another year", build=_other_year, exit_code=1, command="compile",
         options=("--out-dir", "{folder}/报告"), says=("已生成 2 份报告，输出到“",)),
    dict(name="last year's file beside this year's", build=_other_year_beside, exit_code=1, says=(
        "· 报告年度是 2023 年，而本轮是 2024 年：这不是本轮的报送，该部门的 2024 年填报表是“丙局-2024.xlsx”。"
        "请把这个文件移出文件夹。",)),
    dict(name="last year's folder holds a file of the wrong year", build=_previous_of_wrong_year, exit_code=0,
         options=("--previous", "{folder}/上年"), says=(
             "仅有提示 甲局", "· 上年数据“甲局-2022.xlsx”是 2022 年的，而报告年度是 2024 年，应使用 2023 年的数据。",
             "通过　　 乙局")),
    dict(name="the 汇总 fed back into check", build=_summary_fed_back, exit_code=0, says=(
        "（汇总表）某某县人民政府",
        "这是 2 个部门的汇总表（report-kit aggregate 生成），不是部门的报送：不计入部门报送情况，也不参加重复和抄报核对。",
        "共 2 个部门（收到 3 个文件）：通过 2，")),
    dict(name="the 汇总 fed back into compile", build=_summary_fed_back, exit_code=0, command="compile",
         options=("--out-dir", "{folder}/报告"), says=(
             "已生成 2 份报告", "提示：汇总.xlsx：这是汇总表，不随各部门批量编制。请填写文字内容后单独编制：report-kit compile "
             "回收/汇总.xlsx\n")),
    dict(name="department list .xlsx with TRUE, a 序号 and #DIV/0!", build=_roster_with_booleans, exit_code=0,
         options=ROSTER_XLSX, says=("共 1 个部门（收到 1 个文件）：通过 1，",)),
    dict(name="department list saved by LibreOffice with #DIV/0! and TRUE", build=_roster_with_errors, exit_code=0,
         options=ROSTER_XLSX, says=("共 1 个部门（收到 1 个文件）：通过 1，",), office=True),
))


# --- The wrong file as the department list, paths typed with a slip (a tester's round) ---

LIST_SHAPE = "部门名单应是 .csv 或 .xlsx 文件，第一列每行一个部门名称（第一行可以是表头“部门名称”）。"


def _summary_beside(folder: Path, office) -> list:
    return _returns_and_summary(folder, folder / "汇总.xlsx")


def _two_returns(folder: Path, office) -> list:
    _return(folder / "回收", "甲局", 1), _return(folder / "回收", "乙局", 2)
    return [folder / "回收"]


def _spaced_folder(folder: Path, office) -> list:
    (folder / "政务 公开办").mkdir()
    _return(folder / "政务 公开办" / "回收", "甲局", 1)
    return ["政务", "公开办/回收"]  # what the shell makes of an unquoted 政务 公开办/回收


def _typed(text: str) -> Callable:
    def build(folder: Path, office) -> list:
        _return(folder / "回收", "甲局", 1)
        return [text]
    return build


def _list_as_return(folder: Path, office) -> list:
    (folder / "名单.csv").write_text("部门名称\n甲局\n", encoding="utf-8")
    return ["名单.csv"]


CASES = CASES + tuple(Case(**{**case, "topic": ROUND}) for case in (
    dict(name="the 汇总 given as the department list", build=_summary_beside, exit_code=2,
         options=("--departments", "{folder}/汇总.xlsx"),
         says=("错误：“汇总.xlsx”是本工具生成的汇总表（2 个部门的汇总），不是部门名单。" + LIST_SHAPE,)),
    dict(name="last run's ledger given as the department list", build=_with_last_ledger, exit_code=2,
         options=("--departments", "{folder}/回收/报送情况.xlsx"),
         says=("错误：“报送情况.xlsx”是本工具生成的报送情况表，不是部门名单。" + LIST_SHAPE,)),
    dict(name="a return given as the department list", build=_two_returns, exit_code=2,
         options=("--departments", "{folder}/回收/甲局-2024.xlsx"),
         says=("错误：“甲局-2024.xlsx”是本工具生成的填报表（甲局），不是部门名单。" + LIST_SHAPE,)),
    dict(name="the returns folder given as the department list", build=_two_returns, exit_code=2,
         options=("--departments", "{folder}/回收"), says=("”是一个文件夹，不是部门名单文件。" + LIST_SHAPE,)),
    dict(name="make-workbook --departments given the 汇总", build=lambda folder, office: _summary_beside(folder, office)[:0],
         exit_code=2, command="make-workbook",
         options=("--departments", "{folder}/汇总.xlsx", "--out-dir", "{folder}/下发"),
         says=("错误：“汇总.xlsx”是本工具生成的汇总表（2 个部门的汇总），不是部门名单。" + LIST_SHAPE,)),
))
CASES = CASES + tuple(Case(**{**case, "topic": "参数"}) for case in (
    dict(name="a path cut at an unquoted space", build=_spaced_folder, exit_code=2, says=(
        "错误：找不到“政务”（在当前文件夹“", "”下查找）。当前文件夹中有“政务 公开办”：路径中有空格时，命令行会把它拆成几段，"
        '请把整个路径放在英文引号中，如 "政务 公开办/回收"。')),
    dict(name="a path in Chinese quotes", build=_typed("“回收”"), exit_code=2, says=(
        "错误：找不到 “回收”（在当前文件夹“", "”下查找）：路径两边是中文引号，命令行不认中文引号（会当作名称的一部分）。"
        '请改用英文引号，如 "回收"。')),
    dict(name="a path with a space after it", build=_typed("回收 "), exit_code=0, says=(
        "提示：“回收 ”前后有空格，已按“回收”读取。", "共 1 个部门（收到 1 个文件）：通过 1，")),
    dict(name="the department list given as a return", build=_list_as_return, exit_code=2, says=(
        "错误：“名单.csv”是 .csv 文件，像是部门名单，不是填报表。部门名单要用 --departments 给出，如："
        "report-kit check 回收 --departments 名单.csv",)),
    dict(name="make-workbook --agency with an unquoted space", build=_nothing, exit_code=2, command="make-workbook",
         options=("--agency", "某某", "局"), says=(
             '用法错误：多出了参数 局。名称或路径中有空格时，请把它整个放在英文引号中，如 "某某 局"。',)),
    dict(name="make-workbook --agency of spaces only", build=_nothing, exit_code=0, command="make-workbook",
         options=("--agency", " 　", "--year", "2025"), says=("已生成填报表：2025年政府信息公开工作年度报告填报表.xlsx\n",)),
    dict(name="compile one file --html-only --charts --out-dir", build=lambda folder, office: consistent(folder),
         exit_code=0, command="compile", options=("--html-only", "--charts", "--out-dir", "{folder}/网页"),
         says=("已生成网页：", "网页/2024年政府信息公开工作年度报告-某某局.html")),
))


# --- Memory bounded by what a file holds (issue 10, category 4); benchmarks/memory.py measures it ---

def _inflating(cells: int, lie: bool = False) -> Callable:
    """Our workbook with its first sheet replaced by `cells` cells: a few hundred KB on disk.
    With `lie`, the zip directory states a small size for that sheet."""
    def build(folder: Path, office) -> Path:
        row = "".join(f'<c r="A{{r}}" t="n"><v>{i}</v></c>' for i in range(1))
        rows = "".join(f'<row r="{r}">' + row.format(r=r) + "</row>" for r in range(1, cells + 1))
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>').encode()
        target = folder / "inflating.xlsx"
        with zipfile.ZipFile(consistent(folder)) as source, \
                zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for member in source.infolist():
                data = sheet if member.filename == "xl/worksheets/sheet1.xml" else source.read(member)
                out.writestr(member.filename, data)
        if lie:  # patch the central directory's uncompressed size of every member to 1 KB
            data = bytearray(target.read_bytes())
            at = data.find(b"PK\x01\x02")
            while at != -1:
                data[at + 24:at + 28] = (1024).to_bytes(4, "little")
                at = data.find(b"PK\x01\x02", at + 4)
            target.write_bytes(bytes(data))
        return target
    return build


def _sparse_old_format(folder: Path, office) -> Path:
    """A 3 GB file with the old-format signature, sparse: costs no disk, only what is read of it."""
    path = folder / "huge.xls"
    with path.open("wb") as out:
        out.write(_OLE + b"\0" * 512)
        out.truncate(3 * 1024 ** 3)
    return path


MEMORY = "内存"
CASES = CASES + tuple(Case(**{**case, "topic": MEMORY}) for case in (
    dict(name="a sheet of 150,000 cells (~4 MB inflated)", build=_inflating(150_000), exit_code=2, says=(
        "错误：“inflating.xlsx”的一张工作表有超过 100,000 个格子，远多于填报表（几百个），可能粘贴了大量内容。"
        "为安全起见不予读取；请对方删除多余内容后重新发送。",)),
    dict(name="inflates to 30 MB while its directory says 1 KB", build=_inflating(700_000, lie=True),
         exit_code=2, says=("错误：“inflating.xlsx”已损坏",)),
    dict(name="a 3 GB old-format file (sparse)", build=_sparse_old_format, exit_code=2,
         says=("错误：“huge.xls”是旧版 .xls 格式（或其他 Office 文件）",)),
))


# --- Races and interrupts (issue 10, category 6); the killed runs themselves are in test_interrupts.py ---

def _half_made(folder: Path, office) -> list:
    """What a make-workbook --departments run killed after 2 of 3 departments leaves behind."""
    (folder / "名单.csv").write_text("部门名称\n甲局\n乙局\n丙局\n", encoding="utf-8")
    out = folder / "下发"
    out.mkdir()
    for name in ("甲局", "乙局"):
        (out / f"2024年政府信息公开工作年度报告填报表-{name}.xlsx").write_bytes(make_workbook(name, 2024))
    (out / ".~report-kit-abc123.xlsx").write_bytes(b"PK\x03\x04 half")  # the one being written when killed
    return []


def _with_temp(folder: Path, office) -> list:
    _return(folder / "回收", "甲局", 1), _return(folder / "回收", "乙局", 2)
    (folder / "回收" / ".~report-kit-abc123.xlsx").write_bytes(b"PK\x03\x04 half")
    return [folder / "回收"]


MAKE_AGAIN = ("--departments", "{folder}/名单.csv", "--year", "2024", "--out-dir", "{folder}/下发")
CASES = CASES + tuple(Case(**{**case, "topic": "并发与中断"}) for case in (
    dict(name="make-workbook --departments again after a killed run", build=_half_made, exit_code=2,
         command="make-workbook", options=MAKE_AGAIN, says=(
             "中已有 2 个同名填报表（2024年政府信息公开工作年度报告填报表-甲局.xlsx、2024年政府信息公开工作年度报告填报表-乙局.xlsx），"
             "未覆盖；名单共 3 个部门，其余 1 个尚未生成。如果是上次运行中断留下的，加 --skip-existing 保留已有的、只生成缺少的；"
             "如需全部重新生成，加 --overwrite。",)),
    dict(name="… and continued with --skip-existing", build=_half_made, exit_code=0, command="make-workbook",
         options=MAKE_AGAIN + ("--skip-existing",), says=("中生成 1 份 2024 年填报表。", "已有的 2 份保留未动（--skip-existing）。")),
    dict(name="the returns folder holds a half-written temporary file", build=_with_temp, exit_code=0,
         says=("共 2 个部门（收到 2 个文件）：通过 2，",)),
))


# --- Word templates from elsewhere (issue 10, category 1): untrusted code, sandboxed and bounded ---

def _templated(tag: str) -> Callable:
    """A consistent return, and beside it the default template with one paragraph holding `tag`."""
    def build(folder: Path, office) -> Path:
        from report_kit.report.render import default_template_path

        document = docx.Document(str(default_template_path()))
        document.add_paragraph(tag)
        document.save(str(folder / "模板.docx"))
        return consistent(folder)
    return build


TEMPLATE = ("--template", "{folder}/模板.docx", "-o", "{folder}/报告.docx")
CASES = CASES + tuple(Case(name, _templated(tag), 2, says, command="compile", options=TEMPLATE, topic="模板")
                      for name, tag, says in (
    ("template reaching Python internals", "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
     ("错误：Word 模板“模板.docx”不能使用：Word 模板访问了内部属性“__globals__”（以下划线开头），出于安全原因不予套用。",)),
    ("template calling a method", "{{ agency.replace('局', '') }}",
     ("Word 模板调用了函数或方法（标签中有“( )”），出于安全原因不予套用。",)),
    ("template looping 10¹¹ times", "{% for c in website_url %}" * 8 + "{% endfor %}" * 8,  # 25 characters, 25⁸
     ("错误：Word 模板中的循环超过了 100 万次，已停止套用。请检查模板中的 for 循环。",)),
    ("template nested 21 deep", "{% for a in agency %}" * 21 + "{% endfor %}" * 21,  # Python's limit is 20
     ("错误：Word 模板“模板.docx”不能使用：Word 模板中的 if、for 嵌套超过了 8 层，报告模板不支持。请简化模板。",)),
    ("template building 300 MB", "{{ 'x' * 300000000 }}",
     ("错误：Word 模板生成的内容超过了 2000 万字，已停止套用。请检查模板。",)),
    ("template dividing by zero", "{{ 1/0 }}",
     ("错误：Word 模板套用时出错：标签“{{ 1/0 }}”无法计算（除以零）。请检查模板中的这个标签。",)),
    ("template adding text and a number", "{{ agency + 1 }}",
     ("错误：Word 模板套用时出错：标签“{{ agency + 1 }}”无法计算（类型不符，例如把文字和数字相加）。",)),
    ("template naming an item that does not exist", "{{ agency.seal }}",
     ("错误：Word 模板使用了不存在的内容：“seal”这一项。可用的变量见 `report-kit template-vars`。",)),
    ("template with a tag left open", "{{ agency }",
     ("错误：Word 模板“模板.docx”中有写错的标签。常见原因：Word 把标签拆成了几段，或把英文引号改成了中文引号。"
      "请重新输入整个标签。（技术信息：",)),
))


def _docx_bomb() -> bytes:
    """A .docx whose document.xml inflates to 60 MB (60 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


_ROW = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 10 + b"</w:tr>"


def _docx_changed(change: Callable[[bytes], bytes]) -> Callable:
    """A small .docx holding a table, its word/document.xml passed through `change`."""
    def build(folder: Path, office) -> Path:
        document = docx.Document()
        document.add_table(rows=2, cols=2).cell(0, 0).text = "总计"
        source = io.BytesIO()
        document.save(source)
        target = folder / "报告.docx"
        with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as out:
            for member in original.infolist():
                data = original.read(member)
                out.writestr(member, change(data) if member.filename == "word/document.xml" else data)
        return target
    return build


_DEEP_PAGE = ("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>").encode()
_DEEP_TABLES = ("<html><body>" + "<table><tr><td>" * 20_000 + "x" + "</td></tr></table>" * 20_000
                + "</body></html>").encode()
_LONG_TABLE = ("<html><body><table>" + "".join(f"<tr><td>行{i}</td><td>{i}</td></tr>" for i in range(100_000))
               + "</table></body></html>").encode()  # 4 MB: the tree would take ~400 MB and 20 s

_MANY_TABLES = ("<html><body>" + "<table><tr><td>1</td></tr></table>" * 60_000 + "</body></html>").encode()
_SPANS = ("<html><body><table><tr>" + '<td rowspan="100" colspan="100">x</td>' * 1000 + "</tr></table></body></html>").encode()
SQUARES = ("错误：“报告.html”的网页表格共有超过 50,000 个格子（合并的格子按所占的格数计），远多于年度报告的表格（几百个），"
           "为安全起见不予读取。请确认选对了网页，或向发布单位索取 PDF 或 Word 版。")


def _sparse_pdf(folder: Path, office) -> Path:
    path = folder / "报告.pdf"
    with open(path, "wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(51 * 1024 * 1024)  # sparse: 51 MB to the reader, nothing on disk
    return path


PDF_DAMAGED = "无法读取：PDF 文件已损坏或不完整（可能在下载或传输中被截断）。请重新下载，或向发布单位索取原件或 Word 版。"

# Published reports (audit, import) that would cost unbounded time or memory to read.
CASES = CASES + tuple(Case(**{**case, "topic": "已公开报告"}) for case in (
    dict(name="page nested 100,000 deep", build=raw(_DEEP_PAGE, "报告.html"), exit_code=2, command="audit",
         says=("错误：“报告.html”的网页标签嵌套超过 500 层，不是正常的网页，为安全起见不予读取。",)),
    dict(name="tables nested 20,000 deep", build=raw(_DEEP_TABLES, "报告.html"), exit_code=2, command="import",
         says=("错误：“报告.html”的网页标签嵌套超过 500 层，不是正常的网页，为安全起见不予读取。",)),
    dict(name="page with a 100,000-row table", build=raw(_LONG_TABLE, "报告.html"), exit_code=2, command="audit",
         says=("错误：“报告.html”有 4 MB，远大于正常的年度报告（网页通常不到 1 MB），为安全起见不予读取。",)),
    dict(name="page of 60,000 small tables (2 MB; took 45 s)", build=raw(_MANY_TABLES, "报告.html"), exit_code=2,
         command="audit", says=(SQUARES,)),
    dict(name="page of cells spanning 100 x 100 (36 KB; took 1.2 GB)", build=raw(_SPANS, "报告.html"), exit_code=2,
         command="import", says=(SQUARES,)),
    dict(name="docx whose XML is cut off", build=_docx_changed(lambda xml: xml[:len(xml) // 2]), exit_code=2,
         command="import", says=(
             "错误：“报告.docx”无法读取：Word 文件的内容已损坏或不是正常保存的 .docx。请用 Word 或 WPS 打开后另存为 .docx 再读取，"
             "或向发布单位索取原件。（技术信息：XMLSyntaxError）",)),
    dict(name="docx with a merged cell spanning 'abc' columns", build=_docx_changed(
        lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="abc"/>', 1)), exit_code=2, command="import",
         says=("错误：“报告.docx”中没有找到年度报告的表格（表格中没有认出表二、表三、表四的行列标签），无法读取。",)),
    dict(name="docx whose table inflates to 9 MB of XML (took 820 MB at 45 MB)", build=_docx_changed(
        lambda xml: xml.replace(b"</w:tbl>", _ROW * (9 * 1024 * 1024 // len(_ROW)) + b"</w:tbl>", 1)), exit_code=2,
         command="audit", says=(
             "错误：“报告.docx”的正文（Word 文件中的 XML 部分）解压后超过 8 MB，远大于正常的 Word 年度报告"
             "（正文通常不到 1 MB，图片另存，不计在内），为安全起见不予读取。请确认选对了文件。",)),
    dict(name="docx zip bomb", build=raw(_docx_bomb(), "报告.docx"), exit_code=2, command="audit",
         says=("错误：“报告.docx”解压后超过 50 MB，远大于正常的 Word 年度报告（几百 KB），为安全起见不予读取。",)),
    dict(name="published file of 51 MB", build=_sparse_pdf, exit_code=2, command="import",
         says=("错误：“报告.pdf”有 51 MB，远大于正常的年度报告（通常不到 10 MB），为安全起见不予读取。",)),
    dict(name="PDF header then garbage", build=raw(b"%PDF-1.7\n" + bytes(range(256)) * 1000, "报告.pdf"),
         exit_code=2, command="audit", says=(f"错误：“报告.pdf”{PDF_DAMAGED}（技术信息：PDFSyntaxError）",)),
))


# PDFs small on disk that cost minutes or gigabytes to read, and PDFs that cannot be opened, each said
# in Chinese (what kind of problem, what to do). Built by tests/minipdf.py: kilobytes each.
def _cut_in_half(folder: Path, office) -> Path:
    data = (Path(__file__).parent / "data" / "published" / "huaian_hongze_2023.pdf").read_bytes()
    (folder / "报告.pdf").write_bytes(data[:len(data) // 2])
    return folder / "报告.pdf"


def _pdf(build: Callable[[], bytes]) -> Callable:
    def make(folder: Path, office) -> Path:
        (folder / "报告.pdf").write_bytes(build())
        return folder / "报告.pdf"
    return make


TOO_BUSY = "为安全起见不予读取。请确认选对了文件，或向发布单位索取正常导出的 PDF 或 Word 版。"
CASES = CASES + tuple(Case(**{**case, "topic": "已公开报告"}) for case in (
    dict(name="PDF of 5,000 pages (1.4 MB)", build=_pdf(lambda: minipdf.many_pages(5000)), exit_code=2,
         command="audit", says=(
             "错误：“报告.pdf”有 5000 页，远多于正常的年度报告（通常不到 40 页）；本工具每份最多读取 200 页，为安全起见不予读取。"
             "请确认选对了文件；如报告在一个更长的文件中，请把报告所在的页另存为单独的 PDF 后再读取。",)),
    dict(name="PDF page of 1,000,000 characters (4 KB; took 2 GB, 30 s)",
         build=_pdf(lambda: minipdf.many_characters(1_000_000)), exit_code=2, command="import", says=(
             "错误：“报告.pdf”第 1 页的内容过多（超过 20,000 个文字，正常的报告页面只有几百到几千个），" + TOO_BUSY,)),
    dict(name="PDF form drawn 10,000 times (1 KB; over 20 GB before)", build=_pdf(lambda: minipdf.repeated_form(10_000)),
         exit_code=2, command="audit", says=("错误：“报告.pdf”第 1 页的内容过多（超过 20,000 个文字，",)),
    dict(name="PDF page of 100,000 ruling lines", build=_pdf(lambda: minipdf.many_lines(100_000)), exit_code=2,
         command="audit", says=(
             "错误：“报告.pdf”第 1 页的内容过多（超过 4,000 个线条和图形，正常的报告页面只有几十到几百个），" + TOO_BUSY,)),
    dict(name="PDF of 12 pages of 19,000 characters each", build=_pdf(lambda: minipdf.pdf(
        [minipdf.many_characters_page(19_000)] * 12)), exit_code=2, command="audit", says=(
            "错误：“报告.pdf”的文字总计超过 200,000 个，远多于正常的年度报告（每页几百到几千个），" + TOO_BUSY,)),
    dict(name="PDF stream inflating to 100 MB (100 KB)", build=_pdf(lambda: minipdf.inflating_stream(100)), exit_code=2,
         command="import", says=("错误：“报告.pdf”中的内容解压后超过 32 MB，远大于正常的年度报告（通常几 MB），" + TOO_BUSY,)),
    dict(name="PDF with text and no table", build=_pdf(lambda: minipdf.pdf([minipdf.text("2024 annual report")])),
         exit_code=2, command="audit", says=(
             "错误：“报告.pdf”中没有找到年度报告的表格（PDF 中没有带表格线的表格，可能是排版特殊或由图片拼成的文件），无法读取。",)),
    dict(name="PDF cut in half by a download", build=_cut_in_half, exit_code=2, command="audit",
         says=(f"错误：“报告.pdf”{PDF_DAMAGED}（技术信息：PSEOF）",)),
    dict(name="PDF with a password to open", build=_pdf(lambda: minipdf.pdf([minipdf.text("Report")], password=True)),
         exit_code=2, command="audit", says=(
             "错误：“报告.pdf”设置了打开密码，无法读取。请向发布单位索取不加密的文件，或在 PDF 阅读器中输入密码后另存一份不加密的 PDF "
             "再读取。",)),
    dict(name="PDF with an unknown stream filter", build=_pdf(lambda: minipdf.pdf([minipdf.text("Report")],
                                                                                 content_filter=b"BogusDecode")),
         exit_code=2, command="audit", says=(
             "错误：“报告.pdf”使用了本工具不支持的 PDF 功能，无法读取。请用 PDF 阅读器或 WPS 打开后另存（或打印）为新的 PDF 再读取，"
             "或向发布单位索取 Word 版。（技术信息：PDFNotImplementedError）",)),
))

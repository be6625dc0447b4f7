"""Every sentence report-kit says to a user, in one catalogue (like pyxform's errors.py).

Each entry is a `Message`: the code of the rule or check it reports (see `rules.RULES`), its
severity, and its template. Findings about the data carry both; a sentence raised as an error (the
input could not be used, an output could not be written) carries neither (code "", severity None).
A few messages are shared by several rules (a sum, a cross-year comparison, a cleaning notice of a
fact or of prose): their code, and for the rule-driven ones their severity, come from the rule.

Why `Finding.of(msg.X, ...)` and not `msg.X.finding(...)`: the form spec (this package) is data and
imports nothing of the project, while `Finding` belongs to the submission model that imports the
form. So the entries stay here as plain data with `.text(**values)`, and `submission.Finding.of`
turns one into a finding; call sites never choose a code or a severity themselves.

Placeholders are filled by the caller; `where` is always "表三!D5（行 / 列）", `place` a place in a
published report ("第4页 表三 （四）无法提供 2. / 自然人"). The plain strings at the end of each
section are not messages but pieces of text (prompts in the workbook, parts of a sentence).
"""

from __future__ import annotations

import errno
import string
from dataclasses import dataclass

from .form2021 import REPORT_NAME, SHEET_PROSE
from .model import Severity


@dataclass(frozen=True)
class Message:
    """One catalogue entry: the rule code it reports, its severity and its template."""

    code: str
    severity: Severity | None
    template: str

    def text(self, **values) -> str:
        """The sentence with its placeholders filled."""
        return self.template.format(**values)

    @property
    def placeholders(self) -> frozenset[str]:
        """The names the template needs."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.template) if name)


def _error(code: str, template: str) -> Message:
    return Message(code, Severity.ERROR, template)


def _warning(code: str, template: str) -> Message:
    return Message(code, Severity.WARNING, template)


def _said(template: str) -> Message:
    """A sentence that is not a finding: raised as an error, or written in a ledger or a report."""
    return Message("", None, template)


# --- The workbook's data-validation prompts (Excel caps them at 255 characters) -------------------

COUNT_PROMPT_TITLE = "填写件数"
COUNT_PROMPT = "请填写不小于 0 的整数。没有就填 0。"
COUNT_REFUSED_TITLE = "只能填整数"
COUNT_REFUSED = f"这里只能填不小于 0 的整数（件数）。文字说明请写在“{SHEET_PROSE}”表。"
MONEY_PROMPT_TITLE = "填写金额（万元）"
MONEY_PROMPT = "请填写不小于 0 的金额，单位：万元，可有小数。没有就填 0。"
MONEY_REFUSED_TITLE = "只能填数字"
MONEY_REFUSED = "这里只能填不小于 0 的数字，单位：万元。"
YEAR_REFUSED_TITLE = "年份有误"
YEAR_REFUSED = "请填写四位数的年份，如 2025。"

# --- Cell values (R5 and cleaning) ----------------------------------------------------------------

BRIEF_LENGTH = "……（共 {length} 个字符）"  # after the start of a long value a message quotes

BLANK_AS_ZERO = _warning("R5", "{where}：是空白，按 0 计算。如确实为 0，请填写数字 0。")
PLACEHOLDER_AS_ZERO = _warning("R5", "{where}：填的是“{raw}”，按 0 计算。请改填数字 0。")
CLEANED = _warning("R5", "{where}：“{raw}”已按 {value} 读取（{how}）。")
NOT_A_NUMBER = _error("R5", "{where}：“{raw}”不是数字。此处只填数字，文字说明请写在“" + SHEET_PROSE
                      + "”表的相应小节。")
NEGATIVE = _error("R5", "{where}：{raw} 是负数，此处只能填不小于 0 的数。")
FRACTION = _error("R5", "{where}：{raw} 不是整数，件数只能填整数。")
SCIENTIFIC = _error("R5", "{where}：“{raw}”是科学计数法，可能已丢失位数。请直接填写完整的数字。")
TOO_LARGE = _error("R5", "{where}：{raw} 大得不合常理，请核对。")
FORMULA_IN_INPUT = _error("R5", "{where}：填的是公式“{raw}”。请直接填写数字，不要填公式。")
BOOLEAN = _error("R5", "{where}：填的是逻辑值“{raw}”，请填写数字。")
TOTAL_OVERWRITTEN = _warning("R5", "{where}：总计格子的公式被改成了数值 {raw}。总计由本工具按各项重新计算，"
                                   "请恢复公式或使用新下发的填报表。")
DATE_TYPED = _error("R5", "{where}：填的是日期“{raw}”（输入“1/2”这类写法会被表格软件自动变成日期）。请填写数字。")
PERCENT = _error("R5", "{where}：填的是百分比“{raw}”。此处只填数字（金额单位为万元，件数为整数），不要填百分比。")
DATE_SERIAL = _error("R5", "{where}：{raw} 正好是日期 {date} 在表格软件中的序号，很可能是输入“{typed}”时被自动"
                           "变成了日期。这里的件数不会这么多，请重新填写。")
DATE_SERIAL_CHECK = _warning("R5", "{where}：{raw} 正好是日期 {date} 在表格软件中的序号，可能是输入“{typed}”时被"
                                   "自动变成了日期。请核对；如确实是 {raw} 件，可忽略本提示。")
MONEY_PRECISION = _warning("R5", "{where}：{raw} 的小数超过 4 位，请核对单位是否为万元。")

# --- The form changed by the department (T1): values are still read by name -----------------------

PROTECTION_REMOVED = _warning("T1", "工作表“{sheets}”的保护已被取消。本工具已逐格重新核对，但请提醒填报单位不要取消保护。")
SHEET_RENAMED = "“{ours}”被改名为“{now}”"  # SHEETS_RENAMED's `renamed`, one per sheet
SHEETS_RENAMED = _warning("T1", "工作表{renamed}。已按格子名称读取，数值不受影响；请提醒填报单位不要改动工作表。")
CELLS_MOVED = _warning("T1", "工作表“{sheet}”插入或删除过行、列：{label}原在 {was}，现在在 {now}。"
                             "已按格子名称读取，数值不受影响；请提醒填报单位不要改动表格结构。")

# --- Report facts and prose (F1–F3) ---------------------------------------------------------------

FACT_MISSING = _error("F1", "{where}：未填写，这是必填项。")
YEAR_INVALID = _error("F1", "{where}：报告年度“{raw}”不是有效年份。")
NOT_TEXT = _error("F1", "{where}：这里应是一段文字，数据文件中却是“{raw}”（JSON 的列表或对象）。请改为用英文双引号括起的文字。")
FACT_TOO_LONG = _error("F1", "{where}：“{raw}”远长于一行基本信息（最多 {limit} 个字），可能粘贴错了内容，请改正。")
PROSE_EMPTY = _warning("F2", "{where}：还没有填写内容。")
UNTOUCHED = _error("F3", "填报表未填写：表二、表三、表四的数字全部为 0，文字内容也全部空白，像是原样退回的。"
                         "请填写后重新报送（数字确实全部为 0 的，也要写好文字内容）。")
# Filed under F1 for a fact and F2 for prose (see cleaning.FINDING_CODES)
CONTROLS_REMOVED = _warning("F1", "{where}：含有 {count} 个看不见的控制字符（多由复制粘贴带入），已删除。")

# --- Sums (R1–R4), in the style of dpm-xl: both sides with their parts and the difference ----------
# Code and severity come from the rule (form.rules.SUM_RULES).

SUM_MISMATCH = Message("", None, "{title}：{left_side}，应等于{right_side}，相差 {difference}。")

# --- Cross-year (R6, R7; R9 for the year) ---------------------------------------------------------

CROSS_YEAR = Message("", None, "{title}：本年 {where} 为 {actual}，按上年数据应为 {expected}（{how}），相差 "
                               "{difference}。{explanation}")

# --- Prose (R8, R9) -------------------------------------------------------------------------------
# Neither side is presumed right: the prose may be the slip as well as the table.

PROSE_NUMBER = _warning("R8", "{where}：正文写“{sentence}”。{what}，正文写的是 {stated} 件，表格（{cells}）是 "
                              "{actual} 件，请核对哪一处有误。")
PROSE_NONE = _warning("R8", "{where}：正文写“{sentence}”。{what}，正文说没有，表格（{cells}）是 {actual} 件，"
                            "请核对哪一处有误。")
PROSE_OTHER_YEAR = _warning("R9", "{where}：段落以“{opening}”开头，而报告年度是 {year} 年。是否沿用了上年的文字？")
PROSE_LATER_YEAR = _warning("R9", "{where}：段落以“{opening}”开头，而报告年度是 {year} 年。年份是否写错？")

# --- Last year's data (--previous): read for the cross-year rules and the carry-over --------------

PREVIOUS_NOT_FOUND = _said("找不到上年数据“{path}”。第一年使用本工具时没有上年回收的填报表，不加 --previous 即可"
                           "（“{carried}”由各部门自己填写）。")
PREVIOUS_YEAR_MISMATCH = _warning("R9", "上年数据{source}是 {previous} 年的，而报告年度是 {year} 年，应使用 "
                                        "{expected} 年的数据。")
PREVIOUS_NOT_IN_FOLDER = _said("“{path}”中没有“{agency}”的上年数据。")
PREVIOUS_OTHER_AGENCY = _said("上年数据“{file}”是“{previous}”的，而本年的机关是“{agency}”，不能用于跨年核对或结转。"
                              "请改用“{agency}”自己的上年数据；如果机关确实更名了，可先把上年数据导出为 JSON（填报表用 "
                              "report-kit export，已发布的报告用 report-kit import），把其中的机关名称（agency）改为"
                              "“{agency}”，再用 --previous 指定这个 JSON 文件。")
PREVIOUS_UNNAMED = "上年数据"  # PREVIOUS_OTHER_AGENCY's `file` for data read from no file
PREVIOUS_USED_FOR = _said("上年数据“{file}”用于 {count} 份报告的跨年核对：{names}；其余报告不是它的机关或下一年度的，"
                          "按文件夹内同一机关上一年度的报告核对（有的话）。")
PREVIOUS_USED_FOR_NONE = _said("上年数据“{file}”不是所审核的任何一份报告的机关上一年度的数据，未用于跨年核对；"
                               "文件夹内同一机关相邻年度的报告仍配对核对。")
PREVIOUS_NO_AGENCY = _said("上年数据“{file}”没有填写机关名称，无法对应到部门。")
PREVIOUS_NOT_READ = _said("上年报告“{file}”中“{labels}”未能读出，无法用于跨年核对。")
PREVIOUS_VALUES_WRONG = _said("上年数据{source}中“{labels}”有误，无法结转到本年。")

# --- Making a workbook (make) ---------------------------------------------------------------------

YEAR_OUT_OF_RANGE = _said("报告年度 {year} 无效：应在 {first} 年（《中华人民共和国政府信息公开条例》施行）至 "
                          "{last} 年之间。")
PREFILL_WRONG = _said("预填数据有误：{problems}")

# --- Paths as typed on the command line (a file or folder that is not there) -----------------------

PATH_NOT_FOUND = _said("找不到{what}“{path}”{looked}。")
PATH_LOOKED_IN = "（在当前文件夹“{folder}”下查找）"
PATH_HERE = "当前文件夹"
PATH_FILE = "文件"  # PATH_NOT_FOUND's `what` for a name with a suffix
PATH_CHINESE_QUOTES = _said("找不到{what} {path}{looked}：路径两边是中文引号，命令行不认中文引号（会当作名称的一部分）。"
                            "请改用英文引号，如 {example}。")
PATH_CUT_AT_SPACE = _said("{folder}中有“{entry}”：路径中有空格时，命令行会把它拆成几段，请把整个路径放在英文引号中，"
                          "如 {example}。")
PATH_HAS_SPACES = _said("注意：路径前后有空格。")
PATH_SPACES_STRIPPED = _said("“{typed}”前后有空格，已按“{path}”读取。")

# --- Reading a workbook ---------------------------------------------------------------------------

NOT_FOUND_FILE = _said("找不到文件“{path}”。")
NOT_FOUND = _said("找不到“{path}”。")
CANNOT_READ = _said("无法读取“{name}”：{reason}。")
FOLDER_NOT_WORKBOOK = _said("“{path}”是一个文件夹，不是 Excel 文件。")
EMPTY_FILE = _said("“{name}”是空文件（0 字节），可能在传输中损坏，请对方重新发送。")
TRUNCATED_ZIP = _said("“{name}”已损坏（不是完整的压缩包），可能在传输中被截断，请对方重新发送。")
LIST_NOT_RETURN = _said("“{name}”是 {suffix} 文件，像是部门名单，不是填报表。部门名单要用 --departments 给出，如："
                        "report-kit check 回收 --departments {arg}")
NOT_A_WORKBOOK = _said("“{name}”不是 Excel 工作簿（.xlsx），可能是其他格式的文件改了扩展名，或在传输中损坏。")
BROKEN_WORKBOOK = _said("“{name}”已损坏，无法打开。请对方用 Excel 或 WPS 打开确认后重新保存、发送。")
ENCRYPTED = _said("“{name}”设置了打开密码，无法读取。请对方在 Excel/WPS 中取消“打开密码”"
                  "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发送。")
WPS_ET = _said("“{name}”是 WPS 表格专用的 .et 格式。请对方在 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。")
OLD_EXCEL = _said("“{name}”是旧版 .xls 格式（或其他 Office 文件），不是本工具下发的 .xlsx 填报表。"
                  "请对方在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新发送。")
OPENDOCUMENT = _said("“{name}”是 OpenDocument 表格（.ods）格式。请对方在 LibreOffice 或 WPS 中"
                     "“另存为” Excel 工作簿（.xlsx）后重新发送。")
OTHER_OFFICE_FILE = _said("“{name}”是{kind}，不是 Excel 填报表。")
UNZIPS_TOO_LARGE = _said("“{name}”解压后超过 {limit} MB，远大于正常的填报表（约 200 KB），为安全起见不予读取。")
TOO_MANY_CELLS = _said("“{name}”的一张工作表有超过 {limit:,} 个格子，远多于填报表"
                       "（几百个），可能粘贴了大量内容。为安全起见不予读取；请对方删除多余内容后重新发送。")
NOT_OUR_WORKBOOK = _said("“{name}”不是 report-kit 生成的填报表（缺少表单标识）。请使用汇总单位下发的填报表填写。")
OTHER_FORM = _said("“{name}”不是政府信息公开工作年度报告的填报表。")
OTHER_EDITION = _said("“{name}”是 {found} 版格式的填报表，本工具只处理 {edition} 版"
                      "（国办公开办函〔2021〕30号）。请使用新下发的填报表。")
OTHER_TEMPLATE_VERSION = _said("“{name}”是第 {found} 版填报表，本工具需要第 {version} 版。请使用新下发的填报表重新填写。")
NAMES_LOST = _said("“{name}”被改动过：{count} 个格子的名称丢失或指向已删除的工作表（{shown}），"
                   "无法可靠读取。请使用新下发的填报表重新填写。")
NAMES_MOVED = _said("“{name}”被改动过：{count} 个格子的名称被改为指向别的位置（{label}原在 {was}，"
                    "现在指向 {now}），无法确定数值应从哪个格子读取。请使用新下发的填报表重新填写。")

# --- Reading a JSON data file ---------------------------------------------------------------------

JSON_TOO_LARGE = _said("“{name}”有 {size} MB，远大于正常的数据文件（几十 KB），不予读取。")
JSON_SYNTAX = _said("“{name}”不是有效的 JSON 数据文件：第 {line} 行第 {column} 列格式有误。")
JSON_NOT_UTF8 = _said("“{name}”不是 UTF-8 编码的 JSON 数据文件。")
JSON_TOO_DEEP = _said("“{name}”不是有效的数据文件：嵌套层数过多。")
JSON_INVALID = _said("“{name}”不是有效的 JSON 数据文件。")
JSON_NOT_OBJECT = _said("“{name}”的内容应是一个 JSON 对象（{{...}}）。")
JSON_OTHER_FORM = _said("“{name}”不是 {edition} 版政府信息公开工作年度报告的数据。")
JSON_SECTION_NOT_OBJECT = _said("数据文件“{name}”中的“{section}”应是一个 JSON 对象（{{...}}，字段名: 值），"
                                 "现在是{kind}。格式见 `report-kit export` 导出的文件。")
# JSON_SECTION_NOT_OBJECT's `kind` by the Python type json.loads gave
JSON_KINDS = {"list": "一个列表（[...]）", "str": "一段文字", "int": "一个数字", "float": "一个数字",
              "Decimal": "一个数字", "bool": "true 或 false", "other": "其他值"}
JSON_UNKNOWN_FIELDS = _said("数据文件“{name}”中有本表没有的字段：{fields}。字段名见 `report-kit fields`。")
JSON_BASELINE_INCOMPLETE = _said("数据文件“{name}”中的上年数据（baseline）不完整，应包含：{fields}。")
JSON_BASELINE_NOT_NUMBERS = _said("数据文件“{name}”中的上年数据（baseline）有不是数字或年份的值。")

# --- Writing files --------------------------------------------------------------------------------

OUTPUT_IS_INPUT = _said("“{path}”是本次读取的输入文件，不能用输出覆盖它（--overwrite 也不行）。请用 -o 指定另一个文件名。")
OUTPUT_IS_FOLDER = _said("“{path}”是一个文件夹，请给出文件名。")
OUTPUT_EXISTS = _said("“{path}”已存在，未覆盖。如确需覆盖，请加 --overwrite。")
OUTPUT_APPEARED = _said("“{path}”已存在（可能是同时运行的另一个命令刚刚写入），未覆盖。如确需覆盖，请加 --overwrite。")
OUTPUT_FOLDER_MISSING = _said("输出文件夹“{folder}”不存在。")
CANNOT_WRITE = _said("无法写入“{path}”：{reason}。")
CANNOT_WRITE_IN = _said("无法在“{folder}”中写文件：{reason}。")
CANNOT_MAKE_FOLDER = _said("无法创建文件夹“{folder}”：{reason}。")
# Why the operating system refused (fsutil.reason): its own words (strerror) are English
OS_REASONS = {
    errno.ENAMETOOLONG: "文件名或路径太长，超出了文件系统的限制",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.EROFS: "所在位置是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "已存在同名文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.EIO: "读写出错（磁盘或网络存储故障）",
    errno.EILSEQ: "文件名含有文件系统不支持的字符",
    errno.EINVAL: "文件名或参数无效",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨磁盘移动",
    errno.EFBIG: "文件超过了允许的大小",
    errno.ELOOP: "路径中的快捷方式（符号链接）互相指向，形成了循环",
    errno.ENOMEM: "内存不足",
    errno.ETIMEDOUT: "网络存储响应超时",
    errno.ESTALE: "与网络存储的连接已失效，请重新连接后再试",
    errno.ENXIO: "设备不存在或未连接",
    errno.ENODEV: "设备不存在或未连接",
    errno.EAGAIN: "系统暂时无法完成，请稍后再试",
}
OS_REASON_OTHER = ("操作系统拒绝了这个操作。请确认文件或文件夹存在、可以打开，磁盘或网络存储正常，然后重试"
                   "（技术信息：{detail}）")

# --- The report (compile) -------------------------------------------------------------------------

REPORT_PROSE_MISSING = _said("“" + SHEET_PROSE + "”表中还有 {count} 节没有填写，不能编制报告：{sections}。"
                             "请填写后重新编制。")
DRAFT_MARK = _said("草稿：{reasons}，不能作为正式版本发布。")
DRAFT_ERRORS = "数据有 {count} 项错误"
DRAFT_PROSE = "文字内容有 {count} 节尚未填写"
DRAFT_EMPTY_SECTION = "【此节尚未填写】"
# `draft` on data with errors: why nothing was drafted, as it is for that file
DRAFT_REFUSED = _said("数据有错误，未起草：{why}。请按上面的提示修改后重试。")
DRAFT_REFUSED_PLAIN = _said("数据有错误，未起草。请按上面的提示修改后重试。")
DRAFT_UNREAD = "有 {count} 个数字无法使用（见上面的 R5 错误），起草时会按 0 写进正文"
DRAFT_SUMS = "表格中的数字相互对不上（{rules}），照此起草的段落也会对不上"

# --- A round across departments (D1–D5) -----------------------------------------------------------

DUPLICATE_FILES = _error("D1", "“{department}”报送了 {count} 个文件（{files}），无法确定以哪个为准。请只保留一个，"
                               "把其余的移出文件夹。")
IDENTICAL_RETURNS = _warning("D2", "与“{other}”（{file}）报送的数字和文字完全相同，请核实是否抄报。")
NOT_ON_ROSTER = _warning("D3", "填报单位“{agency}”不在部门名单中。请核对机关名称是否与名单一致。")
MISSING_RETURN = _said("尚未报送。")
SUMMARY_IN_ROUND = _warning("D4", "这是 {count} 个部门的汇总表（report-kit aggregate 生成），不是部门的报送：不计入"
                                  "部门报送情况，也不参加重复和抄报核对。")
SUMMARY_NOT_COMPILED = _said("这是汇总表，不随各部门批量编制。请填写文字内容后单独编制：report-kit compile {file}")
OTHER_YEAR_IN_ROUND = _error("D5", "报告年度是 {year} 年，而本轮其他 {count} 份填报表是 {target} 年：这不是本轮的报送"
                                   "（是否交错了文件？），不编制报告，也不计入汇总。该部门仍需报送 {target} 年的填报表。")
OTHER_YEAR_BESIDE = _error("D5", "报告年度是 {year} 年，而本轮是 {target} 年：这不是本轮的报送，该部门的 {target} 年填报表是"
                                  "“{file}”。请把这个文件移出文件夹。")
ROUND_COUNTS = _said("共 {departments} 个部门（收到 {files} 个文件）：{counts}")  # the ledger's count line
UNRECOGNISED_DEPARTMENT = _said("（未能识别：{file}）")  # a ledger row for a file naming no department
OTHER_YEAR_OWED = _said("其中 {count} 个部门交来的是其他年度的填报表，仍需报送 {target} 年的：{departments}")
NOTHING_TO_CHECK = _said("没有找到可检查的文件（.xlsx 或 .json）。")
CANNOT_READ_FILE = _said("无法读取“{name}”：{reason}。")
READ_CRASHED = _said("“{name}”读取时出现意外错误，无法使用。请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后重新检查；"
                    "仍不行请对方重新发送。（技术信息：{error}）")
PUBLISHED_READ_CRASHED = _said("“{name}”读取时出现意外错误，无法使用。请用浏览器、PDF 阅读器或 Word 打开确认文件完好，"
                              "或向发布单位索取原件（PDF 或 Word 版）后重新读取。（技术信息：{error}）")
REPORT_CRASHED = _said("生成报告时出现意外错误。请单独运行 report-kit compile 该文件查看详情；如用了自定义模板，"
                      "请先用默认模板试一次。（技术信息：{error}）")
REPORT_WORKER_CRASHED = _said("生成报告时工作进程意外退出（可能是内存不足）。")
ANNOTATE_CRASHED = _said("生成标注副本时出现意外错误。可按报送情况表中的问题清单把意见发回该部门。（技术信息：{error}）")
ANNOTATE_WORKER_CRASHED = _said("生成标注副本时工作进程意外退出（可能是内存不足）。")
WORKER_CRASHED = _said("批量处理时一个工作进程意外退出（可能是内存不足）。请加 --jobs 1 重新运行，以便找出有问题的文件。")
FILE_CRASHED_WORKER = _said("处理“{name}”时工作进程意外退出（可能是文件过大或内存不足），无法使用。请打开该文件确认内容，"
                            "或单独用 report-kit check 检查它。")
# The first sheet of an annotated copy (退回意见)
ANNOTATED_INTRO = _said("填报单位：{agency}。检查时间：{date}。共有错误 {errors} 项、提示 {warnings} 项。"
                        "请逐项修改后重新报送；标色的格子带有批注，鼠标移到格子上即可查看。")
ANNOTATED_NO_AGENCY = "（未填写）"
LEDGER_MORE = _said("……另有 {count} 项，见“问题清单”")
NOT_A_LEDGER = _said("“{path}”已存在且不是本工具生成的报送情况表，未覆盖。请用 --ledger 指定另一个文件名。")
FILENAME_CLASH = _said("这些部门名称生成的文件名相同，请在名单中区分：{clashes}。")
WORKBOOKS_EXIST = _said("“{folder}”中已有 {count} 个同名填报表（{shown}），未覆盖；名单共 {total} 个部门，其余 {rest} "
                        "个尚未生成。如果是上次运行中断留下的，加 --skip-existing 保留已有的、只生成缺少的；"
                        "如需全部重新生成，加 --overwrite。")
# Said after "已中断。" when the user interrupts a round (Ctrl-C): what is written, and the way on
MAKE_INTERRUPTED = _said("重新运行并加 --skip-existing，即可保留已生成的、只生成其余的：\n  {command}")
LEDGER_NOT_WRITTEN = _said("报送情况表尚未写入（已有的不变）；重新运行本命令即可。")
LEDGER_WRITTEN = _said("报送情况表已写入：{path}。")
COPIES_INTERRUPTED = _said("标注副本已写完 {count} 份（在“{folders}”中），其余未生成；重新运行本命令即可全部生成。")
COPIES_NONE_WRITTEN = _said("标注副本尚未生成；重新运行本命令即可。")
REPORTS_INTERRUPTED = _said("报告已写完 {count} 份（在“{folder}”中），其余未生成，报送情况表尚未写入；重新运行本命令即可"
                            "（已写完的报告会重新生成）。")
MAKING_STOPPED = _said("{error}已完成 {done} 份（共 {total} 份），其余未生成。解决问题后，加 --skip-existing 重新运行即可补齐。")

# The roster (部门名单)
ROSTER_WHAT = "部门名单"  # PATH_NOT_FOUND's `what`
PREVIOUS_WHAT = "上年数据"
ROSTER_SHAPE = "部门名单应是 .csv 或 .xlsx 文件，第一列每行一个部门名称（第一行可以是表头“部门名称”）。"
ROSTER_IS_FOLDER = _said("“{path}”是一个文件夹，不是部门名单文件。" + ROSTER_SHAPE)
ROSTER_WRONG_FILE = _said("“{name}”是{what}，不是部门名单。" + ROSTER_SHAPE)
# What a file given as the roster is (ROSTER_WRONG_FILE's `what`)
ROSTER_IS_RETURN = "本工具生成的填报表（{agency}）"
ROSTER_IS_BLANK_RETURN = "本工具生成的填报表"
ROSTER_IS_SUMMARY = "本工具生成的汇总表（{count} 个部门的汇总）"
ROSTER_IS_LEDGER = "本工具生成的报送情况表"
ROSTER_IS_AUDIT_LEDGER = "本工具生成的年度报告审核情况表"
ROSTER_IS_REPORT = "本工具编制的年度报告（Word 文档）"
ROSTER_IS_KIND = {"docx": "Word 文档", "pdf": "PDF 文件（如已发布的年度报告）", "html": "网页文件（如已发布的年度报告）",
                  "json": "JSON 数据文件", "zip": "压缩包"}
ROSTER_OLD_FORMAT = _said("部门名单“{name}”是旧版 Office 格式的文件（.xls、.doc 等），无法读取。请在 Excel 或 WPS 中"
                          "另存为 .xlsx 或 .csv 后使用。" + ROSTER_SHAPE)
ROSTER_EMPTY = _said("部门名单“{name}”中没有读到部门名称。请把部门名称放在第一列，每行一个。")
ROSTER_ENCODING = _said("部门名单“{name}”的编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV，或直接使用 .xlsx。")
ROSTER_NOT_CSV = _said("部门名单“{name}”中有一格内容过长或含有无法识别的字符，不像部门名单。请检查是否选错了文件。")
ROSTER_NAME_TOO_LONG = _said("部门名单“{name}”第 {number} 个名称有 {length} 个字符（“{start}……”），"
                             "不像部门名称。请检查是否选错了文件或列。")

# The 汇总: why a return was left out, and when nothing is left
EXCLUDED_SUMMARY = _said("这是 {count} 个部门的汇总表，不重复计入。")
EXCLUDED_YEAR = _said("报告年度是 {year} 年，汇总的是 {target} 年。")
BREAKDOWN_HEADING = _said("分部门明细（共 {departments} 个部门，汇总 = 各部门之和）")
EXCLUDED_HEADING = _said("未纳入汇总的部门（{departments} 个）")
EXCLUDED_HEADING_SUMMARIES = _said("未纳入汇总的部门（{departments} 个），另有 {summaries} 份汇总表")
NOT_AGGREGATED = _said("未纳入汇总 {departments} 个部门：")
NOT_AGGREGATED_MULTI = _said("未纳入汇总 {departments} 个部门（其中 {multi} 个部门报送了不止一个文件，按一个部门计）：")
NOT_AGGREGATED_ITEM_FILES = _said("  {department}（{status}，{count} 个文件）：{reason}")
NOT_AGGREGATED_SUMMARIES = _said("另有 {summaries} 份汇总表未纳入（不是部门的报送）：")
NOTHING_TO_AGGREGATE = _said("没有可以汇总的报送：{why}")
NOTHING_USABLE = "全部有错误、未填写、无法读取或未报送。"
NO_FILES = "没有找到文件。"

# --- Word templates (untrusted: they travel between offices by email) -----------------------------

TEMPLATE_NOT_FOUND = _said("找不到 Word 模板“{path}”。")
TEMPLATE_UNUSABLE = _said("Word 模板“{name}”不能使用：{error}")
TEMPLATE_SYNTAX = _said("Word 模板“{name}”中有写错的标签。常见原因：Word 把标签拆成了"
                        "几段，或把英文引号改成了中文引号。请重新输入整个标签。（技术信息：{error}）")
TEMPLATE_NOT_DOCX = _said("“{name}”不是可用的 Word 模板（.docx）。")
TEMPLATE_UNKNOWN_VARIABLES = _said("Word 模板“{name}”使用了不存在的变量：{names}。可用的变量见 `report-kit template-vars`。")
TEMPLATE_NOT_APPLIED = _said("Word 模板无法套用，请检查模板中的标签。（技术信息：{error}）")
TEMPLATE_PRIVATE = _said("Word 模板访问了内部属性“{name}”（以下划线开头），出于安全原因不予套用。")
TEMPLATE_CALL = _said("Word 模板调用了函数或方法（标签中有“( )”），出于安全原因不予套用。模板中只能使用变量、if 和 for。")
TEMPLATE_STATEMENT = _said("Word 模板使用了“{what}”语句，报告模板不支持。模板中只能使用变量、if 和 for。")
TEMPLATE_FILTER = _said("Word 模板使用了过滤器“{name}”，报告模板不支持。可用的过滤器：{allowed}。")
TEMPLATE_WHERE = "所在位置：“{text}”。"
TEMPLATE_TOO_MANY_STEPS = _said("Word 模板中的循环超过了 {limit} 万次，已停止套用。请检查模板中的 for 循环。")
TEMPLATE_TOO_LARGE = _said("Word 模板生成的内容超过了 {limit} 万字，已停止套用。请检查模板。")
TEMPLATE_TOO_DEEP = _said("Word 模板中的 if、for 嵌套超过了 {limit} 层，报告模板不支持。请简化模板。")
TEMPLATE_TOO_COMPLEX = _said("Word 模板过于复杂，无法套用。请简化模板。")
TEMPLATE_NUMBER_TOO_LARGE = _said("Word 模板计算的数字过大（乘方），已停止套用。请检查模板。")
TEMPLATE_UNSAFE = _said("Word 模板试图访问不允许的内容（以下划线开头的内部属性），出于安全原因不予套用。")
TEMPLATE_FORMATTING = _said("Word 模板使用了“%”格式化文字，报告模板不支持，出于安全原因不予套用。")
TEMPLATE_UNDEFINED = _said("Word 模板使用了不存在的内容：{what}。可用的变量见 `report-kit template-vars`。")
TEMPLATE_FAILED = _said("Word 模板套用时出错：标签“{tag}”无法计算（{what}）。请检查模板中的这个标签。")
TEMPLATE_FAILED_PLAIN = _said("Word 模板套用时出错（{what}）。请检查模板中的标签。")
# TEMPLATE_FAILED's `what` by the kind of error a tag raised (jinja2 reports them in English)
TEMPLATE_FAILURE_WORDS = {
    ZeroDivisionError: "除以零",
    TypeError: "类型不符，例如把文字和数字相加",
    ValueError: "数值无效",
    OverflowError: "数值过大",
    IndexError: "序号超出范围",
    KeyError: "没有这一项",
}
TEMPLATE_FAILURE_OTHER = "计算出错，技术信息：{detail}"
# TEMPLATE_UNDEFINED's `what`: a variable, or an item of one, that does not exist
UNDEFINED_VARIABLE = "变量“{name}”"
UNDEFINED_ITEM = "“{name}”这一项"

# --- PDF (`compile --pdf`) ------------------------------------------------------------------------

OFFICE_MISSING = _said("生成 PDF 需要 LibreOffice，但本机没有安装（找不到 soffice 命令）。"
                       "Word 报告已生成，可用 Word 或 WPS 另存为 PDF；或安装 LibreOffice 后重试。")
PDF_TIMEOUT = _said("LibreOffice 转换 PDF 超时。Word 报告已生成。")
PDF_FAILED = _said("LibreOffice 未能生成 PDF。Word 报告已生成，可用 Word 或 WPS 另存为 PDF。")
# The 公文 fonts this machine lacks
FONTS_SUBSTITUTED = _said("本机缺少公文字体，PDF 中用相近的字体代替：{pairs}。字形与正式字体不同、排版可能略有出入；"
                          "正式发布请在装有这些字体的电脑上生成 PDF（Word 或 WPS 另存为 PDF），所需字体见 README。")
FONT_PAIR = "{wanted} → {used}"
FONT_NO_STAND_IN = "{wanted} → （本机没有合适的中文字体，由 LibreOffice 自选）"

# --- The 图解 as a picture (`compile --charts`, `--charts-docx`) -----------------------------------

CHART_FONT_MISSING = _said("画图解的 PNG 图片需要中文字体，本机没有找到（否则图中的汉字会显示成方框）。"
                           "Linux 上可安装思源黑体：sudo apt-get install fonts-noto-cjk；Windows 自带微软雅黑或黑体，"
                           "若已删除请重新安装。")

# --- Published reports (import, audit): what was read and what was not (P1–P3, C1) ----------------

NOT_READ = _warning("P2", "{place}：未能读出（{why}），相关勾稽关系无法核对。")
FUZZY_LABEL = _warning("P1", "{place}：行标签印作“{printed}”，与格式中的“{official}”不完全相同，已按后者读取。请核对。")
BLANK_PRINTED = _warning("R5", "{place}：印的是空白，按 0 计算。")
PLACEHOLDER_PRINTED = _warning("R5", "{place}：印的是“{raw}”，按 0 计算。")
NOT_A_NUMBER_PRINTED = _error("R5", "{place}：印的是“{raw}”，不是数字（表格中只能印数字），未能读出。")
CLEANED_PRINTED = _warning("R5", "{place}：“{raw}”已按 {value} 读取（{how}）。")
ONE_ROW_NOTE = _warning("P1", "表三“（六）其他处理”印作一行（2019 年格式）：其数字按该组合计读取，核对（七）总计时使用。")
# Code from the rule that could not be checked
LAST_YEAR_LABEL = "上年{label}"  # UNCHECKABLE's `names`: a figure of last year's report
UNCHECKABLE = _warning("", "{title}：{names}未能读出，无法核对。")
STRAY_TEXT = _warning("P3", "第{page}页的表格中有文字“{text}”没有落在任何格子里（可能缺了表格线），未读取，"
                            "请对照原文核对这一页。")
OLD_T2 = _warning("P1", "表二是 2019 年试行格式（国办公开办函〔2019〕60号），栏目与 2021 年格式不同，无法逐项对应，"
                        "未读取；表三、表四两种格式相同，照常读取。")
COPIED = _warning("C1", "{where}：这一段与上年报告（{previous}）的段落几乎相同（去掉年份后相同 {ratio}%）。\n"
                        "本年：“{now}”\n上年：“{then}”")
SAME_REPORT_TWICE = _warning("C2", "“{agency}”{year}年的报告在所审核的文件中有 {count} 份（{files}）：是同一份报告的不同格式，"
                                   "还是发布了两次？跨年对照只用其中一份。")
NO_TABLES = _said("“{name}”中没有找到年度报告的表格（{why}），无法读取。")
NO_TEXT_LAYER = _said("“{name}”是扫描件或图片（PDF 中没有文字层），无法读取。本工具不做文字识别（OCR）。")
LINK_ONLY = _said("“{name}”只是一个链接页面，报告本身在链接的文件中（{links}）。请下载该文件后再读取。")
NOT_A_REPORT = _said("“{name}”不是可读取的年度报告（{why}）。")
# A PDF that cannot be read, by what kind of problem it is; {tech} is TECH_INFO or ""
PDF_DAMAGED = _said("“{name}”无法读取：PDF 文件已损坏或不完整（可能在下载或传输中被截断）。请重新下载，"
                    "或向发布单位索取原件或 Word 版。{tech}")
PDF_PASSWORD = _said("“{name}”设置了打开密码，无法读取。请向发布单位索取不加密的文件，或在 PDF 阅读器中输入密码后"
                     "另存一份不加密的 PDF 再读取。")
PDF_ENCRYPTION = _said("“{name}”使用了本工具不支持的加密方式，无法读取。请用 PDF 阅读器或 WPS 打开后另存（或打印）为"
                       "新的 PDF 再读取，或向发布单位索取 Word 版。{tech}")
PDF_UNSUPPORTED = _said("“{name}”使用了本工具不支持的 PDF 功能，无法读取。请用 PDF 阅读器或 WPS 打开后另存（或打印）为"
                        "新的 PDF 再读取，或向发布单位索取 Word 版。{tech}")
PDF_UNREADABLE = _said("“{name}”无法读取：PDF 的内容无法解析，可能已损坏或不是正常导出的 PDF。请用 PDF 阅读器打开确认，"
                       "或向发布单位索取原件或 Word 版。{tech}")
# The library's name for a problem, at the end of a sentence that already says it in Chinese: it
# helps whoever is asked for help, and only them.
TECH_INFO = "（技术信息：{detail}）"
# What one PDF may cost (published/pdf_bounds.py): a report has under ~40 pages
PDF_TOO_MANY_PAGES = _said("“{name}”{pages}，远多于正常的年度报告（通常不到 40 页）；本工具每份最多读取 {limit} 页，"
                           "为安全起见不予读取。请确认选对了文件；如报告在一个更长的文件中，请把报告所在的页另存为"
                           "单独的 PDF 后再读取。")
PAGES_STATED = "有 {pages} 页"
PAGES_OVER = "超过 {limit} 页"
PDF_PAGE_TOO_BUSY = _said("“{name}”第 {page} 页的内容过多（超过 {limit:,} 个{what}，正常的报告页面只有{usual}），"
                          "为安全起见不予读取。请确认选对了文件，或向发布单位索取正常导出的 PDF 或 Word 版。")
PDF_TOO_BUSY = _said("“{name}”的{what}总计超过 {limit:,} 个，远多于正常的年度报告（每页{usual}），"
                     "为安全起见不予读取。请确认选对了文件，或向发布单位索取正常导出的 PDF 或 Word 版。")
# (what, usual count on a page) of PDF_PAGE_TOO_BUSY and PDF_TOO_BUSY by the kind of object
PDF_OBJECT_KINDS = {"chars": ("文字", "几百到几千个"), "paths": ("线条和图形", "几十到几百个")}
PDF_INFLATES = _said("“{name}”中的内容解压后超过 {limit} MB，远大于正常的年度报告（通常几 MB），为安全起见不予读取。"
                     "请确认选对了文件，或向发布单位索取正常导出的 PDF 或 Word 版。")
# Why a file is not a report (NOT_A_REPORT's `why`) by the kind its content shows, or why no tables (NO_TABLES)
NOT_A_REPORT_KINDS = {"xlsx": "这是 Excel 文件，请用 check 命令检查填报表", "json": "这是 JSON 数据文件，请用 check 命令",
                      "binary": "内容不是文字，既不是 PDF、网页，也不是 Word 文件，可能在下载或传输中损坏，请重新下载",
                      "zip": "这是一个压缩包或已损坏的 Word 文件；如是压缩包，请解压后读取其中的报告"}
NO_TABLES_AT_ALL = {"html": "页面中没有表格，可能由脚本加载或是翻页书",
                    "pdf": "PDF 中没有带表格线的表格，可能是排版特殊或由图片拼成的文件",
                    "docx": "文档中没有表格"}
NO_TABLES_RECOGNIZED = "表格中没有认出表二、表三、表四的行列标签"
# Why a field of a published report was not read (its `not_read` note)
NOT_FOUND_IN_REPORT = "报告中没有找到这一格"
PRINTED_AS = "印的是“{raw}”"
PUBLISHED_TOO_LARGE = _said("“{name}”有 {size} MB，远大于正常的年度报告（通常不到 10 MB），为安全起见不予读取。")
PAGE_TOO_LARGE = _said("“{name}”有 {size} MB，远大于正常的年度报告（网页通常不到 1 MB），为安全起见不予读取。")
DOCX_DAMAGED = _said("“{name}”不是可读取的年度报告（Word 文件的压缩包已损坏）。")
DOCX_UNREADABLE = _said("“{name}”无法读取：Word 文件的内容已损坏或不是正常保存的 .docx。请用 Word 或 WPS 打开后"
                        "另存为 .docx 再读取，或向发布单位索取原件。{tech}")
PUBLISHED_UNZIPS_TOO_LARGE = _said("“{name}”解压后超过 {limit} MB，远大于正常的 Word 年度报告（几百 KB），为安全起见不予读取。")
DOCX_XML_TOO_LARGE = _said("“{name}”的正文（Word 文件中的 XML 部分）解压后超过 {limit} MB，远大于正常的 Word 年度报告"
                           "（正文通常不到 1 MB，图片另存，不计在内），为安全起见不予读取。请确认选对了文件。")
PAGE_TOO_MANY_SQUARES = _said("“{name}”的网页表格共有超过 {limit:,} 个格子（合并的格子按所占的格数计），远多于年度报告的表格"
                               "（几百个），为安全起见不予读取。请确认选对了网页，或向发布单位索取 PDF 或 Word 版。")
PAGE_TOO_DEEP = _said("“{name}”的网页标签嵌套超过 {limit} 层，不是正常的网页，为安全起见不予读取。")
OLD_WORD = _said("“{name}”是旧版 Word/WPS 文件（.doc/.wps），请另存为 .docx 后再读取。")
# The audit ledger (审核情况.xlsx)
AUDIT_LEDGER_TITLE = REPORT_NAME + "审核情况"
AUDIT_LEDGER_SUMMARY = _said("共 {count} 份报告：{counts}；其中 {paired} 份与上年报告作了对照（生成时间 {stamp}）")
AUDIT_PAIRS_TITLE = "主要数字两年对照（{count} 份报告与上年报告）"
AUDIT_NO_PAIRS = "（没有可对照的上年报告：同一机关相邻年度的报告放在同一文件夹，或用 --previous 指定上年报告）"

"""Every message a user reads about their data, in one catalogue (like pyxform's errors.py).

Placeholders are filled by the reader and checker; `where` is always "表三!D5（行 / 列）".
"""

from .form2021 import SHEET_PROSE

# Data-validation prompts in the workbook (Excel caps them at 255 characters)
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

# Cell values (R5 and cleaning)
BLANK_AS_ZERO = "{where}：是空白，按 0 计算。如确实为 0，请填写数字 0。"
PLACEHOLDER_AS_ZERO = "{where}：填的是“{raw}”，按 0 计算。请改填数字 0。"
CLEANED = "{where}：“{raw}”已按 {value} 读取（{how}）。"
NOT_A_NUMBER = "{where}：“{raw}”不是数字。此处只填数字，文字说明请写在“" + SHEET_PROSE + "”表的相应小节。"
NEGATIVE = "{where}：{raw} 是负数，此处只能填不小于 0 的数。"
FRACTION = "{where}：{raw} 不是整数，件数只能填整数。"
SCIENTIFIC = "{where}：“{raw}”是科学计数法，可能已丢失位数。请直接填写完整的数字。"
TOO_LARGE = "{where}：{raw} 大得不合常理，请核对。"
FORMULA_IN_INPUT = "{where}：填的是公式“{raw}”。请直接填写数字，不要填公式。"
BOOLEAN = "{where}：填的是逻辑值“{raw}”，请填写数字。"
TOTAL_OVERWRITTEN = "{where}：总计格子的公式被改成了数值 {raw}。总计由本工具按各项重新计算，请恢复公式或使用新下发的填报表。"
DATE_TYPED = "{where}：填的是日期“{raw}”（输入“1/2”这类写法会被表格软件自动变成日期）。请填写数字。"
PERCENT = "{where}：填的是百分比“{raw}”。此处只填数字（金额单位为万元，件数为整数），不要填百分比。"
DATE_SERIAL = ("{where}：{raw} 正好是日期 {date} 在表格软件中的序号，很可能是输入“{typed}”时被自动变成了日期。"
               "这里的件数不会这么多，请重新填写。")
DATE_SERIAL_CHECK = ("{where}：{raw} 正好是日期 {date} 在表格软件中的序号，可能是输入“{typed}”时被自动变成了日期。"
                     "请核对；如确实是 {raw} 件，可忽略本提示。")
MONEY_PRECISION = "{where}：{raw} 的小数超过 4 位，请核对单位是否为万元。"

# The form changed by the department (T1): values are still read by name
PROTECTION_REMOVED = "工作表“{sheets}”的保护已被取消。本工具已逐格重新核对，但请提醒填报单位不要取消保护。"
SHEETS_RENAMED = "工作表{renamed}。已按格子名称读取，数值不受影响；请提醒填报单位不要改动工作表。"
CELLS_MOVED = ("工作表“{sheet}”插入或删除过行、列：{label}原在 {was}，现在在 {now}。"
               "已按格子名称读取，数值不受影响；请提醒填报单位不要改动表格结构。")

# Report facts and prose
FACT_MISSING = "{where}：未填写，这是必填项。"
YEAR_INVALID = "{where}：报告年度“{raw}”不是有效年份。"
PROSE_EMPTY = "{where}：还没有填写内容。"
UNTOUCHED = ("填报表未填写：表二、表三、表四的数字全部为 0，文字内容也全部空白，像是原样退回的。"
             "请填写后重新报送（数字确实全部为 0 的，也要写好文字内容）。")
CONTROLS_REMOVED = "{where}：含有 {count} 个看不见的控制字符（多由复制粘贴带入），已删除。"
TEXT_NOT_TEXT = "{where}：应填写文字，读到的是“{raw}”。"

# Sums (R1–R4), in the style of dpm-xl: both sides with their parts and the difference
SUM_MISMATCH = "{title}：{left}，应等于{right}，相差 {difference}。"

# Cross-year (R6, R7)
CROSS_YEAR = "{title}：本年 {where} 为 {actual}，按上年数据应为 {expected}（{how}），相差 {difference}。{explanation}"

# Prose (R8, R9)
# Neither side is presumed right: the prose may be the slip as well as the table.
PROSE_NUMBER = "{where}：正文写“{sentence}”。{what}，正文写的是 {stated} 件，表格（{cells}）是 {actual} 件，请核对哪一处有误。"
PROSE_NONE = "{where}：正文写“{sentence}”。{what}，正文说没有，表格（{cells}）是 {actual} 件，请核对哪一处有误。"
PROSE_OTHER_YEAR = "{where}：段落以“{opening}”开头，而报告年度是 {year} 年。是否沿用了上年的文字？"

# Last year's data (--previous): read for the cross-year rules (R6, R7, R9) and the carry-over
PREVIOUS_NOT_FOUND = ("找不到上年数据“{path}”。第一年使用本工具时没有上年回收的填报表，不加 --previous 即可"
                      "（“{carried}”由各部门自己填写）。")
PREVIOUS_YEAR_MISMATCH = "上年数据{source}是 {previous} 年的，而报告年度是 {year} 年，应使用 {expected} 年的数据。"
PREVIOUS_NOT_IN_FOLDER = "“{path}”中没有“{agency}”的上年数据。"
PREVIOUS_NO_AGENCY = "上年数据“{file}”没有填写机关名称，无法对应到部门。"
PREVIOUS_NOT_READ = "上年报告“{file}”中“{labels}”未能读出，无法用于跨年核对。"

# The report (compile)
REPORT_PROSE_MISSING = "“" + SHEET_PROSE + "”表中还有 {count} 节没有填写，不能编制报告：{sections}。请填写后重新编制。"
DRAFT_MARK = "草稿：{reasons}，不能作为正式版本发布。"
DRAFT_ERRORS = "数据有 {count} 项错误"
DRAFT_PROSE = "文字内容有 {count} 节尚未填写"
DRAFT_EMPTY_SECTION = "【此节尚未填写】"

# A round across departments (D1–D3)
DUPLICATE_FILES = "“{department}”报送了 {count} 个文件（{files}），无法确定以哪个为准。请只保留一个，把其余的移出文件夹。"
IDENTICAL_RETURNS = "与“{other}”（{file}）报送的数字和文字完全相同，请核实是否抄报。"
NOT_ON_ROSTER = "填报单位“{agency}”不在部门名单中。请核对机关名称是否与名单一致。"
MISSING_RETURN = "尚未报送。"
SUMMARY_IN_ROUND = ("这是 {count} 个部门的汇总表（report-kit aggregate 生成），不是部门的报送：不计入部门报送情况，"
                    "也不参加重复和抄报核对。")
SUMMARY_NOT_COMPILED = "这是汇总表，不随各部门批量编制。请填写文字内容后单独编制：report-kit compile “{file}”。"
OTHER_YEAR_IN_ROUND = "报告年度是 {year} 年，而本轮其他 {count} 份填报表是 {target} 年。是否交错了文件？汇总时不会计入。"

# The 汇总: why a return was left out
EXCLUDED_SUMMARY = "这是 {count} 个部门的汇总表，不重复计入。"
EXCLUDED_YEAR = "报告年度是 {year} 年，汇总的是 {target} 年。"

# Word templates (untrusted: they travel between offices by email)
TEMPLATE_PRIVATE = "Word 模板访问了内部属性“{name}”（以下划线开头），出于安全原因不予套用。"
TEMPLATE_CALL = "Word 模板调用了函数或方法（标签中有“( )”），出于安全原因不予套用。模板中只能使用变量、if 和 for。"
TEMPLATE_STATEMENT = "Word 模板使用了“{what}”语句，报告模板不支持。模板中只能使用变量、if 和 for。"
TEMPLATE_FILTER = "Word 模板使用了过滤器“{name}”，报告模板不支持。可用的过滤器：{allowed}。"
TEMPLATE_WHERE = "所在位置：“{text}”。"
TEMPLATE_TOO_MANY_STEPS = "Word 模板中的循环超过了 {limit}次，已停止套用。请检查模板中的 for 循环。"
TEMPLATE_TOO_LARGE = "Word 模板生成的内容超过了 {limit}字，已停止套用。请检查模板。"
TEMPLATE_TOO_DEEP = "Word 模板中的 if、for 嵌套超过了 {limit} 层，报告模板不支持。请简化模板。"
TEMPLATE_TOO_COMPLEX = "Word 模板过于复杂，无法套用。请简化模板。"
TEMPLATE_NUMBER_TOO_LARGE = "Word 模板计算的数字过大（乘方），已停止套用。请检查模板。"
TEMPLATE_UNSAFE = "Word 模板试图访问不允许的内容（以下划线开头的内部属性），出于安全原因不予套用。"
TEMPLATE_FORMATTING = "Word 模板使用了“%”格式化文字，报告模板不支持，出于安全原因不予套用。"
TEMPLATE_UNDEFINED = "Word 模板使用了不存在的内容：{what}。可用的变量见 `report-kit template-vars`。"
TEMPLATE_FAILED = "Word 模板套用时出错：标签“{tag}”无法计算（{what}）。请检查模板中的这个标签。"
TEMPLATE_FAILED_PLAIN = "Word 模板套用时出错（{what}）。请检查模板中的标签。"

# PDF (`compile --pdf`): the 公文 fonts this machine lacks
FONTS_SUBSTITUTED = ("本机缺少公文字体，PDF 中用相近的字体代替：{pairs}。字形与正式字体不同、排版可能略有出入；"
                     "正式发布请在装有这些字体的电脑上生成 PDF（Word 或 WPS 另存为 PDF），所需字体见 README。")
FONT_PAIR = "{wanted} → {used}"
FONT_NO_STAND_IN = "{wanted} → （本机没有合适的中文字体，由 LibreOffice 自选）"

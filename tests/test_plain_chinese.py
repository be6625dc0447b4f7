"""What a user reads when something fails in a way nobody listed: plain Chinese saying what kind of
problem it is and what to do; a library's or the system's English name for it only at the end, as
技术信息 (for whoever is asked for help)."""

from __future__ import annotations

import errno
import re
from pathlib import Path

from report_kit.form import messages as msg
from report_kit.fsutil import reason
from report_kit.round.checking import read_safely

ENGLISH_NAME = re.compile(r"[A-Za-z]{4,}")


def test_an_os_error_without_its_own_sentence_says_what_to_check_and_ends_with_its_number():
    said = reason(OSError(errno.ECONNREFUSED, "Connection refused"))
    assert said == ("操作系统拒绝了这个操作。请确认文件或文件夹存在、可以打开，磁盘或网络存储正常，然后重试"
                    "（技术信息：errno 111 Connection refused）")


def test_a_stale_network_share_is_said_in_chinese():
    assert reason(OSError(errno.ESTALE, "Stale file handle")) == "与网络存储的连接已失效，请重新连接后再试"


def test_every_os_reason_is_chinese_only():
    for text in msg.OS_REASONS.values():
        assert not ENGLISH_NAME.search(text), text


def test_a_reader_crashing_unexpectedly_names_the_error_only_as_technical_information(tmp_path):
    def crashing(path: Path):
        raise KeyError("xl/sharedStrings.xml")

    submission, problem = read_safely(tmp_path / "填报表.xlsx", crashing)
    assert submission is None
    assert problem == ("“填报表.xlsx”读取时出现意外错误，无法使用。请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后重新检查；"
                       "仍不行请对方重新发送。（技术信息：KeyError）")


def test_catalogue_sentences_carrying_a_library_name_carry_it_last():
    """Every entry filled with an exception's name (`error`, `tech`) ends with it as 技术信息."""
    for name in ("READ_CRASHED", "PUBLISHED_READ_CRASHED", "REPORT_CRASHED", "ANNOTATE_CRASHED",
                 "TEMPLATE_SYNTAX", "TEMPLATE_NOT_APPLIED"):
        assert getattr(msg, name).template.endswith("（技术信息：{error}）"), name
    for name in ("PDF_DAMAGED", "PDF_ENCRYPTION", "PDF_UNSUPPORTED", "PDF_UNREADABLE"):
        template = getattr(msg, name).template
        assert template.endswith("{tech}") and not ENGLISH_NAME.search(template.replace("PDF", "").replace(
            "Word", "").replace("{name}", "").replace("{tech}", "")), name

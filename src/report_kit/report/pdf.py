"""Turn a .docx into a PDF with LibreOffice, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OfficeMissing, OutputError

CONVERT_TIMEOUT = 180


def find_office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """PDF bytes of a .docx. A fresh office profile each time, so a running office never interferes."""
    office = find_office()
    if office is None:
        raise OfficeMissing("生成 PDF 需要 LibreOffice，但本机没有安装（找不到 soffice 命令）。"
                            "Word 报告已生成，可用 Word 或 WPS 另存为 PDF；或安装 LibreOffice 后重试。")
    with tempfile.TemporaryDirectory(prefix="report-kit-pdf-") as work:
        source = Path(work) / "report.docx"
        source.write_bytes(docx)
        command = [office, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", work, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError("LibreOffice 转换 PDF 超时。Word 报告已生成。") from None
        pdf = Path(work) / "report.pdf"
        if not pdf.exists():
            raise OutputError("LibreOffice 未能生成 PDF。Word 报告已生成，可用 Word 或 WPS 另存为 PDF。")
        return pdf.read_bytes()

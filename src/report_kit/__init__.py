"""report-kit: the 政府信息公开工作年度报告 from locked workbook to Word report."""

__version__ = "0.1.0"

"""Rebuild the default Word template from the form spec.

    python templates/build.py

The template is generated (python-docx) so that its tables always match the spec; commit the
result. tests/test_report.py fails when the committed file is out of date. It is then compiled
into this machine's template cache (report/template_cache.py), as the first report would do.
"""

from pathlib import Path

from report_kit.report.render import TEMPLATE_NAME, load_template, prepare
from report_kit.report.template_builder import build_template

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / TEMPLATE_NAME
    target.write_bytes(build_template())
    print(f"wrote {target}")
    prepare(load_template(target))
    print("compiled it into the template cache")

"""Compiled templates kept on disk (report/template_cache.py): a template is compiled by the first
run on a machine and read back by every later one, which then renders without docxtpl; a damaged,
foreign or unwritable cache never changes a report, only its speed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import SAMPLE

_RUN = """
import json, sys
from report_kit.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "docxtpl": "docxtpl" in sys.modules}))
"""


def _compile(cache: str, workdir: Path, name: str = "报告.docx", template: Path | None = None) -> dict:
    env = {**os.environ, "REPORT_KIT_CACHE": cache}
    args = ["compile", str(SAMPLE), "-o", name, "--overwrite", *(["--template", str(template)] if template else [])]
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, cwd=workdir,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.template"))


def test_the_second_run_reads_the_compiled_template_and_renders_without_docxtpl(tmp_path):
    cache = tmp_path / "cache"
    first = _compile(str(cache), tmp_path, "第一次.docx")
    assert first["code"] == 0 and first["docxtpl"]  # compiling needs docxtpl
    assert len(_entries(cache)) == 1
    second = _compile(str(cache), tmp_path, "第二次.docx")
    assert second["code"] == 0 and not second["docxtpl"]
    assert _parts(tmp_path / "第一次.docx") == _parts(tmp_path / "第二次.docx")


def test_a_damaged_entry_is_compiled_again(tmp_path, monkeypatch):
    from report_kit.report import template_cache

    cache = tmp_path / "cache"
    _compile(str(cache), tmp_path, "原来.docx")
    [entry] = _entries(cache)
    good = entry.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x01  # one bit inside the stored code
    for damage in (good[: len(good) // 2], bytes(flipped), b"\x00" * 100, b""):
        entry.write_bytes(damage)
        _compile(str(cache), tmp_path, "之后.docx")
        assert _parts(tmp_path / "之后.docx") == _parts(tmp_path / "原来.docx")
        monkeypatch.setenv("REPORT_KIT_CACHE", str(cache))
        again = template_cache.load(entry.stem)  # written again, whole
        assert again["key"] == entry.stem and again["covered"]


def _custom_template(folder: Path) -> Path:
    import docx

    from report_kit.report.render import default_template_path

    document = docx.Document(str(default_template_path()))
    document.add_paragraph("自定义模板的最后一段：{{ agency }}")
    custom = folder / "自定义.docx"
    document.save(str(custom))
    return custom


def test_an_entry_under_another_templates_name_is_not_used(tmp_path):
    """The key is inside the entry too: another template's entry copied under this one's name is
    ignored (compiled again), never rendered."""
    cache = tmp_path / "cache"
    _compile(str(cache), tmp_path, "原来.docx")
    [default_entry] = _entries(cache)
    _compile(str(cache), tmp_path, "自定义报告.docx", template=_custom_template(tmp_path))
    [custom_entry] = [entry for entry in _entries(cache) if entry != default_entry]
    default_entry.write_bytes(custom_entry.read_bytes())
    assert _compile(str(cache), tmp_path, "之后.docx")["docxtpl"]
    assert _parts(tmp_path / "之后.docx") == _parts(tmp_path / "原来.docx")


def test_each_template_has_its_own_entry(tmp_path):
    import docx

    custom = _custom_template(tmp_path)
    cache = tmp_path / "cache"
    _compile(str(cache), tmp_path, "默认.docx")
    _compile(str(cache), tmp_path, "自定义报告.docx", template=custom)
    assert len(_entries(cache)) == 2
    again = _compile(str(cache), tmp_path, "自定义报告2.docx", template=custom)
    assert not again["docxtpl"]
    text = docx.Document(str(tmp_path / "自定义报告2.docx")).paragraphs[-1].text
    assert text == "自定义模板的最后一段：某某市生态环境局"


@pytest.mark.parametrize("setting", ["", "file"])
def test_a_cache_that_is_off_or_cannot_be_written_changes_nothing(tmp_path, setting):
    """REPORT_KIT_CACHE="" turns it off; a file where the folder should be cannot hold entries."""
    cache = ""
    if setting == "file":
        blocker = tmp_path / "不是文件夹"
        blocker.write_text("x", encoding="utf-8")
        cache = str(blocker / "cache")
    reference = tmp_path / "对照"
    reference.mkdir()
    _compile(str(reference / "cache"), reference, "报告.docx")
    for name in ("一.docx", "二.docx"):
        result = _compile(cache, tmp_path, name)
        assert result["code"] == 0 and result["docxtpl"]
        assert _parts(tmp_path / name) == _parts(reference / "报告.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["一.docx", "二.docx", "对照"]
                                                               + (["不是文件夹"] if setting else []))


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    from report_kit.report import template_cache

    monkeypatch.setenv("REPORT_KIT_CACHE", str(tmp_path))
    for number in range(template_cache.KEPT + 5):
        template_cache.store(f"{number:064d}", {"variables": [], "covered": False})
    assert len(_entries(tmp_path)) == template_cache.KEPT
    assert template_cache.load(f"{template_cache.KEPT + 4:064d}") == {"variables": [], "covered": False,
                                                                      "key": f"{template_cache.KEPT + 4:064d}"}
    assert not list(tmp_path.glob("*.tmp"))


def _unique_template(folder: Path, words: str) -> bytes:
    import docx

    from report_kit.report.render import default_template_path

    document = docx.Document(str(default_template_path()))
    document.add_paragraph(words + "：{{ agency }}")
    path = folder / "模板.docx"
    document.save(str(path))
    return path.read_bytes()


def test_without_a_cache_one_report_is_docxtpls_and_the_second_compiles(tmp_path, monkeypatch):
    """Compiling costs about four reports by docxtpl: when it cannot be kept, a single `compile`
    does not pay for it; a batch (two reports or more in one process) does."""
    from report_kit.api import load_submission
    from report_kit.report import fast_docx
    from report_kit.report.render import render_report

    monkeypatch.setenv("REPORT_KIT_CACHE", "")
    template = _unique_template(tmp_path, "没有缓存")
    first = render_report(load_submission(SAMPLE), template)
    assert fast_docx.compiled_for(template) is None
    second = render_report(load_submission(SAMPLE), template)
    assert fast_docx.compiled_for(template) is not None
    assert _parts_of(first) == _parts_of(second)


def test_no_home_folder_is_no_cache(tmp_path, monkeypatch):
    """A service account or a container's bare uid has no home: the cache is off, the report is made."""
    from report_kit.api import load_submission
    from report_kit.report import template_cache
    from report_kit.report.render import render_report

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("REPORT_KIT_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert template_cache.cache_folder() is None and not template_cache.writable()
    template = _unique_template(tmp_path, "没有家目录")
    assert "没有家目录：某某市生态环境局" in _text(render_report(load_submission(SAMPLE), template))


def _parts_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _text(package: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(package)).paragraphs)


def test_an_entry_is_data_checked_again_by_every_run(tmp_path, monkeypatch):
    """Someone who can write the cache folder cannot make a run execute code: an entry holds the
    Jinja source, never code, and the sandbox's static check refuses a planted tag before it renders;
    the entry is then made again from the real template."""
    from report_kit.api import load_submission
    from report_kit.report import fast_docx, template_cache
    from report_kit.report.render import render_report

    monkeypatch.setenv("REPORT_KIT_CACHE", str(tmp_path / "cache"))
    template = _unique_template(tmp_path, "数据不是代码")
    reference = render_report(load_submission(SAMPLE), template)  # compiles and keeps the entry
    key = template_cache.entry_key(template)
    entry = template_cache.load(key)
    assert isinstance(entry["source"], str) and not any(type(v).__name__ == "code" for v in entry.values())
    planted = "{{ cycler.__init__.__globals__.os.system('touch " + str(tmp_path / "ran") + "') }}"
    template_cache.store(key, {**entry, "source": entry["source"].replace("数据不是代码", planted)})
    fast_docx.PREPARED.clear()  # a new run
    again = render_report(load_submission(SAMPLE), template)
    assert not (tmp_path / "ran").exists()
    assert _text(again) == _text(reference)
    # the planted entry was refused and made again from the real template
    assert "数据不是代码" in template_cache.load(key)["source"] and planted not in template_cache.load(key)["source"]

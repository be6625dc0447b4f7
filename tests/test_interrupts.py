"""Batches that end badly: a worker killed, the main process killed, Ctrl-C. Real processes and
real signals; what the user sees (ledger rows, stderr) and what is left running afterwards."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from report_kit.round import checking, operations
from report_kit.round.pool import run_each
from report_kit.cli import main
from report_kit.api import make_workbook
from tests.helpers import department_data


def _die_on_three(item: int) -> int:
    if item == 3:
        os._exit(9)  # as the kernel's OOM killer would end it: no exception, no cleanup
    return item * 10


def test_a_dead_worker_costs_only_its_own_item():
    results = list(run_each(_die_on_three, list(range(12)), jobs=2, crashed=lambda item: f"crashed {item}"))
    assert results == [0, 10, 20, "crashed 3", 40, 50, 60, 70, 80, 90, 100, 110]


def _die_on_bad(path: Path):
    if "坏" in path.name:
        os._exit(9)
    return checking.read_safely(path)


def _returns(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        name = f"部门{i}"
        (folder / f"{name}.xlsx").write_bytes(make_workbook(name, 2024, department_data(name, penalty=i)))
    return folder


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched job reaches workers by fork")
def test_a_worker_killed_in_a_batch_still_gives_the_ledger(tmp_path, monkeypatch, capsys):
    returns = _returns(tmp_path / "回收", 9)
    (returns / "部门3.xlsx").rename(returns / "坏部门3.xlsx")
    monkeypatch.setattr(operations, "read_safely", _die_on_bad)  # forked workers see it
    monkeypatch.chdir(tmp_path)
    code = main(["check", str(returns), "--jobs", "2"])
    output = capsys.readouterr()
    assert code == 1, output
    assert "处理“坏部门3.xlsx”时工作进程意外退出（可能是文件过大或内存不足），无法使用。" in output.out
    ledger = openpyxl.load_workbook(tmp_path / "报送情况.xlsx")["报送情况"]
    rows = {row[1]: row[2] for row in ledger.iter_rows(min_row=5, values_only=True) if row[1]}
    assert rows["（未能识别：坏部门3.xlsx）"] == "无法读取"
    assert sum(1 for status in rows.values() if status == "通过") == 8


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def slow_batch(tmp_path):
    """A batch long enough to interrupt: 40 returns checked on 2 workers."""
    returns = _returns(tmp_path / "回收", 40)
    process = subprocess.Popen([sys.executable, "-m", "report_kit", "check", str(returns), "--jobs", "2"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(process.pid)
    assert workers, "the batch never started its workers"
    yield process, workers
    if process.poll() is None:
        process.kill()
    process.communicate()


def test_a_killed_main_process_leaves_no_workers_running(slow_batch):
    process, workers = slow_batch
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)


def test_ctrl_c_says_interrupted_and_stops_the_workers(slow_batch):
    process, workers = slow_batch
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.endswith("已中断。已写完的文件保留，未写完的不会留下半个文件。\n"
                        "报送情况表尚未写入（已有的不变）；重新运行本命令即可。\n"), err
    assert "Traceback" not in err
    assert not any(_alive(w) for w in workers)


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), "the run never got that far"


def _interrupted(folder: Path, args: list[str], ready) -> str:
    """Run `report-kit args` in `folder`, press Ctrl-C once `ready()` holds; what it said on stderr
    (it must have exited as interrupted)."""
    process = subprocess.Popen([sys.executable, "-m", "report_kit", *args],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(ready)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    return err


def test_ctrl_c_while_making_workbooks_says_how_to_make_the_rest(tmp_path):
    roster = _roster(tmp_path, 60)
    err = _interrupted(tmp_path, ["make-workbook", "--departments", roster.name, "--year", "2024", "--out-dir", "下发",
                                  "--password", "s3cret"], lambda: len(_workbooks(tmp_path / "下发")) >= 5)
    again = "report-kit make-workbook --departments 名单.csv --year 2024 --out-dir 下发 --password s3cret --skip-existing"
    assert err.endswith("已中断。已写完的文件保留，未写完的不会留下半个文件。\n"
                        f"重新运行并加 --skip-existing，即可保留已生成的、只生成其余的：\n  {again}\n"), err
    made = len(_workbooks(tmp_path / "下发"))
    assert made < 60, "the run ended before the interrupt"
    done = subprocess.run([sys.executable, "-m", "report_kit", *again.split()[1:]], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"已有的 {made} 份保留未动（--skip-existing）。" in done.stdout
    assert len(_workbooks(tmp_path / "下发")) == 60


def test_ctrl_c_while_annotating_says_what_was_written(tmp_path):
    returns = tmp_path / "回收"
    returns.mkdir()
    for i in range(60):  # blank returns: each is 未填写 and gets an annotated copy
        (returns / f"部门{i}.xlsx").write_bytes(make_workbook(f"部门{i}", 2024))
    copies = returns / "退回修改"
    err = _interrupted(tmp_path, ["check", "回收", "--annotate", "--jobs", "2"],
                       lambda: (tmp_path / "报送情况.xlsx").exists() and len(_workbooks(copies)) >= 2)
    said = re.search(r"已中断。已写完的文件保留，未写完的不会留下半个文件。\n"
                     rf"报送情况表已写入：{re.escape(str(tmp_path / '报送情况.xlsx'))}。"
                     r"标注副本已写完 (\d+) 份（在“回收/退回修改”中），其余未生成；重新运行本命令即可全部生成。\n$", err)
    assert said, err
    time.sleep(2)  # a worker still writing after the message would show now
    written = len(_workbooks(copies))
    assert 2 <= int(said.group(1)) == written < 60  # the workers were stopped before they were counted
    openpyxl.load_workbook(tmp_path / "报送情况.xlsx")  # the ledger is whole


def test_the_final_name_is_taken_only_if_free(tmp_path):
    """Two runs writing one output: the name is claimed in one step (a hard link), so the second
    fails instead of replacing the first's file."""
    from report_kit.fsutil import _link_new

    target = tmp_path / "报告.docx"
    target.write_bytes(b"first")
    temp = tmp_path / ".~report-kit-x.docx"
    temp.write_bytes(b"second")
    with pytest.raises(FileExistsError):
        _link_new(str(temp), target)
    assert target.read_bytes() == b"first"


def test_two_compiles_to_one_output_only_one_succeeds(tmp_path):
    paths = []
    for name in ("甲局", "乙局", "丙局", "丁局"):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(make_workbook(name, 2024, department_data(name)))
        paths.append(path)
    runs_ = [subprocess.Popen([sys.executable, "-m", "report_kit", "compile", str(p), "-o", "报告.docx"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
    outcomes = [(r.wait(timeout=120), r.stderr.read()) for r in runs_]
    assert sorted(code for code, _ in outcomes) == [0, 2, 2, 2], outcomes
    assert all("已存在" in err for code, err in outcomes if code == 2)


def _workbooks(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*.xlsx") if not p.name.startswith(".")] if folder.is_dir() else []


def _roster(folder: Path, count: int) -> Path:
    path = folder / "名单.csv"
    path.write_text("部门名称\n" + "".join(f"第{i:02d}局\n" for i in range(count)), encoding="utf-8")
    return path


def test_a_killed_make_workbook_run_can_be_continued(tmp_path):
    roster = _roster(tmp_path, 60)
    command = [sys.executable, "-m", "report_kit", "make-workbook", "--departments", str(roster), "--year", "2024",
               "--out-dir", "下发"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = tmp_path / "下发"
    deadline = time.monotonic() + 60
    while len(_workbooks(out)) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()
    process.wait()
    made = len(_workbooks(out))
    assert 0 < made < 60
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 2
    assert f"中已有 {made} 个同名填报表（" in again.stderr
    assert f"名单共 60 个部门，其余 {60 - made} 个尚未生成。如果是上次运行中断留下的，加 --skip-existing" in again.stderr
    done = subprocess.run(command + ["--skip-existing"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"生成 {60 - made} 份 2024 年填报表。" in done.stdout and f"已有的 {made} 份保留未动" in done.stdout
    assert len(_workbooks(out)) == 60
    for path in _workbooks(out):
        openpyxl.load_workbook(path)  # every one whole, none half-written


@pytest.fixture
def small_disk(tmp_path):
    """A 400 KB file system (tmpfs): room for about a dozen workbooks."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_says_how_far_the_run_got(tmp_path, small_disk):
    roster = _roster(tmp_path, 40)
    done = subprocess.run([sys.executable, "-m", "report_kit", "make-workbook", "--departments", str(roster),
                           "--year", "2024", "--out-dir", str(small_disk)], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    made = len(_workbooks(small_disk))
    assert "磁盘空间已满。" in done.stderr
    assert f"已完成 {made} 份（共 40 份），其余未生成。解决问题后，加 --skip-existing 重新运行即可补齐。" in done.stderr
    assert not list(small_disk.glob(".~report-kit-*"))  # no half-written file left behind


def test_ctrl_c_while_compiling_a_round_says_the_ledger_is_not_written(tmp_path):
    _returns(tmp_path / "回收", 40)
    reports = tmp_path / "报告"
    err = _interrupted(tmp_path, ["compile", "回收", "--jobs", "2"],
                       lambda: len(list(reports.glob("*.docx"))) >= 2 if reports.is_dir() else False)
    said = re.search(r"已中断。已写完的文件保留，未写完的不会留下半个文件。\n"
                     rf"报告已写完 (\d+) 份（在“{re.escape(str(reports))}”中），其余未生成，报送情况表尚未写入；"
                     r"重新运行本命令即可（已写完的报告会重新生成）。\n$", err)
    assert said, err
    assert 2 <= int(said.group(1)) <= len(list(reports.glob("*.docx"))) < 40
    assert not (tmp_path / "报送情况.xlsx").exists()

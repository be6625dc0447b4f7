"""Batches that end badly: a worker killed, the main process killed, Ctrl-C. Real processes and
real signals; what the user sees (ledger rows, stderr) and what is left running afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from report_kit import batch, runs
from report_kit.batch import run_each
from report_kit.cli import main
from report_kit.pipeline import make_workbook
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
    return batch.check_file(path)


def _returns(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        name = f"部门{i}"
        (folder / f"{name}.xlsx").write_bytes(make_workbook(name, 2024, department_data(name, penalty=i)))
    return folder


def test_a_worker_killed_in_a_batch_still_gives_the_ledger(tmp_path, monkeypatch, capsys):
    returns = _returns(tmp_path / "回收", 9)
    (returns / "部门3.xlsx").rename(returns / "坏部门3.xlsx")
    monkeypatch.setattr(runs, "check_file", _die_on_bad)  # forked workers see it
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
    assert "已中断。" in err and "Traceback" not in err
    assert not any(_alive(w) for w in workers)

"""A headless LibreOffice for the test session, and a function to fill a workbook with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

SOFFICE_BIN = Path("/usr/lib/libreoffice/program/soffice.bin")
SYSTEM_PYTHON = Path("/usr/bin/python3")
FILL = Path(__file__).with_name("fill.py")
PRINTOUT = Path(__file__).with_name("printout.py")


def available() -> bool:
    if not SOFFICE_BIN.exists() or not SYSTEM_PYTHON.exists():
        return False
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


class Office:
    """One soffice.bin with a fresh profile, reachable on a named pipe."""

    def __init__(self):
        self.pipe = f"report-kit-{uuid.uuid4().hex[:8]}"
        self.profile = tempfile.mkdtemp(prefix="report-kit-office-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        for _attempt in range(3):  # a fresh profile's first start may exit with code 81: start again
            self.process = subprocess.Popen(
                [str(SOFFICE_BIN), f"-env:UserInstallation=file://{self.profile}", "--headless", "--invisible",
                 "--norestore", "--nologo", "--nodefault", f"--accept=pipe,name={self.pipe};urp;"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                if self._ping():
                    return
                time.sleep(0.5)
        raise RuntimeError("LibreOffice did not start")

    def _ping(self) -> bool:
        code = ("import uno;l=uno.getComponentContext();"
                "r=l.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver',l);"
                f"r.resolve('uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext')")
        return subprocess.run([str(SYSTEM_PYTHON), "-c", code], capture_output=True).returncode == 0

    def fill(self, source: Path, target: Path, cells: list[dict]) -> dict:
        """Type `cells` into `source` as a person would and save as `target` (.xlsx)."""
        return self._run(FILL, [str(source), str(target)], cells, timeout=120, what="fill")

    def printout(self, jobs: list[tuple[Path, Path]]) -> dict[str, list]:
        """Export each (workbook, pdf) as LibreOffice prints it; for each workbook, the rows
        LibreOffice would have to make taller to show their text: [sheet, row, height, needed]."""
        jobs_json = [{"source": str(s), "pdf": str(p)} for s, p in jobs]
        return self._run(PRINTOUT, [], jobs_json, timeout=300, what="printout")

    def _run(self, script: Path, args: list[str], payload, timeout: int, what: str):
        """Run `script` under the system python (it has uno) with the pipe, `args` and a JSON file
        of `payload`; its answer is the JSON on the last line it prints."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
        try:
            done = subprocess.run([str(SYSTEM_PYTHON), str(script), self.pipe, *args, handle.name],
                                  capture_output=True, text=True, timeout=timeout)
        finally:
            os.unlink(handle.name)
        if done.returncode != 0:
            raise RuntimeError(f"{what} failed: {done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

"""A headless LibreOffice for the test session, and a function to fill a workbook with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
import warnings
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
        try:  # a hung office (stopped, deadlocked) answers nothing: not alive
            return subprocess.run([str(SYSTEM_PYTHON), "-c", code], capture_output=True, timeout=15).returncode == 0
        except subprocess.TimeoutExpired:
            return False

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
        of `payload`; its answer is the JSON on the last line it prints.

        LibreOffice itself sometimes dies under load (the script then ends without a word on
        stderr, or killed by a signal). That is the harness failing, not report-kit: start a
        fresh office and run the script again, at most twice, and say so in the error if it
        still fails."""
        failures = []
        for _attempt in range(3):
            done = self._run_once(script, args, payload, timeout)
            if done.returncode == 0:
                if failures:  # passed on a fresh office: say so, a crash we caused must not hide
                    warnings.warn(f"LibreOffice {what} passed after a restart; before: " + " | ".join(failures),
                                  stacklevel=3)
                return json.loads(done.stdout.strip().splitlines()[-1])
            alive = self.alive()
            failures.append(f"exit {done.returncode}, office {'alive' if alive else 'dead'}: {done.stderr[-1500:]}")
            if alive and not self._office_trouble(done):
                break  # the script's own error (a bad path, a missing sheet): running it again would not help
            try:
                self.restart()
            except RuntimeError as error:
                failures.append(str(error))
                break
        raise RuntimeError(f"{what} failed: " + " | ".join(failures))

    @staticmethod
    def _office_trouble(done: subprocess.CompletedProcess) -> bool:
        """Signs that the office, not the script, failed: killed by a signal, silent, no
        answer in time, or the UNO bridge gone."""
        signs = ("DisposedException", "Binary URP bridge", "NoConnectException", "RuntimeException")
        return (not isinstance(done.returncode, int) or done.returncode < 0 or not done.stderr.strip()
                or any(sign in done.stderr for sign in signs))

    def _run_once(self, script: Path, args: list[str], payload, timeout: int) -> subprocess.CompletedProcess:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
        try:
            return subprocess.run([str(SYSTEM_PYTHON), str(script), self.pipe, *args, handle.name],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(script, "timeout", "", f"no answer in {timeout} s")
        finally:
            os.unlink(handle.name)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None and self._ping()

    def restart(self) -> None:
        """A new office on a new pipe with a new profile (the old profile may be what broke)."""
        self.stop()
        self.pipe = f"report-kit-{uuid.uuid4().hex[:8]}"
        self.profile = tempfile.mkdtemp(prefix="report-kit-office-")
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

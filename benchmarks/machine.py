"""What the benchmarks print about the machine they ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The processor's model name (platform.processor() is empty on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def describe() -> str:
    """"x86_64, Intel(R) Xeon(R) …, 2 cores, python 3.11.7"."""
    return (f"{platform.machine()}, {cpu_model()}, {os.cpu_count() or 1} cores, "
            f"python {platform.python_version()}")

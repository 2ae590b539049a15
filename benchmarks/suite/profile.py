"""Flame graphs of the service while a scenario runs: py-spy sampling its worker process.

py-spy reads the interpreter's memory from outside (ptrace), so the service runs unchanged;
``--nonblocking`` keeps it from pausing the process at each sample, so the measured figures
barely move while it records.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RATE_PER_SECOND = 200


@contextmanager
def profiled(pid: int, output: Path | None, seconds: float) -> Iterator[None]:
    """Sample ``pid`` for ``seconds`` into the flame graph ``output`` (nothing when None)."""
    if output is None:
        yield
        return
    executable = shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if executable is None:
        raise RuntimeError("py-spy is not installed: pip install -e '.[dev]'")
    output.parent.mkdir(parents=True, exist_ok=True)
    recorder = subprocess.Popen(
        [
            executable,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(1, round(seconds))),
            "--rate",
            str(RATE_PER_SECOND),
            "--nonblocking",
            "--format",
            "flamegraph",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield
    finally:
        _, stderr = recorder.communicate(timeout=seconds + 60)
        if recorder.returncode != 0:
            print(f"py-spy failed: {stderr.decode(errors='replace')[-500:]}", file=sys.stderr)

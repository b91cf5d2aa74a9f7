"""Run a parser over hostile bytes in a child process held to memory, CPU and time limits.

pdfminer inflates every stream (Form XObjects, fonts, CMaps; Flate, LZW, RunLength) whole
and builds every glyph of a page before anyone can count them, so in-process caps cannot
bound what a small hostile PDF costs. The child (`python -I -m <module>`) lowers its own
rlimits first (`limit_self`), reads the body from stdin and writes one JSON object to
stdout; the parent (`run`) kills it after its wall-clock budget and maps every way it can
fail to one ParseError line. Limits are set by the child itself, never by `preexec_fn`,
which is unsafe in the threaded daemon.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import Any

from tracker.errors import ParseError

try:
    import resource
except ImportError:  # Windows: no rlimits; callers fall back to in-process parsing
    resource = None  # type: ignore[assignment]

AVAILABLE = resource is not None
MEMORY_BYTES = 512 * 1024 * 1024  # address space; the real headline PDFs need ~150 MB
OPEN_FILES = 32  # imports of pdfminer's CMap data open a file or two at a time
GRACE_SECONDS = 10.0  # interpreter start-up and imports, on top of the parse budget
OUT_OF_MEMORY = 3  # the child's exit status for a MemoryError


def run(module: str, args: list[str], body: bytes, what: str, seconds: float) -> Any:
    """The JSON the child `python -I -m module *args` wrote for `body` on its stdin, or a
    ParseError saying why there is none: the child's own ParseError, out of memory, killed by a
    signal, over `seconds` (plus start-up), bad output."""
    budget = max(seconds, 0.0) + GRACE_SECONDS
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-m", module, *args],
            input=body,
            capture_output=True,
            timeout=budget,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ParseError(f"{what}: parsing took longer than {budget:g} s") from None
    except OSError as exc:
        raise ParseError(f"{what}: could not start the parser ({exc})") from exc
    if done.returncode == OUT_OF_MEMORY:
        raise ParseError(f"{what}: parsing ran out of memory (cap {MEMORY_BYTES // 2**20} MB)")
    if done.returncode < 0:
        raise ParseError(f"{what}: the parser was killed by {_signal_name(-done.returncode)}")
    if done.returncode != 0:
        raise ParseError(f"{what}: the parser failed (exit {done.returncode}: {_last_line(done.stderr)})")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise ParseError(f"{what}: the parser's output is not JSON") from None
    if not isinstance(answer, dict) or ("error" not in answer and "result" not in answer):
        raise ParseError(f"{what}: the parser's output has neither a result nor an error")
    if "error" in answer:
        raise ParseError(str(answer["error"]))
    return answer["result"]


def limit_self(seconds: float) -> None:
    """Lower this process's own limits: address space, CPU a little over the wall budget,
    no files written, few descriptors, no core dumps. Limits only ever go down."""
    assert resource is not None
    cpu = int(max(seconds, 0.0) + GRACE_SECONDS) + 1
    for limit, value in (
        (resource.RLIMIT_AS, MEMORY_BYTES),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_NOFILE, OPEN_FILES),
        (resource.RLIMIT_CORE, 0),
    ):
        _soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        # the hard limit goes down too, so nothing in the child can raise it back
        resource.setrlimit(limit, (value, value + 1 if limit == resource.RLIMIT_CPU else value))


def answer(result: Any = None, error: str | None = None) -> None:
    """Write the child's one JSON object to stdout."""
    payload = {"error": error} if error is not None else {"result": result}
    sys.stdout.write(json.dumps(payload, separators=(",", ":")))
    sys.stdout.flush()


def out_of_memory() -> None:
    """Exit the child with the status the parent reads as out of memory."""
    os._exit(OUT_OF_MEMORY)  # no clean-up: nothing to flush, and memory is short


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name  # SIGXCPU: over the CPU limit; SIGKILL: the OOM killer
    except ValueError:
        return f"signal {number}"


def _last_line(stderr: bytes) -> str:
    """The last non-empty line of the child's stderr (the exception), cut short: no traceback."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no message"

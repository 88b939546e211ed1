"""licscan's own progress line: on a terminal only, after half a second, one line, no foreign bars."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from licscan.progress import Progress
from tests.fakehub.server import running

ROOT = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_line_names_phase_count_fetches_in_flight_and_the_checkpoint() -> None:
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock)
    progress.begin("fetching", 25)
    progress.started_item("meta-llama/Llama-3.1-8B")
    assert stream.getvalue() == "", "nothing is shown in the first half second"
    clock.now = 0.6
    progress.started_item("google/gemma-2-2b")
    progress.finished_item()
    shown = stream.getvalue().split("\r")[-1]
    assert shown.rstrip() == "licscan: fetching 1/25 google/gemma-2-2b"
    progress.started_item("openai/whisper-small")
    assert "(2 in flight)" in stream.getvalue().split("\r")[-1]
    progress.done()
    assert stream.getvalue().endswith("\r" + " " * 100 + "\r"), "the line is cleared before the report"


def test_no_line_when_stderr_is_not_a_terminal_or_progress_is_off() -> None:
    clock = Clock()
    piped = io.StringIO()
    progress = Progress(piped, clock=clock)
    clock.now = 5
    progress.begin("checking licenses", 3)
    progress.started_item("a/b")
    progress.finished_item()
    progress.done()
    assert piped.getvalue() == ""
    terminal = Terminal()
    quiet = Progress(terminal, clock=clock, enabled=False)
    quiet.begin("fetching", 1)
    quiet.started_item("a/b")
    assert terminal.getvalue() == ""


def test_a_control_sequence_in_a_repo_id_cannot_escape_the_line() -> None:
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock, delay=0)
    progress.begin("fetching", 1)
    progress.started_item("acme/\x1b]0;owned\x07model")
    assert "\x1b" not in stream.getvalue() and "\x07" not in stream.getvalue()


def _run_on_a_terminal(args: list[str], env: dict[str, str], cwd: Path, deadline: float = 120) -> tuple[int, str, str]:
    """Run licscan with stderr on a pseudo-terminal (stdout piped); return (status, stdout, stderr)."""
    controller, follower = pty.openpty()
    # a real terminal's size: with 0 columns tqdm draws its bars as bare newlines
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "licscan", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    seen = b""
    stop = time.monotonic() + deadline   # a hang guard, not a timing assertion
    while time.monotonic() < stop:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(controller)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    return proc.wait(timeout=30), stdout, seen.decode(errors="replace")


def _env(tmp_path: Path, endpoint: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "LICSCAN_"))}
    # HF_HUB_DISABLE_PROGRESS_BARS is deliberately NOT set: licscan itself must silence the bars.
    env.update(PYTHONPATH=str(ROOT), HF_ENDPOINT=endpoint, HF_HOME=str(tmp_path / "hf-home"),
               HF_HUB_OFFLINE="0", HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_XET="1", TERM="xterm")
    return env


def _manifest(tmp_path: Path) -> Path:
    manifest = tmp_path / "models.lock"
    manifest.write_text(
        "version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
        "  - id: mistralai/Mistral-7B-v0.1\n  - id: openai/whisper-small\n  - id: openai/gpt-oss-20b\n",
        encoding="utf-8",
    )
    return manifest


def test_a_slow_run_on_a_terminal_shows_licscans_line_and_no_download_bars(tmp_path: Path) -> None:
    # every Hub request takes 80 ms: three checkpoints fetched one at a time (15 requests) take over a
    # second, twice the half second after which the line is shown (a loaded machine only makes it longer)
    with running(port=0, latency_ms=80) as hub:
        status, stdout, stderr = _run_on_a_terminal(["check", str(_manifest(tmp_path)), "-j", "1"], _env(tmp_path, hub.endpoint), tmp_path)
    assert status == 0, (stdout, stderr)
    assert "licscan: fetching" in stderr and "/3" in stderr
    # huggingface_hub's tqdm bars look like " 100%|██████████| 1.2k/1.2k [00:00<00:00, ...]"
    assert "%|" not in stderr and "it/s" not in stderr and "B/s" not in stderr, stderr
    assert "\n" not in stderr, "one line, rewritten in place"
    assert "3 checkpoints" in stdout


def test_quiet_shows_no_line_on_a_terminal(tmp_path: Path) -> None:
    with running(port=0, latency_ms=80) as hub:   # as slow as the run above, where the line shows
        status, _, stderr = _run_on_a_terminal(["check", "--quiet", str(_manifest(tmp_path)), "-j", "1"], _env(tmp_path, hub.endpoint), tmp_path)
    assert status == 0
    assert "licscan:" not in stderr and "%|" not in stderr, stderr

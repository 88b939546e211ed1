"""Reliability: --output is written atomically, and an interrupted run changes no file.

The promise (docs/failure-behaviour.md): ``--output`` files are written to a temporary file and
renamed, so an interrupted or failed run leaves the previous file exactly as it was, with no
temporary files beside it; an interrupted run says so in one line on stderr and exits non-zero
(128 + the signal number, as shells report a signal), never 0, 1 or 2, which mean pass, violation
and bad input.

The interruption tests run ``python -m licscan report ... --format json --output OUT`` as a real
process and send it a real SIGINT or SIGTERM:

* mid-fetch: the manifest (examples/models.lock plus two Hub entries) points at a fake Hub on an
  ephemeral 127.0.0.1 port that holds every model_info request open, so the process is still
  fetching when the signal arrives (it is sent once the server has seen a request);
* mid-write: the process's ``os.fsync`` sends the signal to its own process, so it arrives while
  the temporary file is being written.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.errors import InputError
from licscan.output import write_atomic
from tests.fakehub.server import running

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
OLD = "old report: this content must survive an interrupted or failed run\n"
SIGNALS = [signal.SIGINT, signal.SIGTERM]
EXIT_GUARD_SECONDS = 6      # a hang guard: a stopped run exits at once; a stuck one would wait 30 s


@pytest.fixture(autouse=True)
def _children_take_sigint() -> Iterator[None]:
    """A process started with SIGINT ignored passes that on to the processes it starts, and Python then leaves
    it ignored (no KeyboardInterrupt): so is pytest when a shell without job control starts it in the background
    (`(pytest &)`), and a licscan run it starts would ignore the SIGINT these tests send it and write its report.
    While a test runs, this process takes SIGINT as Python does by default, so its children do too."""
    previous = signal.getsignal(signal.SIGINT)
    if previous == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    if previous == signal.SIG_IGN:
        signal.signal(signal.SIGINT, previous)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.json"
    target.write_text(OLD, encoding="utf-8")
    return target


def env_for(tmp_path: Path, endpoint: str = "http://127.0.0.1:9") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(
        PYTHONPATH=str(ROOT),
        HF_ENDPOINT=endpoint,
        HF_HOME=str(tmp_path / "hf-home"),
        HF_HUB_OFFLINE="0",
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_XET="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
    )
    return env


def assert_interrupted(proc: subprocess.CompletedProcess | subprocess.Popen, stderr: str, signum: int, out: Path) -> None:
    assert out.read_text(encoding="utf-8") == OLD, "the previous report was changed"
    assert sorted(os.listdir(out.parent)) == [out.name], f"stray files left: {sorted(os.listdir(out.parent))}"
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("licscan: interrupted"), f"expected one clear line, got {stderr!r}"
    assert proc.returncode == 128 + signum, f"exit {proc.returncode}, expected {128 + signum} (128 + {signal.Signals(signum).name})"


# --- a signal while fetching -----------------------------------------------------------------------


HUB_ENTRIES = {
    # one Hub checkpoint is fetched on the main thread; two or more go through the fetch thread pool
    "one-hub-entry": ["mistralai/Mistral-7B-v0.1"],
    "two-hub-entries": ["mistralai/Mistral-7B-v0.1", "openai/whisper-small"],
}


@pytest.mark.parametrize("entries", list(HUB_ENTRIES))
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_while_fetching_keeps_the_old_output(project: Path, out: Path, tmp_path: Path, signum: int, entries: str) -> None:
    manifest = project / "models.lock"
    manifest.write_text(manifest.read_text() + "".join(f"  - id: {ref}\n" for ref in HUB_ENTRIES[entries]))
    with running(port=0) as hub:
        hub.inject(r"^/api/models/", ["hang:30"] * 10)           # the Hub holds every request open
        proc = subprocess.Popen(
            [sys.executable, "-m", "licscan", "report", str(manifest), "--format", "json", "--output", str(out)],
            cwd=project, env=env_for(tmp_path, hub.endpoint), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            # every checkpoint's first request is sent at once (one fetch slot each): wait for all of
            # them, else one still on its way when the signal lands counts as a request after it
            expected = len(HUB_ENTRIES[entries])
            deadline = time.monotonic() + 30
            while len(hub.requests) < expected and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert proc.poll() is None and len(hub.requests) == expected, "the run should be waiting on the Hub"
            requests_at_signal = len(hub.requests)
            proc.send_signal(signum)
            try:
                _, stderr = proc.communicate(timeout=EXIT_GUARD_SECONDS)
            except subprocess.TimeoutExpired:
                pytest.fail(f"still running {EXIT_GUARD_SECONDS} s after {signal.Signals(signum).name}: the run waits for "
                            f"the stalled fetches (the Hub holds them for 30 s) instead of stopping")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
            hub.clear_faults()

    assert_interrupted(proc, stderr, signum, out)
    assert len(hub.requests) == requests_at_signal, "no new Hub request after the signal"


# --- a signal while writing the output ---------------------------------------------------------------

MID_WRITE = """
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):                      # the temporary file is written, not yet renamed: signal now
    os.kill(os.getpid(), {signum})
    real_fsync(fd)
os.fsync = fsync
from licscan.cli import main
sys.argv = ["licscan", "report", {manifest!r}, "--format", "json", "--output", {out!r}]
main()
"""


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_while_writing_keeps_the_old_output(project: Path, out: Path, tmp_path: Path, signum: int) -> None:
    code = MID_WRITE.format(signum=int(signum), manifest=str(project / "models.lock"), out=str(out))

    proc = subprocess.run([sys.executable, "-c", code], cwd=project, env=env_for(tmp_path), capture_output=True, text=True, timeout=60)

    assert_interrupted(proc, proc.stderr, signum, out)


# --- failures that are not signals -------------------------------------------------------------------


def test_successful_report_replaces_the_file_and_keeps_its_mode(project: Path, out: Path) -> None:
    out.chmod(0o640)

    result = CliRunner().invoke(main, ["report", str(project / "models.lock"), "--format", "json", "--output", str(out)])

    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [c["id"] for c in report["checkpoints"]] == ["models/whisper-small", "models/llama-3.1-8b-instruct", "models/musicgen-small"]
    assert (out.stat().st_mode & 0o777) == 0o640
    assert sorted(os.listdir(out.parent)) == [out.name]
    assert result.stdout == ""


@pytest.mark.parametrize(
    "manifest_text",
    ["version: 1\nproject: {name: x, use: commercial}\nmodels:\n  - path: ../escape\n",
     "version: 1\nproject: {name: x, use: commercial}\nbogus: 1\n",
     "version: 1\nproject: {name: x, use: commercial}\nmodels:\n  - path: does-not-exist\n"],
    ids=["path-outside", "unknown-key", "missing-folder"],
)
def test_input_error_leaves_the_old_output_untouched(project: Path, out: Path, manifest_text: str) -> None:
    manifest = project / "bad.lock"
    manifest.write_text(manifest_text)

    result = CliRunner().invoke(main, ["check", str(manifest), "--format", "json", "--output", str(out)])

    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"licscan: error: {manifest}:")
    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(os.listdir(out.parent)) == [out.name]


@pytest.mark.parametrize("through_a_symlink", [False, True])
def test_output_to_a_pipe_is_written_into_it_not_replaced(project: Path, tmp_path: Path, through_a_symlink: bool) -> None:
    """--output to a FIFO (or /dev/null, /dev/stdout: a device) writes into it, as a shell redirection does; renaming the
    report over it would leave a regular file in its place (a run with --output /dev/null as root replaced /dev/null)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_a_symlink:
        target = tmp_path / "report.json"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # the reader is there before licscan opens the pipe

    def read_until_the_writer_is_done() -> None:
        chunks: list[bytes] = []
        deadline = time.monotonic() + EXIT_GUARD_SECONDS
        while time.monotonic() < deadline:
            try:
                chunk = os.read(reading, 65536)
            except BlockingIOError:   # a writer, no data yet
                chunk = None
            if chunk:
                chunks.append(chunk)
            elif chunk == b"" and chunks:   # the writer closed its end after writing
                break
            else:
                time.sleep(0.01)
        received.append(b"".join(chunks))

    reader = threading.Thread(target=read_until_the_writer_is_done, daemon=True)
    reader.start()

    result = CliRunner().invoke(main, ["report", str(project / "models.lock"), "--format", "json", "--output", str(target)])
    reader.join(EXIT_GUARD_SECONDS)
    os.close(reading)

    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_ISFIFO(target.stat().st_mode)
    assert [c["id"] for c in json.loads(received[0])["checkpoints"]][0] == "models/whisper-small"
    assert sorted(os.listdir(tmp_path)) == sorted(["project", "pipe", *(["report.json"] if through_a_symlink else [])])


def test_output_to_a_pipe_nobody_reads_is_a_one_line_error_not_a_wait(project: Path, tmp_path: Path) -> None:
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    result = CliRunner().invoke(main, ["report", str(project / "models.lock"), "--format", "json", "--output", str(fifo)])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"licscan: error: {fifo}: cannot write: no process is reading the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_into_a_missing_folder_is_a_one_line_error(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.json"

    result = CliRunner().invoke(main, ["report", str(project / "models.lock"), "--format", "json", "--output", str(target)])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"licscan: error: {target}: cannot write: folder does not exist"]
    assert not target.parent.exists()


def test_write_atomic_interrupted_mid_write_removes_its_temporary_file(out: Path, monkeypatch) -> None:
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)

    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, "new content " * 100_000)

    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(os.listdir(out.parent)) == [out.name]


def test_write_atomic_failing_rename_is_an_input_error_and_changes_nothing(out: Path, monkeypatch) -> None:
    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)

    with pytest.raises(InputError, match="No space left on device"):
        write_atomic(out, "new content")

    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(os.listdir(out.parent)) == [out.name]

"""What the command line does when licscan itself fails or its reader goes away: never a traceback
that ends in exit 1 (which CI reads as "a license violation"), never exit 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan import commands
from licscan.cli import main
from licscan.exit_status import EXIT_INTERNAL

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "models.lock"


def _crash(*args: object, **kwargs: object) -> int:
    raise KeyError("a bug")


def test_an_unexpected_exception_is_one_line_and_exit_4_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LICSCAN_DEBUG", raising=False)
    monkeypatch.setattr(commands, "run_check", _crash)
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == EXIT_INTERNAL == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("licscan: internal error: KeyError: 'a bug'; nothing was judged")
    assert "Traceback" not in result.output


def test_licscan_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICSCAN_DEBUG", "1")
    monkeypatch.setattr(commands, "run_check", _crash)
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])
    assert isinstance(result.exception, KeyError) and result.exit_code != 0


def test_a_reader_that_goes_away_ends_the_run_quietly_and_not_as_a_pass() -> None:
    # the rule table is long enough to fill a pipe nobody reads
    process = subprocess.Popen([sys.executable, "-m", "licscan", "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    # click ends a run whose stdout pipe broke with status 1: not a pass, and CI has no reader anyway
    assert process.wait(timeout=120) != 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr

"""licscan/boundedread.py: a file the user names is read bounded and never blocks; anything else is
one InputError naming the file and what it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from licscan.boundedread import read_bounded
from licscan.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
MIT = ROOT / "license_texts" / "mit.txt"


def test_a_regular_file_within_the_limit_is_read_whole():
    assert read_bounded(MIT, 1024 * 1024, what="a license file") == MIT.read_bytes()


def test_a_file_over_the_limit_says_its_size_and_the_limit(tmp_path):
    big = tmp_path / "LICENSE"
    with open(big, "wb") as handle:   # sparse: no disk used
        handle.write(MIT.read_bytes())
        handle.truncate(1024 * 1024 + 1)
    with pytest.raises(InputError, match=r"LICENSE: is 1,048,577 bytes, over the 1 MiB limit; split it$"):
        read_bounded(big, 1024 * 1024, what="a license file", too_large="; split it")
    size = MIT.stat().st_size
    assert read_bounded(MIT, size, what="a license file") == MIT.read_bytes()   # exactly at the limit


@pytest.mark.parametrize(("path", "kind"), [(Path("/dev/zero"), "a character device"), (ROOT / "license_texts", "a directory")])
def test_a_device_or_a_folder_is_refused_before_it_is_read(path, kind):
    with pytest.raises(InputError, match=f"is {kind}, not a regular file; give a license file"):
        read_bounded(path, 1024, what="a license file")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="file not found") as error:
        read_bounded(tmp_path / "models.lock", 1024, what="a manifest")
    assert str(tmp_path / "models.lock") in str(error.value)


def test_a_fifo_is_refused_unless_pipes_are_allowed_and_never_blocks(tmp_path):
    fifo = tmp_path / "manifest.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"is a FIFO \(named pipe\), not a regular file; give a manifest"):
        read_bounded(fifo, 1024, what="a manifest")
    # allowed (`licscan diff <(git show main:models.lock) ...`): with no writer it reads as empty
    assert read_bounded(fifo, 1024, what="a manifest", allow_pipe=True) == b""
    # what a writer left in the pipe is read, up to the end it marks by closing
    keep_open = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # a reader, so the writer can open without waiting
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, MIT.read_bytes())
        os.close(writer)
        assert read_bounded(fifo, 1024 * 1024, what="a manifest", allow_pipe=True) == MIT.read_bytes()
    finally:
        os.close(keep_open)

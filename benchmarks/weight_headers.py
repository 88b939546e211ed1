"""What reading a folder of one model's 20 GGUF quantizations' headers costs (acc29).

    python benchmarks/weight_headers.py          # 7 runs of each case
    python benchmarks/weight_headers.py -n 20

A folder as bartowski's and TheBloke's repositories lay one model out (model.IQ2_M.gguf ... model.Q8_0.gguf, 20 files)
is written with the tests' GGUF writer (tests/test_weights.py: gguf), each header shaped as llama.cpp writes a Llama 3
8B's: general.*, the architecture's keys, then a 128,256-token vocabulary and 280,147 merges (about 5 MB of header),
then general.quantization_version; no tensor data. licscan reads 4 of the headers whole (MAX_WEIGHT_FILES_PER_FOLDER:
whole, that is up to the tokenizer once general.license is found, to the end otherwise) and the other 16 lightly (up
to the first tokenizer. key, within 64 KiB each). Before acc29 the 16 were not read and the checkpoint was unknown.
Measured: wall time and header bytes read of weights.read_weight_headers over the folder (files in the page cache:
the second and later runs), with and without general.license in the headers; the 4 whole reads alone for comparison,
and what the light reads add. (Without general.license the 4 whole reads go on through the vocabulary to the header's
end, string by string: that cost was there before acc29.)
Not a test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import machine, median, pass_fail, table  # noqa: E402

from licscan.sources import weights  # noqa: E402
from tests.test_weights import gguf  # noqa: E402

QUANTS = ["IQ2_M", "IQ3_M", "IQ3_XS", "IQ4_XS", "Q2_K", "Q2_K_L", "Q3_K_L", "Q3_K_M", "Q3_K_S", "Q3_K_XL",
          "Q4_0", "Q4_K_L", "Q4_K_M", "Q4_K_S", "Q5_K_L", "Q5_K_M", "Q5_K_S", "Q6_K", "Q6_K_L", "Q8_0"]
TARGET_ADDED_MS = 50    # what the 16 light reads add to the 4 whole ones


def write_folder(folder: Path, license_id: str | None) -> None:
    tokens = [f"tok{index}" for index in range(128_256)]
    merges = [f"m{index} x{index}" for index in range(280_147)]
    for quant in QUANTS:
        general: dict[str, object] = {"general.architecture": "llama", "general.type": "model", "general.name": "Helper 8B",
                                      "general.finetune": "Instruct", "general.basename": "helper", "general.size_label": "8B"}
        if license_id:
            general["general.license"] = license_id
        gguf(folder / f"helper-8b-{quant}.gguf", {
            **general, "general.tags": ["text-generation"], "llama.block_count": 32, "llama.context_length": 131072,
            "llama.embedding_length": 4096, "general.file_type": 15, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "llama-bpe",
            "tokenizer.ggml.tokens": tokens, "tokenizer.ggml.merges": merges, "tokenizer.ggml.bos_token_id": 128000,
            "tokenizer.chat_template": "{{ bos_token }}" * 200, "general.quantization_version": 2})


def measure(folder: Path, light: bool, runs: int) -> tuple[float, int, int]:
    """(median wall ms, header bytes read, files left unread)."""
    counted = {"bytes": 0}
    original = weights._Counted.read

    def counting(self: weights._Counted, size: int) -> bytes:
        data = original(self, size)
        counted["bytes"] += len(data)
        return data

    times = []
    unread = 0
    weights._Counted.read = counting  # type: ignore[method-assign]
    try:
        for _ in range(runs + 1):
            counted["bytes"] = 0
            skipped: list[tuple[str, Path]] = []
            started = time.perf_counter()
            files = weights.weight_files(folder, skipped=skipped)
            headers = weights.read_weight_headers(files, skipped if light else None)
            times.append((time.perf_counter() - started) * 1000)
            unread = len(headers.unread) if light else len(skipped)
    finally:
        weights._Counted.read = original  # type: ignore[method-assign]
    return median(times[1:]), counted["bytes"], unread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs of each case")
    runs = parser.parse_args().n
    print(machine())
    rows = []
    worst = 0.0
    before = 0.0
    with tempfile.TemporaryDirectory(prefix="licscan-weight-headers-") as temp:
        for label, license_id in (("general.license: apache-2.0", "apache-2.0"), ("no general.license", None)):
            folder = Path(temp) / (license_id or "none")
            folder.mkdir()
            write_folder(folder, license_id)
            size = (folder / "helper-8b-Q8_0.gguf").stat().st_size
            for how, light in (("4 whole (before acc29: 16 unread)", False), ("4 whole + 16 light", True)):
                ms, read, unread = measure(folder, light, runs)
                added = ms - before if light else 0.0
                worst = max(worst, added)
                before = ms
                rows.append((label, f"{size / 1e6:.1f} MB", how, f"{ms:.1f}", f"{added:+.1f}" if light else "",
                             f"{read / 1024:,.1f} KiB", unread))
    print(table(("headers", "a header", "read", "median ms", "light adds ms", "header bytes read", "files unread"), rows,
                right=(1, 3, 4, 5, 6)))
    print(f"\n20-file folder: the 16 light reads add {worst:.1f} ms at most (the cases' medians); target < {TARGET_ADDED_MS} ms: "
          f"{pass_fail(worst < TARGET_ADDED_MS)}")


if __name__ == "__main__":
    main()

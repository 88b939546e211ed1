"""License declarations inside weight files: GGUF ``general.license`` and safetensors ``__metadata__``.

Only headers are read, never tensors, with hard bounds on every length so a hostile file cannot make
licscan allocate or read much. A local checkpoint's weights are read at its top level and in its
subfolders (diffusers layouts: ``unet/``, ``transformer/``, ``text_encoder/``), a bounded number of
files and of header bytes per checkpoint (``weight_files``, ``read_weight_headers``). A Hub checkpoint's
safetensors headers are read only when asked (sources/hub_weights.py says what that costs). A GGUF header's
``general.base_model.N`` (repo_url, else organization and name) is lineage: the bases lineage follows; so,
by name, are its ``general.basename`` and a LoRA's training metadata (kohya's ``ss_sd_model_name``). The
weight files past those caps (a folder of one model's quantizations, model.Q2_K.gguf ... model.Q8_0.gguf) are read
lightly, up to MAX_LIGHT_FILES: only the header's first LIGHT_HEADER_BYTES, where a GGUF's ``general.*`` keys and a
safetensors ``__metadata__`` are written; one whose keys do not end there, and the files past MAX_LIGHT_FILES, are
named (``skipped_problem``): what their headers say is not known.
"""

from __future__ import annotations

import codecs
import json
import os
import struct
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..lazy_regex import lazy
from ..model import GGUF_BASE_KEY, ConfigLineage
from .reader import cannot_read

MAX_HEADER_BYTES = 16 * 1024 * 1024
WEIGHT_SUFFIXES = (".gguf", ".safetensors")
MAX_WEIGHT_FILES = 16                        # weight files whose header is read, per checkpoint
MAX_WEIGHT_FILES_PER_FOLDER = 4              # ... per folder: the shards of one model carry the same metadata
MAX_WEIGHT_DEPTH = 2                         # folders below the checkpoint's ("text_encoder/", "unet/fp16/")
MAX_HEADER_BYTES_READ = 64 * 1024 * 1024     # header bytes read per checkpoint, all files together
MAX_GGUF_KEYS = 100_000
MAX_SCANNED_FOLDERS = 256                    # folders looked into for weight files, per checkpoint
# The weight files past the caps above: at most this many more are read lightly, each only its header's first
# LIGHT_HEADER_BYTES (4 MiB in all), where llama.cpp writes general.* before the tokenizer's vocabulary (megabytes) and
# safetensors writes __metadata__ before the tensors' entries
MAX_LIGHT_FILES = 64
LIGHT_HEADER_BYTES = 64 * 1024
# the second and later shards of one model ("model-00002-of-00004.safetensors", "x-00002-of-00003.gguf")
_LATER_SHARD = lazy(r"-(?!0*1-)\d{5}-of-\d{5}\.")
_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# "modelspec.license": the Stability AI model spec that SDXL-family safetensors carry
LICENSE_KEYS = ("license", "license_name", "general.license", "license_link", "modelspec.license")
# llama.cpp's converter records the models a GGUF was made from: general.base_model.N.repo_url / .organization / .name
_GGUF_BASE = lazy(r"general\.base_model\.(\d{1,2})\.(repo_url|organization|name)")
MAX_GGUF_BASES = 16
# The model a LoRA was trained on, as kohya's sd-scripts (and ai-toolkit, OneTrainer) record it in the safetensors
# metadata: a file name ("flux1-dev.safetensors"), a version ("flux1", "sdxl_base_v1-0"), Stability's model spec
# architecture of an adapter ("Flux.1-dev/lora"). Names, not repo ids: recorded together, under TRAINING_METADATA_KEY,
# as the words lineage reads a family from (lineage.named_base_records)
TRAINING_BASE_KEYS = ("ss_sd_model_name", "ss_base_model_version", "modelspec.architecture")
TRAINING_METADATA_KEY = "training metadata"
# llama.cpp's record of the model a GGUF holds, by name ("Meta-Llama-3.1"): its own name, a family's when it names one.
# llama.cpp's naming convention splits the name it writes in the file name ("Qwen2.5-7B-Instruct-Q4_K_M.gguf") into
# general.basename "Qwen2.5", general.size_label "7B", general.finetune "Instruct", general.version ("v0.3"): the
# basename alone names a family without the size or version that pins its license, so they are read as one name, in the
# convention's order; a header without a basename ("aya-23-8B" converted before basenames were written) has only
# general.name
GGUF_BASENAME_KEY = "general.basename"
GGUF_NAME_KEY = "general.name"
_GGUF_NAME_PARTS = ("general.basename", "general.size_label", "general.finetune", "general.version")


class HeaderError(ValueError):
    pass


class OverLimit(HeaderError):
    """The header goes on past the bytes licscan may read of it."""


@dataclass(frozen=True)
class WeightHeaders:
    licenses: tuple[tuple[str, str], ...]    # (weight file's path in the checkpoint, license its header declares)
    problems: tuple[str, ...]
    bases: tuple[ConfigLineage, ...] = ()    # the base models GGUF headers record (general.base_model.N)
    unread: tuple[str, ...] = ()             # weight files whose license keys were not read: the evidence is incomplete


def declared_license(path: Path, name: str | None = None, limit: int = MAX_HEADER_BYTES) -> tuple[str | None, str | None]:
    """(license declared in the header or None, a problem or None). ``name``: the file as reported
    (its path in the checkpoint); ``limit``: header bytes that may be read."""
    found = _header(path, name or path.name, limit)
    return found[0], found[1]


def _header(path: Path, name: str, limit: int, light: bool = False) -> tuple[str | None, str | None, int, list[tuple[str, str]]]:
    """(license or None, problem or None, header bytes read, the bases the header records as (key, value)).
    ``light``: only the keys written before the tokenizer's (GGUF), only a leading ``__metadata__`` (safetensors);
    OverLimit is raised when they do not end within ``limit``."""
    handle: _Counted | None = None
    try:
        with path.open("rb") as raw:
            handle = _Counted(raw, limit)
            if path.suffix == ".gguf":
                license_id, bases = _gguf_fields(handle, up_to_tokenizer=light)
                return license_id, None, handle.count, bases
            if path.suffix == ".safetensors":
                metadata = _safetensors_leading_metadata(handle) if light else _safetensors_metadata(handle)
                return metadata_license(metadata), None, handle.count, metadata_bases(metadata)
    except OverLimit:
        if light:
            raise
        return None, (f"{name}: header not read: larger than the {limit:,} bytes licscan had left to read (at most "
                      f"{MAX_HEADER_BYTES // (1024 * 1024)} MiB a file, {MAX_HEADER_BYTES_READ // (1024 * 1024)} MiB of "
                      "headers a checkpoint)"), handle.count if handle else 0, []
    except HeaderError as exc:
        return None, f"{name}: unreadable header ({exc})", handle.count if handle else 0, []
    except OSError as exc:
        return None, cannot_read(name, exc), handle.count if handle else 0, []
    return None, None, 0, []


def weight_files(folder: Path, inside: Callable[[Path], bool] = lambda path: True,
                 skipped: list[tuple[str, Path]] | None = None) -> list[tuple[str, Path]]:
    """The weight files whose headers are read, as (path in the checkpoint, file): the top level first,
    then subfolders breadth first, in name order, at most MAX_WEIGHT_FILES_PER_FOLDER from a folder and
    MAX_WEIGHT_FILES in all. Symlinked folders and .git are not entered; ``inside(path)`` says whether
    a file may be read (a link out of the project may not). ``skipped`` receives the weight files past those
    caps or deeper than MAX_WEIGHT_DEPTH (folders are looked into MAX_SCANNED_FOLDERS at most), as (path in the
    checkpoint, file), but for the further shards of one model ("model-00002-of-00004.safetensors"), which carry
    the first one's metadata. ``read_weight_headers`` reads them lightly."""
    found: list[tuple[str, Path]] = []
    folders = deque([(0, "", folder)])
    scanned = 0
    while folders and scanned < MAX_SCANNED_FOLDERS:
        depth, prefix, current = folders.popleft()
        scanned += 1
        try:
            with os.scandir(current) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue     # an unlistable folder is reported by the evidence walk
        taken = 0
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir and entry.name != ".git":
                folders.append((depth + 1, f"{prefix}{entry.name}/", Path(entry.path)))
            elif is_file and entry.name.endswith(WEIGHT_SUFFIXES) and inside(Path(entry.path)):
                if depth <= MAX_WEIGHT_DEPTH and taken < MAX_WEIGHT_FILES_PER_FOLDER and len(found) < MAX_WEIGHT_FILES:
                    found.append((prefix + entry.name, Path(entry.path)))
                    taken += 1
                elif skipped is not None and not _LATER_SHARD.search(entry.name):
                    skipped.append((prefix + entry.name, Path(entry.path)))
    return found


def skipped_problem(skipped: list[str]) -> str | None:
    """The weight files whose headers were not read (``WeightHeaders.unread``), named (the first few) and counted: a
    license or base one of them records is not known."""
    if not skipped:
        return None
    shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3:,} more" if len(skipped) > 3 else "")
    return (f"{shown}: weight-file headers not read: licscan reads {MAX_WEIGHT_FILES_PER_FOLDER} a folder and "
            f"{MAX_WEIGHT_FILES} a checkpoint whole ({MAX_WEIGHT_DEPTH} folder levels deep), of {MAX_LIGHT_FILES} more the "
            f"keys within a header's first {LIGHT_HEADER_BYTES // 1024} KiB; a license or base model they record is not known")


def read_weight_headers(files: list[tuple[str, Path]], skipped: list[tuple[str, Path]] | None = None) -> WeightHeaders:
    """The licenses the files' headers declare, reading at most MAX_HEADER_BYTES_READ bytes in all; a
    header that does not fit is named as not read. The ``skipped`` files (``weight_files``) are read lightly, the first
    MAX_LIGHT_FILES: one whose license keys do not end within LIGHT_HEADER_BYTES, and those past MAX_LIGHT_FILES, are
    ``unread``."""
    licenses: list[tuple[str, str]] = []
    problems: list[str] = []
    bases: list[ConfigLineage] = []
    budget = MAX_HEADER_BYTES_READ
    for name, path in files:
        if budget <= 0:
            problems.append(f"{name}: header not read: licscan reads at most {MAX_HEADER_BYTES_READ // (1024 * 1024)} MiB "
                            "of weight-file headers per checkpoint")
            continue
        declared, problem, used, named = _header(path, name, min(MAX_HEADER_BYTES, budget))
        budget -= used
        bases += [ConfigLineage(name, key, value) for key, value in named]
        if problem:
            problems.append(problem)
        elif declared:
            licenses.append((name, declared))
    skipped = skipped or []
    unread: list[str] = []
    for name, path in skipped[:MAX_LIGHT_FILES]:
        try:
            declared, problem, _used, named = _header(path, name, LIGHT_HEADER_BYTES, light=True)
        except OverLimit:
            unread.append(name)
            continue
        bases += [ConfigLineage(name, key, value) for key, value in named]
        if problem:
            problems.append(problem)
        elif declared:
            licenses.append((name, declared))
    unread += [name for name, _ in skipped[MAX_LIGHT_FILES:]]
    return WeightHeaders(tuple(licenses), tuple(problems), tuple(dict.fromkeys(bases)), tuple(unread))


class _Counted:
    """A file read only through ``read``, which counts the bytes and refuses to go past ``limit``."""

    def __init__(self, handle: BinaryIO, limit: int):
        self.handle, self.limit, self.count = handle, limit, 0

    def read(self, size: int) -> bytes:
        if self.count + size > self.limit:
            raise OverLimit
        data = self.handle.read(size)
        self.count += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)


def _read(handle: _Counted, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise HeaderError("truncated")
    return data


def _gguf_string(handle: _Counted) -> str:
    (length,) = struct.unpack("<Q", _read(handle, 8))
    if length > MAX_HEADER_BYTES:
        raise HeaderError("string too long")
    return _read(handle, length).decode("utf-8", errors="replace")


def _gguf_skip(handle: _Counted, value_type: int, depth: int = 0) -> None:
    if value_type in _GGUF_SCALARS:
        _read(handle, struct.calcsize(_GGUF_SCALARS[value_type]))
    elif value_type == _STRING:
        _gguf_string(handle)
    elif value_type == _ARRAY and depth < 4:
        (item_type,) = struct.unpack("<I", _read(handle, 4))
        (count,) = struct.unpack("<Q", _read(handle, 8))
        if item_type in _GGUF_SCALARS:
            size = struct.calcsize(_GGUF_SCALARS[item_type]) * count
            if size > MAX_HEADER_BYTES * 64:
                raise HeaderError("array too large")
            handle.seek(size, 1)
        else:
            if count > MAX_GGUF_KEYS * 10:
                raise HeaderError("array too large")
            for _ in range(count):
                _gguf_skip(handle, item_type, depth + 1)
    else:
        raise HeaderError(f"unknown value type {value_type}")


def _gguf_fields(handle: _Counted, up_to_tokenizer: bool = False) -> tuple[str | None, list[tuple[str, str]]]:
    """(general.license, the base models general.base_model.N records: its repo_url, else "organization name").
    The keys are read up to the tokenizer's once the license is found (``up_to_tokenizer``: whether or not): llama.cpp
    writes general.* first, and the tokenizer's vocabulary is most of a header; with no license yet, to the end."""
    if _read(handle, 4) != b"GGUF":
        raise HeaderError("not a GGUF file")
    (version,) = struct.unpack("<I", _read(handle, 4))
    if version < 2:
        raise HeaderError(f"GGUF version {version} is not supported")
    _tensors, keys = struct.unpack("<QQ", _read(handle, 16))
    if keys > MAX_GGUF_KEYS:
        raise HeaderError("too many metadata keys")
    license_id: str | None = None
    names: dict[str, str] = {}
    bases: dict[int, dict[str, str]] = {}
    for _ in range(keys):
        key = _gguf_string(handle)
        if (license_id is not None or up_to_tokenizer) and key.startswith("tokenizer."):
            break
        (value_type,) = struct.unpack("<I", _read(handle, 4))
        base = _GGUF_BASE.fullmatch(key)
        if key == "general.license" and value_type == _STRING and license_id is None:
            license_id = _gguf_string(handle).strip() or None
        elif key in (*_GGUF_NAME_PARTS, GGUF_NAME_KEY) and value_type == _STRING and key not in names:
            names[key] = _gguf_string(handle).strip()[:100]
        elif base and value_type == _STRING and int(base.group(1)) < MAX_GGUF_BASES:
            bases.setdefault(int(base.group(1)), {})[base.group(2)] = _gguf_string(handle).strip()[:300]
        else:
            _gguf_skip(handle, value_type)
    named = [fields.get("repo_url") or " ".join(filter(None, (fields.get("organization"), fields.get("name"))))
             for _, fields in sorted(bases.items())]
    found = [(GGUF_BASE_KEY, value) for value in named if value]
    # the name it holds is read for a family only when the header records no base
    return license_id, found or _gguf_own_name(names)


def _gguf_own_name(names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The name of the model a GGUF holds: its basename with its size label, finetune and version
    ("Mistral-7B-Instruct-v0.3"), else its general.name."""
    if names.get(GGUF_BASENAME_KEY):
        return [(GGUF_BASENAME_KEY, "-".join(names[key] for key in _GGUF_NAME_PARTS if names.get(key)))]
    return [(GGUF_NAME_KEY, names[GGUF_NAME_KEY])] if names.get(GGUF_NAME_KEY) else []


def _safetensors_metadata(handle: _Counted) -> dict[str, object]:
    (length,) = struct.unpack("<Q", _read(handle, 8))
    if length > MAX_HEADER_BYTES:
        raise HeaderError("header too large")
    return _metadata_in(_read(handle, length))


def _metadata_in(raw: bytes) -> dict[str, object]:
    """The ``__metadata__`` of a safetensors header's JSON."""
    try:
        header = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HeaderError(f"header is not JSON: {exc}") from None
    except RecursionError:
        raise HeaderError("header is nested too deeply") from None
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    return metadata if isinstance(metadata, dict) else {}


def _safetensors_leading_metadata(handle: _Counted) -> dict[str, object]:
    """``__metadata__`` when the header fits the handle's limit, else when it is the header's first key and ends within
    the limit, as the safetensors library writes it (before the tensors' entries); OverLimit when not."""
    (length,) = struct.unpack("<Q", _read(handle, 8))
    if length <= handle.limit - handle.count:
        return _metadata_in(_read(handle, length))
    data = handle.read(handle.limit - handle.count)
    try:
        # a character the limit cuts in two is left for later, an invalid one is an error
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError as exc:
        raise HeaderError(f"header is not JSON: {exc}") from None
    start = _LEADING_METADATA.match(text)
    if start is None:
        raise OverLimit
    try:
        metadata, _end = json.JSONDecoder().raw_decode(text, start.end())
    except json.JSONDecodeError:
        raise OverLimit from None     # it goes on past the limit (or is broken there: not known which)
    except RecursionError:
        raise HeaderError("header is nested too deeply") from None
    return metadata if isinstance(metadata, dict) else {}


_LEADING_METADATA = lazy(r'\s*\{\s*"__metadata__"\s*:\s*')


def metadata_license(metadata: Mapping[str, object]) -> str | None:
    """The license a safetensors header's metadata declares."""
    for key in LICENSE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def metadata_bases(metadata: Mapping[str, object]) -> list[tuple[str, str]]:
    """The model a LoRA's training metadata names, its names joined ("flux1-dev.safetensors; flux1; Flux.1-dev/lora"),
    as (TRAINING_METADATA_KEY, names); a model spec's architecture only for an adapter ("X/lora"): a whole model's
    architecture is its own."""
    names = []
    for key in TRAINING_BASE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip() and (key != "modelspec.architecture" or "/" in value):
            names.append(value.strip()[:100])
    return [(TRAINING_METADATA_KEY, "; ".join(dict.fromkeys(names)))] if names else []

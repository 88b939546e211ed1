"""License declarations inside weight files: GGUF ``general.license`` and safetensors ``__metadata__``.

Only headers are read, never tensors, with hard bounds on every length so a hostile file cannot make
licscan allocate or read much.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import BinaryIO

MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_GGUF_KEYS = 100_000
_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# "modelspec.license": the Stability AI model spec that SDXL-family safetensors carry
LICENSE_KEYS = ("license", "license_name", "general.license", "license_link", "modelspec.license")


class HeaderError(ValueError):
    pass


def declared_license(path: Path) -> tuple[str | None, str | None]:
    """(license declared in the header or None, a problem or None)."""
    try:
        with path.open("rb") as handle:
            if path.suffix == ".gguf":
                return _gguf_license(handle), None
            if path.suffix == ".safetensors":
                return _safetensors_license(handle), None
    except HeaderError as exc:
        return None, f"{path.name}: unreadable header ({exc})"
    except OSError as exc:
        return None, f"{path.name}: cannot read ({exc.strerror or exc})"
    return None, None


def _read(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise HeaderError("truncated")
    return data


def _gguf_string(handle: BinaryIO) -> str:
    (length,) = struct.unpack("<Q", _read(handle, 8))
    if length > MAX_HEADER_BYTES:
        raise HeaderError("string too long")
    return _read(handle, length).decode("utf-8", errors="replace")


def _gguf_skip(handle: BinaryIO, value_type: int, depth: int = 0) -> None:
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


def _gguf_license(handle: BinaryIO) -> str | None:
    if _read(handle, 4) != b"GGUF":
        raise HeaderError("not a GGUF file")
    (version,) = struct.unpack("<I", _read(handle, 4))
    if version < 2:
        raise HeaderError(f"GGUF version {version} is not supported")
    _tensors, keys = struct.unpack("<QQ", _read(handle, 16))
    if keys > MAX_GGUF_KEYS:
        raise HeaderError("too many metadata keys")
    for _ in range(keys):
        key = _gguf_string(handle)
        (value_type,) = struct.unpack("<I", _read(handle, 4))
        if key == "general.license" and value_type == _STRING:
            return _gguf_string(handle).strip() or None
        _gguf_skip(handle, value_type)
    return None


def _safetensors_license(handle: BinaryIO) -> str | None:
    (length,) = struct.unpack("<Q", _read(handle, 8))
    if length > MAX_HEADER_BYTES:
        raise HeaderError("header too large")
    try:
        header = json.loads(_read(handle, length))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HeaderError(f"header is not JSON: {exc}") from None
    except RecursionError:
        raise HeaderError("header is nested too deeply") from None
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    if not isinstance(metadata, dict):
        return None
    for key in LICENSE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None

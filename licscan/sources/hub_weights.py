"""License declarations in the safetensors headers of a Hub checkpoint, read with range requests.

Off by default (``HubSource(weight_headers=True)``, ``licscan check --weight-headers``): each header
costs a request of its own (``HfApi.parse_safetensors_file_metadata``: one GET of the file's first
100,000 bytes, a second one when the header is longer; on the Hub the GET is redirected to the
storage CDN, two HTTP round trips), where a checkpoint otherwise costs about four (its info, the
card, a license file). So at most one file a folder is read (the shards of one model carry the same
metadata: the first by name), the top level first, then subfolders (diffusers: ``unet/``,
``transformer/``, ``text_encoder/``) up to MAX_HUB_WEIGHT_FILES. GGUF headers are not read on the Hub:
their key-value list has no length to ask for, and reading on until ``general.license`` takes
requests without a bound. A header that cannot be read is a problem named with the file, as a local
one is; it does not make the evidence incomplete (a header is the weights' own record, beside the
card and license files that are the evidence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ConfigLineage
from .weights import MAX_WEIGHT_DEPTH, WeightHeaders, metadata_bases, metadata_license

if TYPE_CHECKING:
    from huggingface_hub import HfApi

MAX_HUB_WEIGHT_FILES = 4


def hub_weight_files(names: list[str]) -> list[str]:
    """The safetensors files whose headers are read: the first by name in each folder, folders by depth then
    name, no deeper than local folders are read, at most MAX_HUB_WEIGHT_FILES."""
    first: dict[str, str] = {}
    for name in sorted(n for n in names if n.endswith(".safetensors")):
        folder = name.rpartition("/")[0]
        if folder.count("/") + (1 if folder else 0) <= MAX_WEIGHT_DEPTH:
            first.setdefault(folder, name)
    ordered = sorted(first.items(), key=lambda item: (item[0].count("/") + (1 if item[0] else 0), item[0]))
    return [name for _, name in ordered[:MAX_HUB_WEIGHT_FILES]]


def read_hub_weight_headers(api: HfApi, repo_id: str, revision: str, names: list[str], timeout: float) -> WeightHeaders:
    from httpx2 import HTTPError  # huggingface_hub's transport: HfHubHTTPError and timeouts, resets are HTTPErrors
    from huggingface_hub.errors import HfHubHTTPError, SafetensorsParsingError

    licenses: list[tuple[str, str]] = []
    problems: list[str] = []
    bases: list[ConfigLineage] = []
    for name in hub_weight_files(names):
        try:
            metadata = api.parse_safetensors_file_metadata(repo_id, name, revision=revision, timeout=timeout).metadata or {}
        except SafetensorsParsingError as exc:
            problems.append(f"{name}: unreadable header ({_first_line(exc)})")
            continue
        except HfHubHTTPError as exc:
            status = getattr(getattr(exc, "response", None), "status_code", None)
            problems.append(f"{name}: header could not be read (HTTP {status or '?'})")
            continue
        except (HTTPError, OSError) as exc:
            problems.append(f"{name}: header could not be read ({type(exc).__name__}: {_first_line(exc)})")
            continue
        declared = metadata_license(metadata)
        if declared:
            licenses.append((name, declared))
        bases += [ConfigLineage(name, key, value) for key, value in metadata_bases(metadata)]
    return WeightHeaders(tuple(licenses), tuple(problems), tuple(dict.fromkeys(bases)))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__

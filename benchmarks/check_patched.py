"""Run the licscan CLI with measured fixes for files the benchmarks may not change, patched in memory.

    python benchmarks/check_patched.py cards,cachepath,serial,lineage -- check models.lock --offline

Used by ``check_perf.py --experiments`` to measure, whole process, what each recommended change to
licscan/sources/common.py, licscan/sources/hub.py and licscan/pipeline.py would buy, and to check
that the report stays the same. Nothing on disk is changed. Each patch mirrors the code it replaces
with only the change described:

cards      sources/common.split_card parses the card's front matter with yamlnodes.safe_load
           (libyaml's parser under PyYAML's composer and constructor; same data and errors as
           yaml.safe_load, which is pure Python) instead of yaml.safe_load.
cachepath  offline HubSource: no HfApi (huggingface_hub.hf_api pulls httpx2 and friends, ~240 ms of
           imports) and files found by their documented cache path
           (<cache>/models--<owner>--<name>/snapshots/<commit>/<file>) instead of
           hf_hub_download(local_files_only=True) (~0.2 ms of checks per file).
serial     Scanner.gather reads an offline (cache-only) source with one thread: the reads are CPU
           work under the GIL, and 8 threads on 2 cores made them 2x slower, not faster.
lineage    Scanner.lineage starts the Lineage with the evidence already fetched for the manifest's
           own entries (same repo at the same commit), instead of fetching those again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PATCHES = ("cards", "cachepath", "serial", "lineage")


def patch_cards() -> None:
    import types

    import yaml

    from licscan import yamlnodes
    from licscan.sources import common

    shim = types.SimpleNamespace(**{name: getattr(yaml, name) for name in dir(yaml) if not name.startswith("__")})
    shim.safe_load = yamlnodes.safe_load
    common.yaml = shim


def patch_cachepath() -> None:
    from licscan.sources import hub
    from licscan.sources.common import CARD_NAME, card_metadata, is_evidence_name, read_evidence_file, split_card

    original_init = hub.HubSource.__init__

    def __init__(self, *, endpoint=None, token=None, cache_dir=None, offline=None, sleep=hub.time.sleep):
        from huggingface_hub import constants

        if not (constants.HF_HUB_OFFLINE if offline is None else offline):
            original_init(self, endpoint=endpoint, token=token, cache_dir=cache_dir, offline=offline, sleep=sleep)
            return
        self.endpoint = endpoint or constants.ENDPOINT
        self.token = token
        self.cache_dir = str(cache_dir) if cache_dir else None
        self.offline = True
        self.api = None
        self._sleep = sleep

    def _cached_file(self, repo_id: str, filename: str, commit: str) -> Path | None:
        """Where huggingface_hub keeps `filename` of `repo_id` at `commit`, if it is there."""
        from huggingface_hub import constants

        parts = filename.replace("\\", "/").split("/")
        if filename.startswith("/") or any(part in ("", ".", "..") for part in parts):
            return None
        repo_dir = os.path.join(self.cache_dir or constants.HF_HUB_CACHE, "models--" + repo_id.replace("/", "--"))
        if os.path.isfile(os.path.join(repo_dir, ".no_exist", commit, filename)):
            return None
        path = os.path.join(repo_dir, "snapshots", commit, filename)
        return Path(path) if os.path.isfile(path) else None

    def _fetch_cached(self, entry):
        if not entry.is_pinned:
            raise hub.FetchError(f"{entry.ref}: offline checks need a pinned commit revision (run 'licscan lock' online first)")
        wanted = [CARD_NAME, *(f.name for f in (entry.lock.files if entry.lock else ()))]
        snapshot = None
        files = []
        problems = []
        for name in dict.fromkeys(wanted):
            path = self._cached_file(entry.ref, name, entry.revision)
            if path is None:
                problems.append(f"{name}: not in the local Hub cache")
                continue
            snapshot = path.parent
            found = read_evidence_file(path, name)
            (problems.append if isinstance(found, str) else files.append)(found)
        if snapshot is not None:
            known = {f.name for f in files}
            for child in sorted(snapshot.iterdir()):
                if child.name not in known and is_evidence_name(child.name) and child.is_file():
                    found = read_evidence_file(child, child.name)
                    (problems.append if isinstance(found, str) else files.append)(found)
        if not files:
            raise hub.FetchError(f"{entry.ref}: nothing cached for revision {entry.revision} (offline)")
        card_file = next((f for f in files if f.name == CARD_NAME), None)
        data, body, card_problems = split_card(card_file.text) if card_file else ({}, "", ())
        return hub.Evidence(
            entry=entry, source="cache", revision=entry.revision, card=card_metadata(data, card_problems),
            card_body=body, files=tuple(files), complete=not problems, problems=tuple(problems),
        )

    hub.HubSource.__init__ = __init__
    hub.HubSource._cached_file = _cached_file
    hub.HubSource._fetch_cached = _fetch_cached


def patch_serial() -> None:
    import dataclasses

    from licscan import pipeline

    original = pipeline.Scanner.gather

    def gather(self, manifest):
        source_offline = getattr(self.hub(), "offline", False) if any(e.kind != "local" for e in manifest.entries) else False
        if not source_offline:
            return original(self, manifest)
        saved = self.options
        self.options = dataclasses.replace(saved, jobs=1)
        try:
            return original(self, manifest)
        finally:
            self.options = saved

    pipeline.Scanner.gather = gather


def patch_lineage() -> None:
    from licscan import lineage as lineage_module

    original_prefetch = lineage_module.Lineage.prefetch

    def prefetch(self, roots):
        for evidence in roots:
            entry = evidence.entry
            if entry.kind != "hub" or evidence.fetch_failed or not evidence.revision:
                continue
            wanted = self.pinned.get(entry.ref)
            # a base is pinned in the lock, or unpinned (then the Hub's main): reuse only the same commit
            if wanted is not None and wanted == evidence.revision:
                self.evidence.setdefault(entry.ref, evidence)
        return original_prefetch(self, roots)

    lineage_module.Lineage.prefetch = prefetch


ACTIVE: set[str] = set()


def main(argv: list[str]) -> None:
    if "--" not in argv:
        raise SystemExit(__doc__)
    split = argv.index("--")
    names = [n for n in ",".join(argv[:split]).split(",") if n and n != "none"]
    unknown = set(names) - set(PATCHES)
    if unknown:
        raise SystemExit(f"unknown patches: {', '.join(sorted(unknown))} (known: {', '.join(PATCHES)})")
    ACTIVE.update(names)
    for name in PATCHES:
        if name in ACTIVE:
            globals()[f"patch_{name}"]()
    from licscan.cli import main as cli_main

    sys.argv = ["licscan", *argv[split + 1:]]
    cli_main()


if __name__ == "__main__":
    main(sys.argv[1:])

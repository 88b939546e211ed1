"""Runs the stages in order for a whole manifest: fetch, classify, evaluate, report."""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Protocol

from . import __version__
from .classify import Classifier
from .evaluate import Evaluator
from .lineage import Lineage
from .pool import fetch_all
from .policy import Policy
from .model import VERDICTS, Evidence, Manifest, ManifestEntry, Report, Result
from .rules import KnowledgeBase, load_knowledge_base


class Source(Protocol):
    name: str

    def fetch(self, entry: ManifestEntry) -> Evidence: ...


@dataclass(frozen=True)
class Options:
    jobs: int = 8
    offline: bool | None = None
    endpoint: str | None = None
    token: str | bool | None = None
    cache_dir: str | None = None
    progress: bool = False
    lineage: bool = True


def generated_timestamp() -> str:
    """Report time in UTC; SOURCE_DATE_EPOCH fixes it so reports are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Scanner:
    def __init__(self, kb: KnowledgeBase | None = None, options: Options | None = None):
        self.kb = kb or load_knowledge_base()
        self.options = options or Options()
        self.classifier = Classifier(self.kb)
        self._hub: Source | None = None

    def hub(self) -> Source:
        if self._hub is None:
            from .sources.hub import HubSource

            o = self.options
            self._hub = HubSource(endpoint=o.endpoint, token=o.token, cache_dir=o.cache_dir, offline=o.offline)
        return self._hub

    def source_for(self, manifest: Manifest, entry: ManifestEntry) -> Source:
        if entry.kind == "local":
            from .sources.local import LocalSource

            return LocalSource(Path(manifest.base_dir), manifest.path)
        return self.hub()

    def gather(self, manifest: Manifest) -> list[Evidence]:
        """Fetch every entry, concurrently for Hub entries, returned in manifest order."""
        # Local folders are checked first and synchronously, so a bad path stops the run (exit 2)
        # before any network traffic.
        local = {i: self.source_for(manifest, e).fetch(e) for i, e in enumerate(manifest.entries) if e.kind == "local"}
        remote = [(i, e) for i, e in enumerate(manifest.entries) if e.kind != "local"]
        results: dict[int, Evidence] = dict(local)
        if remote:
            progress = Progress(len(remote)) if self.options.progress else None
            source = self.hub()

            def fetch(item: tuple[int, ManifestEntry]) -> tuple[int, Evidence]:
                index, entry = item
                evidence = source.fetch(entry)
                if progress:
                    progress.step(entry.ref)
                return index, evidence

            # Reading the local cache is CPU-bound: threads would only contend for the GIL.
            jobs = 1 if getattr(source, "offline", False) else max(1, min(self.options.jobs, len(remote)))
            if jobs == 1:
                results.update(map(fetch, remote))
            else:
                results.update(fetch_all(fetch, remote, jobs))
            if progress:
                progress.done()
        return [results[i] for i in range(len(manifest.entries))]

    def lineage(self, manifest: Manifest, evidence: list[Evidence]) -> Lineage | None:
        if not self.options.lineage or not any(e.card.base_models for e in evidence):
            return None
        pinned = {}
        for entry in manifest.entries:
            for base in entry.lock.base_models if entry.lock else ():
                repo, _, sha = base.partition("@")
                if sha:
                    pinned[repo] = sha
        lineage = Lineage(self.hub().fetch, self.classifier, self.options.jobs, pinned)
        for item in evidence:
            # A base model that is also in the manifest, at the same commit, is not fetched twice.
            if item.entry.kind == "hub" and not item.fetch_failed and pinned.get(item.entry.ref, item.revision) == item.revision:
                lineage.evidence.setdefault(item.entry.ref, item)
        lineage.prefetch(evidence)
        return lineage

    def judge(self, manifest: Manifest, evidence: list[Evidence], policy: Policy | None = None, warnings: tuple[str, ...] = (), lineage: Lineage | None = None) -> Report:
        evaluator = Evaluator(self.kb, manifest.project, policy)
        results: list[Result] = []
        for item in evidence:
            classification = self.classifier.classify(item)
            ancestors = lineage.ancestors(item) if lineage else ()
            results.append(evaluator.evaluate(item, classification, ancestors))
        summary = {verdict: sum(1 for r in results if r.verdict == verdict) for verdict in VERDICTS}
        if policy is not None:
            warnings = warnings + policy.unused_allow_entries(results)
        return Report(
            manifest_path=manifest.path,
            project=manifest.project,
            results=tuple(results),
            licscan_version=__version__,
            rules_version=self.kb.version,
            generated=generated_timestamp(),
            warnings=warnings,
            summary=summary,
        )

    def run(self, manifest: Manifest, policy: Policy | None = None, warnings: tuple[str, ...] = ()) -> Report:
        evidence = self.gather(manifest)
        return self.judge(manifest, evidence, policy, warnings, self.lineage(manifest, evidence))


class Progress:
    """A one-line progress counter on stderr, shown only on a TTY and only after a second."""

    def __init__(self, total: int, stream=None, clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.count = 0
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.shown = False
        self.enabled = self.stream.isatty()
        self._lock = threading.Lock()

    def step(self, label: str) -> None:
        with self._lock:
            self.count += 1
            if not self.enabled or self.clock() - self.started < 1.0:
                return
            self.shown = True
            self.stream.write(f"\rfetching {self.count}/{self.total} {label[:60]:<60}")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()

"""Runs the stages in order for a whole manifest: fetch, classify, evaluate, report."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import __version__
from .base_ids import remembered_in, source_base_ids, undeclared_base_ids
from .classification_cache import CachingClassifier, ClassificationCache
from .evaluate import Evaluator
from .license_link_rules import linked_model_repo
from .lineage import Lineage
from .model import VERDICTS, Classification, Evidence, Manifest, ManifestEntry, Report, Result
from .policy_records import Policy
from .pool import Answering, can_fork, fetch_all, usable_cpus
from .progress import Progress
from .rules import KnowledgeBase, load_knowledge_base
from .sources.lineage_files import named_base_records

if TYPE_CHECKING:
    from .sources.hub import HubSource


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
    progress: bool = False     # a status line on stderr when it is a terminal (never with --quiet)
    lineage: bool = True
    weight_headers: bool = False   # read Hub checkpoints' safetensors headers (a request or two each)


def generated_timestamp() -> str:
    """Report time in UTC; SOURCE_DATE_EPOCH fixes it so reports are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Scanner:
    def __init__(self, kb: KnowledgeBase | None = None, options: Options | None = None):
        self.kb = kb or load_knowledge_base()
        self._own_kb = self.kb     # what a manifest whose policy has no rules_dir is judged with
        self.options = options or Options()
        self._classifier: CachingClassifier | None = None
        self._hub: HubSource | None = None
        self._classified_ahead: dict[int, tuple[Evidence, Classification]] = {}
        self._sent_to_copy: list[Evidence] = []   # to the classifying copy, in order
        self.progress = Progress(enabled=None if self.options.progress else False)

    @property
    def classifier(self) -> CachingClassifier:
        # built on first use: a run whose policy adds project rules never builds the index twice; and
        # the matcher is built only if some evidence is not in the cache of classifications
        if self._classifier is None:
            self._classifier = CachingClassifier(self.kb, ClassificationCache(self.kb))
        return self._classifier

    def hub(self) -> Source:
        if self._hub is None:
            from .sources.hub import HubSource

            o = self.options
            weight_headers = o.weight_headers or os.environ.get("LICSCAN_HUB_WEIGHT_HEADERS", "") == "1"
            self._hub = HubSource(endpoint=o.endpoint, token=o.token, cache_dir=o.cache_dir, offline=o.offline,
                                  weight_headers=weight_headers, max_requests=o.jobs, kb=self.kb)
            if not getattr(self._hub, "offline", False):   # offline, nothing is downloaded (nor tqdm imported)
                # huggingface_hub.utils re-exports it lazily, which mypy does not count as an export
                from huggingface_hub.utils.tqdm import disable_progress_bars

                # One licscan status line, not a download bar per license file named by its blob hash.
                disable_progress_bars()
        return self._hub

    def source_for(self, manifest: Manifest, entry: ManifestEntry) -> Source:
        if entry.kind == "local":
            from .sources.local import LocalSource

            return LocalSource(Path(manifest.base_dir), manifest.path, self.kb)
        return self.hub()

    def gather(self, manifest: Manifest, fetched: Callable[[Evidence], object] | None = None) -> list[Evidence]:
        """Fetch every entry, concurrently for Hub entries, returned in manifest order; ``fetched``
        is called with each Hub entry's evidence fetched concurrently, in order, as it arrives."""
        # Local folders are checked first and synchronously, so a bad path stops the run (exit 2)
        # before any network traffic.
        local = {i: self.source_for(manifest, e).fetch(e) for i, e in enumerate(manifest.entries) if e.kind == "local"}
        remote = [(i, e) for i, e in enumerate(manifest.entries) if e.kind != "local"]
        results: dict[int, Evidence] = dict(local)
        if remote:
            progress = self.progress
            progress.begin("fetching", len(remote))
            source = self.hub()

            def fetch(item: tuple[int, ManifestEntry]) -> tuple[int, Evidence]:
                index, entry = item
                progress.started_item(entry.ref)
                evidence = source.fetch(entry)
                progress.finished_item()
                return index, evidence

            # Reading the local cache is CPU-bound: threads would only contend for the GIL.
            jobs = 1 if getattr(source, "offline", False) else max(1, min(self.options.jobs, len(remote)))
            if jobs == 1:
                results.update(map(fetch, remote))
            else:
                results.update(fetch_all(fetch, remote, jobs, (lambda done: fetched(done[1])) if fetched else None))
        return [results[i] for i in range(len(manifest.entries))]

    def lineage(self, manifest: Manifest, evidence: list[Evidence]) -> Lineage | None:
        if not self.options.lineage or not any(e.base_models or undeclared_base_ids(e, e.entry.ref) or source_base_ids(e, e.entry.ref)
                                               or named_base_records(e) or linked_model_repo(e, self.kb)
                                               for e in evidence):
            return None
        pinned = {}
        for entry in manifest.entries:
            for base in entry.lock.base_models if entry.lock else ():
                repo, _, sha = base.partition("@")
                if sha:
                    pinned[repo] = sha
        hub, progress = self.hub(), self.progress
        progress.begin("reading base models")

        def fetch_base(entry: ManifestEntry) -> Evidence:
            progress.started_item(entry.ref)
            evidence = hub.fetch(entry)
            progress.finished_item()
            return evidence

        lineage = Lineage(fetch_base, self.classifier, self.options.jobs, pinned)
        for item in evidence:
            # A base model that is also in the manifest, at the same commit, is not fetched twice.
            if item.entry.kind == "hub" and not item.fetch_failed and pinned.get(item.entry.ref, item.revision) == item.revision:
                lineage.evidence.setdefault(item.entry.ref, item)
        lineage.prefetch(evidence)
        return lineage

    def judge(self, manifest: Manifest, evidence: list[Evidence], policy: Policy | None = None, warnings: tuple[str, ...] = (),
              lineage: Lineage | None = None) -> Report:
        evaluator = Evaluator(self.kb, manifest.project, policy)
        results: list[Result] = []
        self.progress.begin("checking licenses", len(evidence))
        for item in evidence:
            self.progress.started_item(item.entry.ref)
            if policy is not None and policy.clarifications_for(item.entry):
                from .clarify import classify

                classification, stale = classify(self.classifier, item, policy)
                warnings += stale
            else:   # as clarify.classify does without an entry, without importing the matcher for it
                classification = self._classification(item)
            ancestors = lineage.ancestors(item) if lineage else ()
            results.append(evaluator.evaluate(item, classification, ancestors))
            self.progress.finished_item()
        self.progress.done()
        self.classifier.cache.save()
        if self._hub is not None:
            self._hub.save_remembered()
        summary: dict[str, int] = {verdict: sum(1 for r in results if r.verdict == verdict) for verdict in VERDICTS}
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

    def _classification(self, item: Evidence) -> Classification:
        ahead = self._classified_ahead.pop(id(item), None)
        if ahead is not None and ahead[0] is item:
            return ahead[1]
        return self.classifier.classify(item)

    def _classify_while_fetching(self, policy: Policy | None, copy: Answering | None) -> Callable[[Evidence], None]:
        """The fetch pool's threads mostly wait on the Hub: classify each checkpoint as soon as it is
        fetched, not all of them after the last fetch; in a forked copy of this process when there is
        one (``_classifying_copy``), else in this thread. A checkpoint a clarify entry names is left to
        judge(), which reads it under the policy."""
        def classify(item: Evidence) -> None:
            if policy is not None and policy.clarifications_for(item.entry):
                return
            if copy is None:
                self._classified_ahead[id(item)] = (item, self.classifier.classify(item))
                return
            remembered = self.classifier.cache.get(item)
            if remembered is not None:
                self._classified_ahead[id(item)] = (item, remembered)
            else:
                copy.send(item)
                self._sent_to_copy.append(item)

        return classify

    def _classifying_copy(self, manifest: Manifest) -> Answering | None:
        """While checkpoints are fetched from the Hub, this process's one thread that holds the GIL at a
        time is busy with huggingface_hub's requests and cache (most of a cold check's CPU): the
        classification (seconds for 1,000 checkpoints) runs in a forked copy of the process on another
        core, started before the fetch threads. Only where forking is safe and there is a second core."""
        remote = sum(entry.kind != "local" for entry in manifest.entries)
        if remote < 2 or self.options.jobs < 2 or getattr(self.hub(), "offline", False) or usable_cpus() < 2 or not can_fork():
            return None
        classifier = self.classifier
        # the copy loads the matcher's index when first asked: a check whose answers are all remembered never does
        try:
            return Answering(classifier.answer_row)
        except OSError:   # a fork the system refuses (a limit on processes, memory): classified here, as on one core
            return None

    def _answers_of(self, copy: Answering) -> None:
        """The copy's answers, remembered as this process's own; what it did not answer is left to
        judge(), which classifies it here."""
        sent, self._sent_to_copy = self._sent_to_copy, []
        for item, answer in zip(sent, self.classifier.rows_answered(copy.answers(), len(sent)), strict=True):
            if answer is not None:
                self.classifier.cache.put(item, answer)
                self._classified_ahead[id(item)] = (item, answer)

    def _classify_on_every_core(self, evidence: list[Evidence], policy: Policy | None) -> None:
        """What the fetch did not leave classified (an offline check reads the cache in one thread),
        classified before judging, on up to --jobs cores (classification_cache.classify_all)."""
        waiting = [item for item in evidence if id(item) not in self._classified_ahead
                   and (policy is None or not policy.clarifications_for(item.entry))]
        if not waiting:
            return
        answers = self.classifier.classify_all(waiting, min(self.options.jobs, usable_cpus()), lineage=self.options.lineage)
        for item, answer in zip(waiting, answers, strict=True):
            self._classified_ahead[id(item)] = (item, answer)

    def use_knowledge_of(self, policy: Policy | None) -> None:
        """The policy's project rules join licscan's for this run (its rules_dir)."""
        kb = policy.knowledge_base() if policy is not None and policy.rules_dir else self._own_kb
        if kb is not self.kb:
            self.kb = kb
            self._classifier = None
            if self._hub is not None:
                self._hub.kb = kb   # the files named after the project's own licenses are fetched too

    def run(self, manifest: Manifest, policy: Policy | None = None, warnings: tuple[str, ...] = ()) -> Report:
        self.use_knowledge_of(policy)
        self._classified_ahead.clear()
        self._sent_to_copy = []
        copy = self._classifying_copy(manifest)
        try:
            evidence = self.gather(manifest, self._classify_while_fetching(policy, copy))
            if copy is not None:
                self._answers_of(copy)
        finally:
            if copy is not None:
                copy.cancel()
        self._classify_on_every_core(evidence, policy)
        # the bases lineage reads of each card remembered as its classification is (judge saves both)
        with remembered_in(self.classifier.cache.base_ids):
            return self.judge(manifest, evidence, policy, warnings, self.lineage(manifest, evidence))

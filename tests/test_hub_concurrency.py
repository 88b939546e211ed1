"""The Hub source with ``max_requests`` (what ``licscan check -j N`` builds), live against the fake Hub on 127.0.0.1.

With it, one checkpoint's files are downloaded together and huggingface_hub's shared client holds at
most ``max_requests`` connections. What is asserted: the evidence is the one the sequential source
reads (same files, same revision, same problems), for every repository of the fake Hub and under
faults on a file; the requests sent are the same (but for which of two files with the same bytes is
the one downloaded); no more than ``max_requests`` requests are at the
Hub at once, and a checkpoint's files do wait on the Hub together.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from licscan.model import Evidence, ManifestEntry
from licscan.sources.hub import HubSource
from tests.conftest import fresh_live_hub
from tests.fakehub.server import REPOS_DIR, FakeHub, load_repos, running

GPT_OSS = "openai/gpt-oss-20b"                 # README.md, LICENSE and USE_POLICY.md
FILE_FAULTS = {
    "503": [503] * 100,
    "reset-once": ["reset"],
    "404-entry-not-found": [{"status": 404, "headers": {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found"}}] * 100,
    "403": [403] * 100,
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[FakeHub]:
    repos = tmp_path_factory.mktemp("fakehub") / "repos"
    shutil.copytree(REPOS_DIR, repos)
    with running(port=0, repos_dir=repos) as server:
        yield server
    import huggingface_hub
    from huggingface_hub.utils._http import default_client_factory

    huggingface_hub.set_client_factory(default_client_factory)   # the tests after these get huggingface_hub's own client


@pytest.fixture(autouse=True)
def clean(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_live_hub(hub, tmp_path, monkeypatch)


def fetch(hub: FakeHub, tmp_path: Path, ref: str, max_requests: int | None) -> Evidence:
    cache = tmp_path / f"cache-{len(list(tmp_path.glob('cache-*')))}"   # always cold
    source = HubSource(endpoint=hub.endpoint, token=False, cache_dir=cache, offline=False, sleep=lambda s: None,
                       max_requests=max_requests)
    return source.fetch(ManifestEntry(ref=ref, kind="hub", line=3))


def sent(hub: FakeHub) -> tuple[Counter, int]:
    """The requests sent, but for which file's content was downloaded: huggingface_hub stores a blob
    once per etag, so of two files with the same bytes the first to get there is the one downloaded
    (the other is linked to it). Every model info and HEAD, and the number of downloads."""
    downloads = sum(1 for method, path in hub.requests if method == "GET" and "/resolve/" in path)
    requests = Counter(r for r in hub.requests if not (r[0] == "GET" and "/resolve/" in r[1]))
    hub.requests.clear()
    return requests, downloads


@pytest.mark.parametrize("ref", sorted(load_repos()))
def test_files_fetched_together_give_the_evidence_read_one_after_another(hub: FakeHub, tmp_path: Path, ref: str) -> None:
    one_by_one = fetch(hub, tmp_path, ref, None)
    requests_one_by_one = sent(hub)

    together = fetch(hub, tmp_path, ref, 4)

    assert together == one_by_one
    assert sent(hub) == requests_one_by_one


@pytest.mark.parametrize("fault", list(FILE_FAULTS))
@pytest.mark.parametrize("name", ["README.md", "LICENSE", "USE_POLICY.md"])
def test_a_fault_on_one_file_gives_the_same_evidence_fetched_together(hub: FakeHub, tmp_path: Path, name: str, fault: str) -> None:
    hub.inject(rf"/resolve/[0-9a-f]{{40}}/{name}$", FILE_FAULTS[fault])
    one_by_one = fetch(hub, tmp_path, GPT_OSS, None)
    hub.clear_faults()
    hub.inject(rf"/resolve/[0-9a-f]{{40}}/{name}$", FILE_FAULTS[fault])

    together = fetch(hub, tmp_path, GPT_OSS, 4)

    assert together == one_by_one
    if fault != "reset-once":                          # recovered by a retry; the others name the file
        assert name in together.problems[0]


class InFlight:
    """Counts the requests the fake Hub is answering at once; each one is held until ``hold`` are
    in flight (or a second has passed), so that requests sent together are seen together."""

    def __init__(self, hub: FakeHub, hold: int):
        self.route, self.hold = hub.route, hold
        self.now = self.most = 0
        self.lock = threading.Condition()

    def __call__(self, *args):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.lock.notify_all()
            self.lock.wait_for(lambda: self.now >= self.hold, timeout=1.0)
        try:
            return self.route(*args)
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.parametrize("max_requests, most", [
    (4, 3),   # one checkpoint's three files wait on the Hub together
    (2, 2),   # never more requests at once than max_requests
])
def test_a_checkpoints_files_are_fetched_together_up_to_max_requests(
        hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, max_requests: int, most: int) -> None:
    # each request waits (up to 1 s) until `most` are in flight: enough to see that many together, and with hold=3
    # at max_requests=2 every request waited out the timeout (7 s of CI); more than `most` at once would still show
    counter = InFlight(hub, hold=most)
    monkeypatch.setattr(hub, "route", counter)

    ev = fetch(hub, tmp_path, GPT_OSS, max_requests)

    assert sorted(f.name for f in ev.files) == ["LICENSE", "README.md", "USE_POLICY.md"]
    assert counter.most == most


def test_checkpoints_classified_while_fetching_are_classified_once_and_judged_as_after_fetching(
        hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from licscan.classification_cache import ClassificationCache
    from licscan.classify import Classifier
    from licscan.model import Manifest, Project
    from licscan.pipeline import Options, Scanner

    monkeypatch.setattr(ClassificationCache, "get", lambda self, evidence: None)   # nothing remembered from other runs
    refs = ["mistralai/Mistral-7B-v0.1", GPT_OSS, "facebook/musicgen-small", "acme/no-license-model", "acme/gated-permissive"]
    manifest = Manifest(path="models.lock", project=Project(name="t", use="commercial"), base_dir=str(tmp_path),
                        entries=tuple(ManifestEntry(ref=ref, kind="hub", line=i + 1) for i, ref in enumerate(refs)))
    classified: Counter = Counter()
    real_classify = Classifier.classify

    def counting(self, evidence):
        classified[evidence.entry.ref] += 1
        return real_classify(self, evidence)

    monkeypatch.setattr(Classifier, "classify", counting)

    report = Scanner(options=Options(endpoint=hub.endpoint, token=False, lineage=False, cache_dir=str(tmp_path / "a"), jobs=3)).run(manifest)
    once = dict(classified)
    classified.clear()
    after = Scanner(options=Options(endpoint=hub.endpoint, token=False, lineage=False, cache_dir=str(tmp_path / "b"), jobs=1))
    later = after.judge(manifest, after.gather(manifest))

    assert once == {ref: 1 for ref in refs}
    assert [(r.entry.ref, r.verdict, r.classification) for r in report.results] == \
        [(r.entry.ref, r.verdict, r.classification) for r in later.results]

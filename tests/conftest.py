"""Shared fixtures. The Hub section replays vcrpy cassettes recorded against tests/fakehub.

Re-record every Hub cassette (docs/testing.md):  VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette
"""

from __future__ import annotations

import os

# --- Hub: environment, before anything imports huggingface_hub (it reads these at import) --------
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")    # no hidden /api/agent-harnesses request
os.environ.setdefault("HF_HUB_DISABLE_XET", "1")          # keep downloads on httpx2, where vcrpy sees them
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
# A developer's HF_HUB_OFFLINE=1 would make huggingface_hub refuse every request before vcrpy (or,
# when recording, the fake Hub) could answer it, in replay and in recording alike.
os.environ["HF_HUB_OFFLINE"] = "0"
# licscan's reference-token cache goes to a scratch folder, not the developer's ~/.cache.
import tempfile  # noqa: E402

os.environ.setdefault("LICSCAN_CACHE_DIR", tempfile.mkdtemp(prefix="licscan-test-cache-"))

import re  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any

import pytest  # noqa: E402

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR.parent) not in sys.path:   # "tests.fakehub" also under a bare `pytest`
    sys.path.insert(0, str(TESTS_DIR.parent))
CASSETTES_DIR = TESTS_DIR / "cassettes"
FAKE_HUB_PORT = 8765                        # fixed: cassette URIs contain it
FAKE_HUB_ENDPOINT = f"http://127.0.0.1:{FAKE_HUB_PORT}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--every-real-card", action="store_true",
                     help="equivalence tests read every real card of benchmarks/real_cards, not a fixed spread of them "
                          "(tests/real_card_sample.py): after changing a path one of them guards")


def pytest_configure(config: pytest.Config) -> None:
    from tests import real_card_sample
    from tests.input_tally import register_collector

    real_card_sample.every_case = bool(config.getoption("every_real_card"))
    register_collector(config)
    config.addinivalue_line("markers", "hub_cassette: replays Hub traffic from tests/cassettes (added automatically)")


# The longest tests (from `--durations`), longest first. They are run first, so that under xdist
# (CI: -n auto --dist loadgroup, which hands each worker the next test when it is free) the two workers
# share them and the many short tests fill in after, instead of one worker ending alone on a long test
# collected late (test_precommit's pre-commit install, ~30 s, came after 3,000 others). Only the
# order changes; a test missing from this list keeps its place after them. An entry names a whole module
# where its tests share a module-scoped fixture (tests of a module run apart would set it up twice).
LONG_FIRST = (
    "test_precommit.py::",   # the group of pre-commit runs (~30 s of an install)
    "test_lazy_regex.py::test_on_real_cards_no_match_is_skipped_by_the_prefilter",
    "test_classify_memo.py::test_real_cards_read_the_same_with_and_without_memos",
    "test_matcher_perf_equivalence.py::test_sampled_prefilter_gives_the_answers_of_an_exact_count",
    "test_matcher_copies.py::",
    "test_classify_on_cores.py::",
    "test_matcher_perf_equivalence.py::test_answers_are_the_same_in_every_process",
    "test_prose_bases.py::",
    "test_license_lines_walk.py::",
    "test_lazy_regex.py::test_on_real_sentences_",
    "test_classify_memo.py::",
    "test_html_text.py::",
    "test_corpus.py::",
)


def _long_rank(item: pytest.Item) -> int:
    path, _, test = item.nodeid.partition("::")   # a parameter's id may hold "/"
    name = f"{path.rpartition('/')[2]}::{test}"
    return next((rank for rank, prefix in enumerate(LONG_FIRST) if name.startswith(prefix)), len(LONG_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `-m hub_cassette` selects exactly the tests whose cassettes a re-record rewrites.
    for item in items:
        if "hub_cassette" in getattr(item, "fixturenames", ()):
            item.add_marker("hub_cassette")
    items.sort(key=_long_rank)   # stable: same order within each rank and among the rest


def vcr_record_mode() -> str:
    """``none`` (replay only, the default and CI's mode) unless VCR_RECORD_MODE says otherwise."""
    return os.environ.get("VCR_RECORD_MODE", "none")


class _ReplayHub:
    """Stands in for the fake Hub while replaying: faults are already in the cassette."""

    recording = False
    endpoint = FAKE_HUB_ENDPOINT

    def inject(self, path: str, actions: Any, *, method: str | None = None) -> None:
        from tests.fakehub.server import parse_fault

        for action in [actions] if isinstance(actions, (str, int, dict)) else actions:
            parse_fault(action)   # still catch a typo in replay

    def clear_faults(self) -> None:
        pass


@pytest.fixture
def fake_hub_endpoint() -> str:
    """The fixed endpoint the cassettes were recorded against."""
    return FAKE_HUB_ENDPOINT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """licscan's cache folder (LICSCAN_CACHE_DIR) for this test alone, not yet made: what it remembers starts empty."""
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def hub_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty huggingface_hub cache for this test (a warm cache skips requests)."""
    import huggingface_hub.constants

    cache = tmp_path / "hf-hub-cache"
    cache.mkdir()
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def fake_hub() -> Iterator[Any]:
    """The fake Hub on the fixed port while recording; a no-op stand-in while replaying.

    Tests call ``fake_hub.inject(path_regex, [429, ...])`` before the requests it should affect; the
    faulty responses are recorded, and replay from the cassette afterwards.
    """
    if vcr_record_mode() == "none":
        yield _ReplayHub()
        return
    import huggingface_hub

    from tests.fakehub.server import FakeHub

    if os.environ.get("PYTEST_XDIST_WORKER"):   # xdist workers would all bind the one fixed port
        pytest.fail("record Hub cassettes in one process: VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette (no -n)")
    hub = FakeHub("127.0.0.1", FAKE_HUB_PORT)
    hub.recording = True
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()
        huggingface_hub.close_session()   # drop keep-alive connections to the stopped server


@pytest.fixture
def hub_cassette(request: pytest.FixtureRequest, hub_cache: Path, fake_hub: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Replays (or, with VCR_RECORD_MODE set, records) tests/cassettes/<module>/<test>.yaml.

    A request that is not in the cassette raises vcr's CannotOverwriteExistingCassetteException;
    recorded requests that were never made fail the test at teardown: re-record after changing
    what licscan asks the Hub.
    """
    import huggingface_hub.utils._http
    import vcr

    monkeypatch.setattr(huggingface_hub.utils._http.time, "sleep", lambda seconds: None)
    module = Path(str(request.node.fspath)).stem
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES_DIR / module),
        record_mode=vcr_record_mode(),
        filter_headers=["authorization", "cookie", "x-amzn-trace-id", "user-agent"],
        decode_compressed_response=True,
        match_on=["method", "scheme", "host", "port", "path", "query"],
    )
    if vcr_record_mode() == "all":   # re-record from scratch: no stale interactions survive
        (CASSETTES_DIR / module / f"{name}.yaml").unlink(missing_ok=True)
    with recorder.use_cassette(f"{name}.yaml") as cassette:
        yield cassette
    if vcr_record_mode() == "none" and not cassette.all_played:
        unplayed = len(cassette.data) - cassette.play_count
        pytest.fail(f"{unplayed} recorded Hub request(s) were not made; re-record: VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette")


# --- licscan's knowledge less one license, for a project's own licenses (tests/own_licenses.py) ---------


@pytest.fixture(scope="session")
def rules_without_deepseek(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of licscan's rules and texts less its rule and text for the DeepSeek License Agreement.
    Made once and only read: one knowledge base and one matcher index for every test that uses it."""
    root = tmp_path_factory.mktemp("licscan-without-deepseek")
    rules, texts = root / "licscan-rules", root / "licscan-texts"
    shutil.copytree(TESTS_DIR.parent / "rules", rules)
    shutil.copytree(TESTS_DIR.parent / "license_texts", texts)
    (rules / "deepseek-model.yaml").unlink()
    (texts / "deepseek-model.txt").unlink()
    return rules, texts


@pytest.fixture
def licscan_without_deepseek(rules_without_deepseek: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """licscan reads its rules and texts from that copy for this test."""
    import licscan.rules

    monkeypatch.setattr(licscan.rules, "default_dirs", lambda: rules_without_deepseek)
    return rules_without_deepseek


# --- one built index per knowledge base for the whole session ------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _one_classifier_per_knowledge_base() -> Iterator[None]:
    """Every Scanner of the session (each in-process CLI run builds one) classifies with one shared
    classifier per knowledge base, as one long run would, instead of loading the matcher's index from
    its disk cache again for each of a few hundred runs (~30 ms each). A knowledge base is immutable, so
    a classifier built for it answers the same whichever run asks; a project's rules or a changed rules
    folder are another knowledge base, with a classifier of its own. The classifier is whatever
    ``Scanner.classifier`` builds; the index cache is tested on Matcher itself (tests/test_matcher*.py)."""
    from licscan.pipeline import Scanner

    build = Scanner.classifier.fget
    assert build is not None
    built: list[tuple[Any, Any]] = []   # (knowledge base, its classifier), last used last; by identity

    def shared(scanner: Any) -> Any:
        if scanner._classifier is None:
            for index, (kb, classifier) in enumerate(built):
                if kb is scanner.kb:
                    built.append(built.pop(index))
                    scanner._classifier = classifier
                    return classifier
            built.append((scanner.kb, build(scanner)))
            del built[:-4]   # a project's knowledge base is used by a test or two: keep the few last used
        return scanner._classifier

    patch = pytest.MonkeyPatch()
    patch.setattr(Scanner, "classifier", property(shared))
    yield
    patch.undo()


def fresh_live_hub(hub: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test against a live fake Hub (tests.fakehub.server.running) starts from nothing: no retries'
    sleeps, its own Hub cache, no token, no faults, no latency, no requests counted; faults cleared after."""
    import huggingface_hub.constants
    import huggingface_hub.utils._http

    monkeypatch.setattr(huggingface_hub.utils._http.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_STORED_TOKENS_PATH", str(tmp_path / "no-tokens"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    hub.clear_faults()
    hub.set_latency(0)
    hub.requests.clear()
    yield
    hub.clear_faults()

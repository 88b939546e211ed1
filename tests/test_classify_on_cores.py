"""Classifying on several cores (classification_cache.CachingClassifier.classify_all, pool.Forked): the
answers are the ones one process gives, in the same order, whichever process computed them; a forked copy
that fails leaves what it took to this process; work is taken as processes are free (a slow copy leaves more
to this one), in groups that keep checkpoints with the same license texts together.

The evidence is real: folders holding the verbatim texts of license_texts/ (each license's first text, and
every fourth one again in a second folder), with the model cards of examples/, read by LocalSource."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from licscan import classification_cache, pool
from licscan.classification_cache import CachingClassifier, ClassificationCache, work_groups
from licscan.classify import Classifier
from licscan.model import Evidence, Manifest, ManifestEntry, Project
from licscan.pipeline import Options, Scanner
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
CARDS = sorted((ROOT / "examples" / "models").glob("*/README.md"))


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of checkpoint folders and its models.lock."""
    base = tmp_path_factory.mktemp("checkpoints")
    kb = load_knowledge_base()
    texts = [kb.text_path(rule.texts[0]) for rule in kb.rules if rule.kind == "license" and rule.texts]
    folders: list[str] = []
    for i, text in enumerate([*texts, *texts[::4]]):
        folder = base / f"m{i:03d}"
        folder.mkdir()
        shutil.copyfile(text, folder / "LICENSE")
        shutil.copyfile(CARDS[i % len(CARDS)], folder / "README.md")
        folders.append(folder.name)
    (base / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
                                      + "".join(f"  - path: {name}\n" for name in folders), encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def evidence(checkpoints: Path) -> list[Evidence]:
    base = checkpoints
    folders = sorted(folder.name for folder in base.iterdir() if folder.is_dir())
    manifest = Manifest(path=str(base / "models.lock"), project=Project(name="t", use="commercial"), base_dir=str(base),
                        entries=tuple(ManifestEntry(ref=name, kind="local", line=i + 1) for i, name in enumerate(folders)))
    return Scanner(options=Options(lineage=False)).gather(manifest)


def caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CachingClassifier:
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    kb = load_knowledge_base()
    return CachingClassifier(kb, ClassificationCache(kb))


def count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    forks: list[int] = []

    class Counted(pool.Forked):
        def __init__(self, work):   # type: ignore[no-untyped-def]
            forks.append(1)
            super().__init__(work)

    monkeypatch.setattr(classification_cache, "Forked", Counted)
    return forks


def test_answers_computed_on_two_cores_are_the_ones_one_process_gives(evidence, tmp_path, monkeypatch):
    assert len(evidence) >= 2 * classification_cache.MIN_PER_PROCESS
    assert pool.can_fork(), "this test must run where licscan forks: Linux, one thread"
    one = Classifier(load_knowledge_base())
    alone = [one.classify(item) for item in evidence]
    forks = count_forks(monkeypatch)

    together = caching(tmp_path, monkeypatch).classify_all(evidence, 2)

    assert forks == [1]
    assert together == alone
    assert {answer.license_id for answer in together} >= {"mit", "apache-2.0", "llama3.1", "cc-by-nc-4.0"}


def test_answers_classified_on_cores_are_remembered_for_the_next_run(evidence, tmp_path, monkeypatch):
    first = caching(tmp_path, monkeypatch).classify_all(evidence, 2)
    first_classifier = caching(tmp_path, monkeypatch)
    first_classifier.cache._load()   # nothing saved yet: a new run finds nothing
    assert first_classifier.cache.get(evidence[0]) is None
    saving = caching(tmp_path, monkeypatch)
    saving.classify_all(evidence, 2)
    saving.cache.save()

    def refuse(self, item):
        raise AssertionError(f"classified {item.entry.ref} again")

    monkeypatch.setattr(Classifier, "classify", refuse)
    forks = count_forks(monkeypatch)
    assert caching(tmp_path, monkeypatch).classify_all(evidence, 2) == first
    assert forks == []


def test_a_forked_copy_that_fails_leaves_its_share_to_this_process(evidence, tmp_path, monkeypatch):
    one = Classifier(load_knowledge_base())
    alone = [one.classify(item) for item in evidence]
    parent = os.getpid()
    real_classify = Classifier.classify
    in_parent: list[str] = []

    def only_here(self, item):
        if os.getpid() != parent:
            raise RuntimeError("the forked copy fails")
        in_parent.append(item.entry.ref)
        return real_classify(self, item)

    monkeypatch.setattr(Classifier, "classify", only_here)
    forks = count_forks(monkeypatch)

    assert caching(tmp_path, monkeypatch).classify_all(evidence, 2) == alone
    assert forks == [1]
    assert sorted(in_parent) == sorted(item.entry.ref for item in evidence)   # every one, once, here


def test_one_process_when_asked_for_one_or_given_few(evidence, tmp_path, monkeypatch):
    forks = count_forks(monkeypatch)
    few = evidence[: 2 * classification_cache.MIN_PER_PROCESS - 1]
    one = Classifier(load_knowledge_base())
    assert caching(tmp_path / "a", monkeypatch).classify_all(evidence, 1) == [one.classify(item) for item in evidence]
    assert caching(tmp_path / "b", monkeypatch).classify_all(few, 8) == [one.classify(item) for item in few]
    assert forks == []


def test_the_groups_keep_the_same_license_texts_together_and_cover_every_item_once(evidence):
    groups = work_groups(evidence)

    assert sorted(i for group in groups for i in group) == list(range(len(evidence)))
    assert all(group == sorted(group) for group in groups)
    by_text: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for i in group:
            by_text.setdefault(next(f.sha256 for f in evidence[i].files if f.name == "LICENSE"), set()).add(number)
    assert sum(len(group) > 1 for group in groups) >= 20                 # texts in two folders ...
    assert all(len(numbers) == 1 for numbers in by_text.values())       # ... in one group
    assert work_groups(evidence) == groups                                # deterministic
    # the costliest first: the first group's license text among the longest tenth, the last one's among the shortest
    lengths = [len(next(f.text for f in evidence[group[0]].files if f.name == "LICENSE")) for group in groups]
    ordered = sorted(lengths)
    assert lengths[0] >= ordered[len(groups) * 9 // 10] and lengths[-1] <= ordered[len(groups) // 10]


def test_many_groups_are_joined_to_what_can_be_handed_out(evidence, monkeypatch):
    monkeypatch.setattr(classification_cache, "MAX_GROUPS", 10)
    groups = work_groups(evidence)
    assert 5 <= len(groups) <= 10
    assert sorted(i for group in groups for i in group) == list(range(len(evidence)))
    assert all(group == sorted(group) for group in groups)


def test_each_number_is_taken_by_one_process_only():
    """pool.Takings: this process and a forked copy take numbers from one pipe at once; between them they take each
    number once."""
    assert pool.can_fork()
    takings = pool.Takings(5000)
    started_read, started_write = os.pipe()   # the copy says when it has taken its first number

    def take_there() -> bytes:
        numbers = iter(takings)
        taken = [next(numbers)]
        os.write(started_write, b"1")
        return b",".join(str(number).encode() for number in [*taken, *numbers])

    copy = pool.Forked(take_there)
    numbers = iter(takings)
    here = [next(numbers)]
    assert os.read(started_read, 1) == b"1"     # both have taken one: neither drained the pipe before the other began
    here += list(numbers)
    there = [int(number) for number in (copy.result() or b"").split(b",") if number]
    takings.close()
    os.close(started_read)
    os.close(started_write)
    assert sorted(here + there) == list(range(5000))


def test_numbers_a_pipe_cannot_hold_are_refused_and_everything_is_classified_here(evidence, tmp_path, monkeypatch):
    """A pipe of one page (a user over pipe-user-pages-soft gets such pipes): 5,000 numbers do not fit, and Takings says so
    instead of blocking on a pipe nobody reads yet; classify_all then classifies every item in this process."""
    import fcntl

    real_pipe = os.pipe

    def one_page_pipe() -> tuple[int, int]:
        read, write = real_pipe()
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
        return read, write

    monkeypatch.setattr(pool.os, "pipe", one_page_pipe)
    with pytest.raises(ValueError):
        pool.Takings(5000)
    assert list(pool.Takings(1000)) == list(range(1000))   # 4,000 bytes fit

    monkeypatch.setattr(pool.Takings, "__init__", lambda self, count: (_ for _ in ()).throw(ValueError("too small")))
    forks = count_forks(monkeypatch)
    one = Classifier(load_knowledge_base())
    assert caching(tmp_path, monkeypatch).classify_all(evidence, 2) == [one.classify(item) for item in evidence]
    assert forks == []


def test_a_fork_the_system_refuses_leaves_the_work_to_this_process(evidence, tmp_path, monkeypatch):
    """os.fork raising (a limit on processes, EAGAIN): no copy, every item classified here, the answers one process gives."""
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool.os, "fork", refused)
    one = Classifier(load_knowledge_base())
    opened = set(os.listdir("/proc/self/fd"))
    assert caching(tmp_path, monkeypatch).classify_all(evidence, 2) == [one.classify(item) for item in evidence]
    assert set(os.listdir("/proc/self/fd")) <= opened   # the refused copy's pipe and the work's numbers closed again


def test_a_hub_check_whose_classifying_copy_cannot_be_forked_classifies_here(tmp_path, monkeypatch):
    """The copy a check fetching from the Hub forks to classify while it fetches: a fork the system refuses leaves no copy
    (the classifying is then done here, as on one core) and no pipe open, not an error that ends the check."""
    from licscan import pipeline

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool.os, "fork", refused)
    opened = set(os.listdir("/proc/self/fd"))
    with pytest.raises(OSError):
        pool.Answering(lambda request: b"")
    assert set(os.listdir("/proc/self/fd")) == opened   # its four pipe ends closed again

    monkeypatch.setattr(pipeline, "usable_cpus", lambda: 2)
    monkeypatch.setattr(pipeline, "can_fork", lambda: True)
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    manifest = Manifest(path=str(tmp_path / "models.lock"), project=Project(name="t", use="commercial"), base_dir=str(tmp_path),
                        entries=tuple(ManifestEntry(ref=ref, kind="hub", line=i + 1) for i, ref in enumerate(("acme/a", "acme/b"))))
    scanner = Scanner(options=Options(jobs=4, offline=False))
    assert scanner._classifying_copy(manifest) is None


def test_a_slow_copy_leaves_more_of_the_work_to_this_process(evidence, tmp_path, monkeypatch):
    import time

    parent = os.getpid()
    real_classify = Classifier.classify
    in_parent: list[str] = []

    def slow_there(self, item):
        if os.getpid() != parent:
            time.sleep(0.3)
        else:
            in_parent.append(item.entry.ref)
        return real_classify(self, item)

    monkeypatch.setattr(Classifier, "classify", slow_there)
    one = Classifier(load_knowledge_base())
    alone = [real_classify(one, item) for item in evidence]
    assert caching(tmp_path, monkeypatch).classify_all(evidence, 2) == alone
    # a split made in advance gave each process about half; taken as they are free, this one does most
    assert len(in_parent) > 0.75 * len(evidence)


def test_a_check_on_two_cores_writes_the_reports_one_process_writes(checkpoints, tmp_path, monkeypatch):
    """The whole check, in-process through the CLI: -j 1 classifies in this process, -j 8 on the cores
    there are (the test machine has at least two, or the fork count below says so)."""
    from click.testing import CliRunner

    from licscan import rules
    from licscan.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    forks = count_forks(monkeypatch)
    reports = {}
    for jobs in ("1", "8"):
        for fmt in ("json", "terminal"):
            monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / f"cache-{jobs}-{fmt}"))   # nothing remembered
            rules._load_cached.cache_clear()
            result = CliRunner().invoke(main, ["check", str(checkpoints / "models.lock"), "--format", fmt, "-j", jobs])
            assert result.exit_code == 1, result.output    # some checkpoints carry non-commercial licenses
            reports[jobs, fmt] = result.output
    assert pool.usable_cpus() >= 2 and forks == [1, 1]
    assert reports["1", "json"] == reports["8", "json"]
    assert reports["1", "terminal"] == reports["8", "terminal"]
    assert "cc-by-nc-4.0" in reports["1", "json"]


# Run as licscan's process with the classifying copy counted (the copy itself ends with os._exit, not here).
_COUNTING_COPIES = """
import atexit, sys
import licscan.pool as pool
copies = []
class Counted(pool.Answering):
    def __init__(self, *args, **kwargs):
        copies.append(1)
        super().__init__(*args, **kwargs)
pool.Answering = Counted
atexit.register(lambda: sys.stderr.write(f"classifying copies: {len(copies)}\\n"))
from licscan.cli import main
main()
"""
HUB_REPOS = ["Qwen/Qwen-7B", "acme/custom-license-model", "acme/gated-permissive", "acme/many-license-files",
             "acme/no-license-model", "acme/pdf-license-model", "acme/llama-3.1-8b-support-ft", "black-forest-labs/FLUX.1-dev",
             "facebook/musicgen-small", "google/gemma-2-2b", "meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct",
             "mistralai/Mistral-7B-v0.1", "openai/gpt-oss-20b", "openai/whisper-small", "stabilityai/stable-diffusion-xl-base-1.0"]


def test_a_check_fetching_from_the_hub_classifies_in_a_forked_copy_and_reports_the_same(tmp_path):
    """licscan's own process (a subprocess: this one runs the fake Hub's threads, where licscan would not
    fork), live against the fake Hub on 127.0.0.1: -j 1 classifies in the process, -j 4 in the copy it
    forks before fetching; the JSON and terminal reports are the same."""
    import subprocess
    import sys

    from tests.fakehub.server import running

    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
                                          + "".join(f"  - id: {ref}\n" for ref in HUB_REPOS), encoding="utf-8")
    index = tmp_path / "index"   # the reference index this session built, without remembered classifications
    shutil.copytree(os.environ["LICSCAN_CACHE_DIR"], index, ignore=shutil.ignore_patterns("classifications-*"))
    outputs = {}
    with running(port=0) as hub:
        for jobs in ("1", "4"):
            for fmt in ("json", "terminal"):
                run = tmp_path / f"run-{jobs}-{fmt}"
                shutil.copytree(index, run / "licscan-cache")
                env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "LICSCAN_"))}
                env.update(HF_ENDPOINT=hub.endpoint, HF_HOME=str(run / "hf-home"), HF_HUB_CACHE=str(run / "hub-cache"),
                           HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_PROGRESS_BARS="1",
                           LICSCAN_CACHE_DIR=str(run / "licscan-cache"), PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1700000000")
                done = subprocess.run([sys.executable, "-c", _COUNTING_COPIES, "check", str(tmp_path / "models.lock"), "-j", jobs,
                                       "--format", fmt, "-q"], env=env, capture_output=True, text=True, cwd=tmp_path, timeout=300)
                assert done.returncode == 1, done.stderr     # gated and non-commercial checkpoints fail the gate
                outputs[jobs, fmt] = (done.stdout, done.stderr)
    assert outputs["1", "json"][1].strip() == "classifying copies: 0"
    assert outputs["4", "json"][1].strip() == "classifying copies: 1"
    assert outputs["1", "json"][0] == outputs["4", "json"][0]
    assert outputs["1", "terminal"][0] == outputs["4", "terminal"][0]
    assert '"id": "openai/gpt-oss-20b"' in outputs["1", "json"][0] and "cc-by-nc-4.0" in outputs["1", "json"][0]


def test_what_lineage_reads_of_each_card_is_read_where_it_is_classified(evidence, tmp_path, monkeypatch):
    """With lineage on, classify_all reads what lineage will read of each checkpoint (base_ids.lineage_reading) in the
    process that classifies it, and keeps the copies' readings in this one: lineage then reads no card again, and what
    it is given equals what it would read. Real cards whose words name their source are among the examples."""
    from licscan import base_ids
    from tests.test_lineage_round11 import local
    from tests.test_real_card_gaps import CASES

    named = [local(CASES / case / "files", case.replace("__", "/", 1)) for case in (
        "allenai__led-large-16384-arxiv", "dumitrescustefan__bert-base-romanian-ner", "w11wo__javanese-bert-small-imdb",
        "r3dhummingbird__DialoGPT-small-neku", "M-FAC__bert-mini-finetuned-mrpc")]
    items = [*evidence, *named]
    read_here: list[str] = []
    reading = classification_cache.lineage_reading
    this_process = os.getpid()

    def counted(item: Evidence):   # type: ignore[no-untyped-def]
        if os.getpid() == this_process:
            read_here.append(item.entry.ref)   # counted in this process only: a forked copy's list is its own
            time.sleep(0.02)   # this process slowed: the copy takes its share of the groups, however slow its start
        return reading(item)

    monkeypatch.setattr(classification_cache, "lineage_reading", counted)
    forks = count_forks(monkeypatch)
    base_ids._ANSWERS.clear()
    caching(tmp_path, monkeypatch).classify_all(items, 2, lineage=True)
    assert forks and 0 < len(read_here) < len(items)          # the copy read some of them
    kept = {key: answer for key, (item, answer, _) in base_ids._ANSWERS.items() if any(item is one for one in items)}
    given = [(kept[("named-source", id(item), item.entry.ref)], kept[("undeclared", id(item), item.entry.ref)]) for item in items]
    base_ids._ANSWERS.clear()
    assert given == [reading(item) for item in items]
    assert sum(bool(sources) for sources, _ in given) >= 4    # the real cards' named sources among them


def test_without_lineage_nothing_is_read_for_it(evidence, tmp_path, monkeypatch):
    from licscan import base_ids

    base_ids._ANSWERS.clear()
    caching(tmp_path, monkeypatch).classify_all(evidence, 2)
    assert not any(kind == "undeclared" for kind, _, _ in base_ids._ANSWERS)

"""Reliability of the Hub source under network faults, live against the fake Hub on 127.0.0.1.

Faults that vcrpy cannot record (connection resets, timeouts, truncated bodies) and the request
counts that prove retries are bounded need a live server: ``tests.fakehub.running(port=0)`` starts
the fake Hub in this process on an ephemeral loopback port (docs/testing.md). It serves copies of
tests/fakehub/repos plus one extra repository built here, ``acme/gated-mit``: a gated repo whose
card says MIT and whose LICENSE is license_texts/mit.txt, so that "gated means not allowed" is
tested on a license that would otherwise be allowed.

What is asserted (README "Failure behaviour", docs/failure-behaviour.md):

* a checkpoint whose evidence could not be fetched is never 'allowed'; the problem names the
  checkpoint and the cause;
* transient faults are retried, a bounded number of times (counted on the server), and a
  recovered fetch gives exactly the evidence of a clean one;
* a manifest run with unreachable checkpoints still reports every other checkpoint, in manifest
  order, and the CLI exits non-zero;
* --jobs 8 and --jobs 1 give the same report.

huggingface_hub's own retry sleeps (``utils._http.time.sleep``) and licscan's backoff are made
no-ops, so the retries cost no wall time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.manifest import parse_manifest
from licscan.model import Evidence, Manifest, ManifestEntry, Project
from licscan.pipeline import Options, Scanner
from licscan.policy import Policy, TrustedMetadata
from licscan.sources import hub as hub_module
from licscan.sources.hub import HubSource
from tests.conftest import fresh_live_hub
from tests.fakehub.server import REPOS_DIR, UNAPPROVED_TOKEN, VALID_TOKEN, FakeHub, running

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "license_texts"
MISTRAL = "mistralai/Mistral-7B-v0.1"          # LICENSE = apache-2.0.txt, card: license: apache-2.0
GPT_OSS = "openai/gpt-oss-20b"                 # LICENSE (apache-2.0) + USE_POLICY.md
MOVING = "acme/moving-model"                   # main moved from A (MIT) to B (Apache-2.0)
MOVING_A = "e3e91445255173949e238e7f45f52930ff1546b8"
MOVING_B = "4a593e7cae06a421a3392b320e657d5b6a9f9859"
GATED_MIT = "acme/gated-mit"
GATED_MIT_SHA = "5eed000000000000000000000000000000000001"
ATTEMPTS = hub_module.MAX_ATTEMPTS
# Requests one file may cost under a persistent fault: licscan's attempts, each of which may
# include huggingface_hub's own retries (1 + 5 for the metadata HEAD) and a resumed GET.
PER_FILE_BOUND = ATTEMPTS * 8


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the live fake Hub ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[FakeHub]:
    repos = tmp_path_factory.mktemp("fakehub") / "repos"
    shutil.copytree(REPOS_DIR, repos)
    gated = repos / "acme" / "gated-mit"
    gated.mkdir(parents=True)
    (gated / "README.md").write_text("---\nlicense: mit\n---\n# A gated checkpoint under MIT\n", encoding="utf-8")
    (gated / "repo.yaml").write_text(
        "private: false\ngated: manual\ntags: [transformers]\n"
        f"branches:\n  main: {GATED_MIT_SHA}\n"
        f"commits:\n  - sha: {GATED_MIT_SHA}\n    title: Upload\n    files:\n"
        f"      README.md: README.md\n      LICENSE: {CORPUS / 'mit.txt'}\n",
        encoding="utf-8",
    )
    with running(port=0, repos_dir=repos) as server:
        yield server
    import huggingface_hub

    huggingface_hub.close_session()      # keep-alive connections to the stopped server


@pytest.fixture(autouse=True)
def clean(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_live_hub(hub, tmp_path, monkeypatch)


@pytest.fixture
def sleeps() -> list[float]:
    return []


def fetch(hub: FakeHub, tmp_path: Path, ref: str, revision: str | None = None, *, token=False, sleeps: list | None = None) -> Evidence:
    cache = tmp_path / f"cache-{len(list(tmp_path.glob('cache-*')))}"   # always cold
    source = HubSource(endpoint=hub.endpoint, token=token, cache_dir=cache, offline=False,
                       sleep=(sleeps.append if sleeps is not None else (lambda s: None)))
    return source.fetch(ManifestEntry(ref=ref, kind="hub", line=7, revision=revision))


@pytest.fixture(scope="module")
def judge() -> Scanner:
    return Scanner(options=Options(jobs=1, lineage=False))


def verdict(judge: Scanner, evidence: Evidence, policy: Policy | None = None) -> tuple[str, bool, tuple[str, ...]]:
    manifest = Manifest(path="models.lock", project=Project(name="t", use="commercial"), entries=(evidence.entry,), base_dir=".")
    (result,) = judge.judge(manifest, [evidence], policy).results
    return result.verdict, result.failed, result.reasons


def requests_to(hub: FakeHub, pattern: str) -> int:
    import re

    return sum(1 for _, path in hub.requests if re.search(pattern, path.split("?")[0]))


def files(evidence: Evidence) -> dict[str, str]:
    return {f.name: f.sha256 for f in evidence.files}


# --- the clean baseline -------------------------------------------------------------------------------


def test_clean_fetch_is_the_baseline(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    ev = fetch(hub, tmp_path, MISTRAL)

    assert (ev.complete, ev.fetch_failed, ev.problems) == (True, False, ())
    assert files(ev)["LICENSE"] == sha256((CORPUS / "apache-2.0.txt").read_bytes())
    assert requests_to(hub, r"^/api/models/") == 1
    assert verdict(judge, ev)[0] == "allowed"


# --- model_info: persistent faults fail closed, after a bounded number of attempts -------------------

PERSISTENT = {
    "500": (500, "HTTP 500"),
    "502": (502, "HTTP 502"),
    "503": (503, "HTTP 503"),
    "429": (429, "HTTP 429"),
    "429-retry-after": ("429:retry-after=3", "HTTP 429"),
    "reset": ("reset", "network error"),
    "truncate": ("truncate", "network error"),
    "server-hangs-up": ("hang:0.05", "network error"),
}


@pytest.mark.parametrize("name", list(PERSISTENT))
def test_persistent_fault_on_model_info_is_unknown_naming_checkpoint_and_cause(
    hub: FakeHub, tmp_path: Path, judge: Scanner, sleeps: list[float], name: str
) -> None:
    action, cause = PERSISTENT[name]
    hub.inject(rf"^/api/models/{MISTRAL}$", [action] * 50)

    ev = fetch(hub, tmp_path, MISTRAL, sleeps=sleeps)

    assert ev.fetch_failed and not ev.complete and ev.files == ()
    (problem,) = ev.problems
    assert problem.startswith(f"{MISTRAL}: ") and cause in problem and f"after {ATTEMPTS} attempts" in problem
    assert requests_to(hub, r"^/api/models/") == ATTEMPTS, "retries are bounded"
    assert hub.pending_faults() == 50 - ATTEMPTS
    assert len(sleeps) == ATTEMPTS - 1
    assert all(0 <= s <= hub_module.MAX_WAIT_SECONDS for s in sleeps)
    v, failed, reasons = verdict(judge, ev)
    assert (v, failed) == ("unknown", True)
    assert any(problem in r for r in reasons)


def test_read_timeout_on_model_info_is_unknown(hub: FakeHub, tmp_path: Path, judge: Scanner, monkeypatch) -> None:
    monkeypatch.setattr(hub_module, "HUB_TIMEOUT_SECONDS", 0.1)
    hub.inject(rf"^/api/models/{MISTRAL}$", ["hang:0.5"] * 50)

    ev = fetch(hub, tmp_path, MISTRAL)

    (problem,) = ev.problems
    assert problem.startswith(f"{MISTRAL}: network error") and "Timeout" in problem
    assert requests_to(hub, r"^/api/models/") == ATTEMPTS
    assert verdict(judge, ev)[:2] == ("unknown", True)


# --- transient faults: retried, and the result equals the clean fetch --------------------------------

TRANSIENT = {   # name: (faults for model_info, requests it takes)
    "500": ([500], 2), "502": ([502], 2), "503-twice": ([503, 503], 3), "429": ([429], 2), "reset": (["reset"], 2),
    "truncate": (["truncate"], 2), "server-hangs-up": (["hang:0.05"], 2), "redirect-302": (["redirect"], 2),
    "redirect-307": (["redirect:307"], 2), "delay": (["delay:50"], 1),
}


@pytest.mark.parametrize("name", list(TRANSIENT))
def test_transient_fault_on_model_info_recovers_to_the_clean_result(hub: FakeHub, tmp_path: Path, judge: Scanner, name: str) -> None:
    clean = fetch(hub, tmp_path, MISTRAL)
    hub.requests.clear()
    faults, requests = TRANSIENT[name]
    hub.inject(rf"^/api/models/{MISTRAL}$", faults)

    ev = fetch(hub, tmp_path, MISTRAL)

    assert (ev.complete, ev.fetch_failed, ev.problems) == (True, False, ())
    assert (files(ev), ev.revision, ev.card) == (files(clean), clean.revision, clean.card)
    assert requests_to(hub, r"^/api/models/") == requests
    assert hub.pending_faults() == 0
    assert verdict(judge, ev)[0] == "allowed"


def test_retry_after_is_honoured_and_capped(hub: FakeHub, tmp_path: Path, sleeps: list[float]) -> None:
    hub.inject(rf"^/api/models/{MISTRAL}$", ["429:retry-after=3", "429:retry-after=100000", 429])

    ev = fetch(hub, tmp_path, MISTRAL, sleeps=sleeps)

    assert ev.complete and not ev.problems
    assert sleeps[:2] == [3.0, hub_module.MAX_WAIT_SECONDS]
    assert 0 < sleeps[2] <= hub_module.MAX_WAIT_SECONDS      # no Retry-After: jittered backoff


@pytest.mark.parametrize("action", ["reset", "truncate", 503, "hang:0.05"])
def test_transient_fault_on_a_license_download_recovers(hub: FakeHub, tmp_path: Path, action) -> None:
    clean = fetch(hub, tmp_path, MISTRAL)
    hub.inject(r"/resolve/[0-9a-f]{40}/LICENSE$", [action])

    ev = fetch(hub, tmp_path, MISTRAL)

    assert (ev.complete, ev.problems) == (True, ())
    assert files(ev) == files(clean)


# --- license files: persistent faults leave the evidence incomplete, never allowed ----------------

FILE_FAULTS = {
    "503": 503,
    "500": 500,
    "reset": "reset",
    "truncate": "truncate",
    "server-hangs-up": "hang:0.05",
    "404-entry-not-found": {"status": 404, "headers": {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found"}},
    "404-plain": 404,
    "403": 403,
    "401": 401,
}


@pytest.mark.parametrize("name", list(FILE_FAULTS))
def test_license_file_that_cannot_be_downloaded_is_never_allowed(hub: FakeHub, tmp_path: Path, judge: Scanner, name: str) -> None:
    hub.inject(r"/resolve/[0-9a-f]{40}/LICENSE$", [FILE_FAULTS[name]] * 100)

    ev = fetch(hub, tmp_path, MISTRAL)

    assert not ev.complete and not ev.fetch_failed
    assert "README.md" in files(ev) and "LICENSE" not in files(ev)
    assert requests_to(hub, r"/LICENSE$") <= PER_FILE_BOUND, "retries are bounded"
    assert hub.pending_faults() > 0
    v, failed, reasons = verdict(judge, ev)
    assert v != "allowed" and failed, reasons       # the card says apache-2.0, but the text was not read
    assert any("evidence incomplete" in r for r in reasons)


@pytest.mark.parametrize("name", list(FILE_FAULTS))
def test_license_download_problem_names_the_file_and_the_cause(hub: FakeHub, tmp_path: Path, name: str) -> None:
    hub.inject(r"/resolve/[0-9a-f]{40}/LICENSE$", [FILE_FAULTS[name]] * 100)

    ev = fetch(hub, tmp_path, MISTRAL)

    (problem,) = ev.problems
    assert "LICENSE" in problem, f"which file could not be read? {problem!r}"


def test_card_that_cannot_be_downloaded_is_never_allowed(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    hub.inject(r"/resolve/[0-9a-f]{40}/README\.md$", [503] * 100)

    ev = fetch(hub, tmp_path, MISTRAL)

    assert not ev.complete and "LICENSE" in files(ev)
    assert any("README.md" in p for p in ev.problems)
    assert verdict(judge, ev)[0] != "allowed"


# --- gated, private, missing, moved ----------------------------------------------------------------------


@pytest.mark.parametrize(("token", "status"), [(False, 401), (UNAPPROVED_TOKEN, 403)], ids=["no-token-401", "unapproved-403"])
def test_gated_repo_without_access_is_not_allowed_even_under_mit(hub: FakeHub, tmp_path: Path, judge: Scanner, token, status) -> None:
    ev = fetch(hub, tmp_path, GATED_MIT, token=token)

    assert (ev.gated, ev.complete, ev.fetch_failed, ev.files) == (True, False, False, ())
    assert ev.card.licenses == ("mit",)                       # from the Hub's cardData
    # what to do differs: without a token, set one; with a token not yet granted, request access
    fix = "HF_TOKEN" if status == 401 else "request access on"
    assert any(f"{GATED_MIT} is gated" in p and fix in p for p in ev.problems), ev.problems
    assert requests_to(hub, r"/resolve/") <= 2 * PER_FILE_BOUND
    v, failed, _ = verdict(judge, ev)
    assert (v, failed) == ("unknown", True)


def test_gated_repo_with_access_is_judged_on_its_text(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    """The control for the test above: with an approved token the same repo is MIT, allowed."""
    ev = fetch(hub, tmp_path, GATED_MIT, token=VALID_TOKEN)

    assert ev.complete and files(ev)["LICENSE"] == sha256((CORPUS / "mit.txt").read_bytes())
    assert verdict(judge, ev)[0] == "allowed"


def test_gated_repo_on_metadata_only_when_the_policy_says_so(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    ev = fetch(hub, tmp_path, GATED_MIT)

    trusted = Policy(trust_metadata=(TrustedMetadata(GATED_MIT, "license accepted on the Hub by legal"),))
    v, _, reasons = verdict(judge, ev, trusted)
    assert v == "allowed" and any("trust_metadata" in r and "license accepted on the Hub by legal" in r for r in reasons)


def test_real_gated_llama_without_token_is_not_allowed(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    ev = fetch(hub, tmp_path, "meta-llama/Llama-3.1-8B")

    assert ev.gated and not ev.complete
    assert verdict(judge, ev)[0] != "allowed"


@pytest.mark.parametrize(
    ("ref", "revision", "expected"),
    [
        ("acme/does-not-exist", None, "acme/does-not-exist: repository not found"),
        ("acme/private-model", None, "acme/private-model: repository not found (private or gated: set HF_TOKEN)"),
        ("openai/whisper-small", "v9.9", "openai/whisper-small: revision 'v9.9' not found on the Hub"),
        ("openai/whisper-small", "deadbeef" * 5, f"openai/whisper-small: revision '{'deadbeef' * 5}' not found on the Hub"),
    ],
    ids=["missing-repo", "private-repo-401", "missing-branch", "missing-commit"],
)
def test_permanent_errors_are_not_retried_and_are_unknown(hub: FakeHub, tmp_path: Path, judge: Scanner, ref, revision, expected) -> None:
    ev = fetch(hub, tmp_path, ref, revision)

    assert ev.fetch_failed and ev.problems == (expected,)
    assert len(hub.requests) == 1, "a permanent error is not retried"
    assert verdict(judge, ev)[:2] == ("unknown", True)


def test_pinned_revision_is_read_after_the_branch_moved(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    ev = fetch(hub, tmp_path, MOVING, MOVING_A)

    assert ev.revision == MOVING_A
    assert files(ev)["LICENSE"] == sha256((CORPUS / "mit.txt").read_bytes())
    downloads = [p for _, p in hub.requests if "/resolve/" in p]
    assert downloads and all(f"/resolve/{MOVING_A}/" in p for p in downloads)
    assert verdict(judge, ev)[0] == "allowed"


def test_hub_answering_another_commit_than_pinned_is_unknown(hub: FakeHub, tmp_path: Path, judge: Scanner) -> None:
    """The revision moved under us (here: the Hub answers for commit B when asked for A)."""
    hub.inject(rf"^/api/models/{MOVING}/revision/{MOVING_A}$", [f"redirect:302:/api/models/{MOVING}/revision/{MOVING_B}"])

    ev = fetch(hub, tmp_path, MOVING, MOVING_A)

    assert ev.fetch_failed and ev.files == ()
    assert ev.problems == (f"{MOVING}: asked for revision {MOVING_A} but the Hub answered with {MOVING_B}",)
    assert not any("/resolve/" in p for _, p in hub.requests), "nothing is downloaded from the wrong commit"
    assert verdict(judge, ev)[:2] == ("unknown", True)


def test_unpinned_entry_records_the_commit_it_read(hub: FakeHub, tmp_path: Path) -> None:
    manifest_path = tmp_path / "models.lock"
    manifest_path.write_text(f"version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - id: {MOVING}\n    revision: main\n")
    manifest, warnings = parse_manifest(manifest_path)

    ev = fetch(hub, tmp_path, MOVING, "main")

    assert ev.revision == MOVING_B                         # what main points at now, recorded
    assert any("is a branch or tag, not a commit" in w for w in warnings)


# --- whole manifests -------------------------------------------------------------------------------

MIXED = [
    ("mistralai/Mistral-7B-v0.1", None),
    ("acme/does-not-exist", None),                 # 404
    ("facebook/musicgen-small", None),
    ("openai/gpt-oss-20b", None),                  # model_info persistently 503 (injected)
    ("openai/whisper-small", "v9.9"),              # missing revision
    ("stabilityai/stable-diffusion-xl-base-1.0", None),
    ("Qwen/Qwen-7B", None),                        # LICENSE persistently reset (injected)
    ("acme/moving-model", MOVING_A),
]


def mixed_manifest(tmp_path: Path) -> Path:
    body = "".join(f"  - id: {ref}\n" + (f"    revision: {rev}\n" if rev else "") for ref, rev in MIXED)
    path = tmp_path / "models.lock"
    path.write_text("version: 1\nproject:\n  name: t\n  use: commercial\n  monthly_active_users: 1000\nmodels:\n" + body, encoding="utf-8")
    return path


def inject_mixed_faults(hub: FakeHub) -> None:
    hub.clear_faults()
    hub.inject(r"^/api/models/openai/gpt-oss-20b$", [503] * 100)
    hub.inject(r"^/Qwen/Qwen-7B/resolve/[0-9a-f]{40}/LICENSE$", ["reset"] * 200)


def test_manifest_with_unreachable_checkpoints_reports_all_others_in_order(hub: FakeHub, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(hub_module, "_wait", lambda exc, attempt: 0.0)
    manifest, warnings = parse_manifest(mixed_manifest(tmp_path))
    inject_mixed_faults(hub)

    report = Scanner(options=Options(endpoint=hub.endpoint, token=False, cache_dir=str(tmp_path / "c"), jobs=4)).run(manifest, None, warnings)

    assert [r.entry.ref for r in report.results] == [ref for ref, _ in MIXED]
    by_id = {r.entry.ref: r for r in report.results}
    for ref, cause in [("acme/does-not-exist", "repository not found"), ("openai/gpt-oss-20b", "HTTP 503"),
                       ("openai/whisper-small", "revision 'v9.9' not found")]:
        result = by_id[ref]
        assert (result.verdict, result.failed) == ("unknown", True)
        assert any(p.startswith(f"{ref}: ") and cause in p for p in result.evidence.problems), result.evidence.problems
    assert by_id["Qwen/Qwen-7B"].verdict != "allowed" and not by_id["Qwen/Qwen-7B"].evidence.complete
    # the reachable ones are judged on their real texts
    assert (by_id[MISTRAL].verdict, by_id[MISTRAL].classification.license_id) == ("allowed", "apache-2.0")
    assert (by_id["facebook/musicgen-small"].verdict, by_id["facebook/musicgen-small"].classification.license_id) == ("denied", "cc-by-nc-4.0")
    assert by_id["acme/moving-model"].classification.license_id == "mit"
    assert by_id["stabilityai/stable-diffusion-xl-base-1.0"].evidence.complete
    assert report.failed


@pytest.fixture
def cli_hub_env(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)           # read by licscan at run time
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")      # a fixed report timestamp
    monkeypatch.setattr(hub_module, "_wait", lambda exc, attempt: 0.0)


def run_check(tmp_path: Path, hub: FakeHub, monkeypatch, jobs: int, name: str):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / f"cache-{name}"))   # cold each time
    inject_mixed_faults(hub)
    return CliRunner().invoke(main, ["check", str(mixed_manifest(tmp_path)), "--format", "json", "--jobs", str(jobs)])


def test_cli_exits_non_zero_and_names_the_unreachable_checkpoints(hub: FakeHub, tmp_path: Path, cli_hub_env, monkeypatch) -> None:
    result = run_check(tmp_path, hub, monkeypatch, 4, "cli")

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    checkpoints = json.loads(result.stdout)["checkpoints"]
    assert [c["id"] for c in checkpoints] == [ref for ref, _ in MIXED]
    missing = next(c for c in checkpoints if c["id"] == "acme/does-not-exist")
    assert missing["verdict"] == "unknown" and missing["failed"]
    assert "acme/does-not-exist: repository not found" in missing["source"]["problems"]
    terminal = CliRunner().invoke(main, ["check", str(mixed_manifest(tmp_path)), "--jobs", "4"])
    assert terminal.exit_code == 1 and "acme/does-not-exist" in terminal.stdout and "repository not found" in terminal.stdout


def test_jobs_8_and_jobs_1_give_the_same_report(hub: FakeHub, tmp_path: Path, cli_hub_env, monkeypatch) -> None:
    parallel = run_check(tmp_path, hub, monkeypatch, 8, "parallel")
    serial = run_check(tmp_path, hub, monkeypatch, 1, "serial")

    assert parallel.exit_code == serial.exit_code == 1
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)
    assert parallel.stdout == serial.stdout


def test_jobs_8_with_latency_keeps_manifest_order(hub: FakeHub, tmp_path: Path, cli_hub_env, monkeypatch) -> None:
    """Slow answers finish out of order; the report is still in manifest order and complete."""
    hub.set_latency(20)
    result = run_check(tmp_path, hub, monkeypatch, 8, "latency")

    assert [c["id"] for c in json.loads(result.stdout)["checkpoints"]] == [ref for ref, _ in MIXED]

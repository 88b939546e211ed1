"""licscan's Hub source, replayed from cassettes recorded against the local fake Hub (tests/fakehub).

No test here talks to a server: every HTTP exchange comes from tests/cassettes/test_hub_source/.
Re-record them (fake Hub started on 127.0.0.1:8765 by the fixtures) with
``VCR_RECORD_MODE=all python -m pytest tests -m hub_cassette`` -- see docs/testing.md.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from licscan.model import Evidence, ManifestEntry
from licscan.sources import hub as hub_module
from licscan.sources.hub import HubSource
from tests.fakehub.server import REPOS_DIR, UNAPPROVED_TOKEN, load_repos

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "license_texts"
CASSETTES = Path(__file__).resolve().parent / "cassettes" / "test_hub_source"
REPOS = load_repos()

MOVING = "acme/moving-model"
MOVING_A, MOVING_B = list(REPOS[MOVING].commits)        # main moved from A to B


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def repo_file(repo_id: str, name: str) -> bytes:
    return (REPOS_DIR / repo_id / name).read_bytes()


def main_sha(repo_id: str) -> str:
    return REPOS[repo_id].branches["main"]


def fetch(source: HubSource, ref: str, revision: str | None = None) -> Evidence:
    return source.fetch(ManifestEntry(ref=ref, kind="hub", line=1, revision=revision))


def files_by_name(evidence: Evidence) -> dict:
    return {f.name: f for f in evidence.files}


def resolve_paths(cassette) -> list[str]:
    return [r.path for r in cassette.requests if "/resolve/" in r.path]


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def source(fake_hub_endpoint: str, hub_cache: Path, hub_cassette, sleeps: list[float]) -> HubSource:
    return HubSource(endpoint=fake_hub_endpoint, token=False, cache_dir=hub_cache, offline=False, sleep=sleeps.append)


# --- what an ungated repository yields ---------------------------------------------------------


def test_hub_fetch_resolves_commit_and_reads_license_and_card(source: HubSource, hub_cassette) -> None:
    ev = fetch(source, "mistralai/Mistral-7B-v0.1")

    assert (ev.source, ev.revision) == ("hub", main_sha("mistralai/Mistral-7B-v0.1"))
    assert (ev.complete, ev.fetch_failed, ev.gated, ev.problems) == (True, False, False, ())
    files = files_by_name(ev)
    assert sorted(files) == ["LICENSE", "README.md"]            # weights and config.json are not fetched
    assert files["LICENSE"].sha256 == sha256(corpus("apache-2.0.txt"))
    assert files["LICENSE"].size == len(corpus("apache-2.0.txt"))
    assert files["LICENSE"].role == "license"
    assert files["README.md"].sha256 == sha256(repo_file("mistralai/Mistral-7B-v0.1", "README.md"))
    assert files["README.md"].role == "card"
    assert ev.card.licenses == ("apache-2.0",)
    assert ev.card.tags == ("pretrained",)
    assert ev.card.base_models == ()
    assert "# Model Card for Mistral-7B-v0.1" in ev.card_body
    # Downloads are pinned to the commit model_info resolved, not to "main".
    assert resolve_paths(hub_cassette) and all(f"/resolve/{ev.revision}/" in p for p in resolve_paths(hub_cassette))


CASES = {
    # repo: (card licenses, license_name, license_link, {file: expected bytes (None = the repo's own copy)})
    "stabilityai/stable-diffusion-xl-base-1.0": (("openrail++",), None, None, {"LICENSE.md": corpus("openrail++-m.txt")}),
    "Qwen/Qwen-7B": (
        ("other",),
        "tongyi-qianwen-license-agreement",
        "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT",
        {"LICENSE": corpus("tongyi-qianwen.txt")},
    ),
    "stabilityai/stable-diffusion-3.5-large": (
        ("other",), "stabilityai-ai-community", "LICENSE.md", {"LICENSE.md": corpus("stability-community.txt")},
    ),
    "openai/gpt-oss-20b": (
        ("apache-2.0",), None, None,
        {"LICENSE": corpus("apache-2.0.txt"), "USE_POLICY.md": corpus("gpt-oss-usage-policy.txt")},
    ),
    "facebook/musicgen-small": (("cc-by-nc-4.0",), None, None, {}),
    "openai/whisper-small": (("apache-2.0",), None, None, {}),
    "acme/custom-license-model": (("other",), "acme-model-license-1.0", "LICENSE", {"LICENSE": None}),
    "acme/no-license-model": ((), None, None, {}),
    "acme/llama-3.1-8b-modified-terms": (
        ("llama3.1",), None, None,
        {"LICENSE": corpus("llama3.1.txt").replace(b"700 million", b"7 billion")},
    ),
}


@pytest.mark.parametrize("repo_id", list(CASES), ids=lambda r: r.replace("/", "_"))
def test_hub_fetch_card_fields_and_license_files(source: HubSource, repo_id: str) -> None:
    licenses, license_name, license_link, expected = CASES[repo_id]

    ev = fetch(source, repo_id)

    assert ev.revision == main_sha(repo_id)
    assert (ev.complete, ev.fetch_failed, ev.gated, ev.problems) == (True, False, False, ())
    assert (ev.card.licenses, ev.card.license_name, ev.card.license_link) == (licenses, license_name, license_link)
    assert ev.card.declares_license == bool(licenses)
    files = files_by_name(ev)
    assert sorted(files) == sorted(["README.md", *expected])
    for name, data in expected.items():
        data = repo_file(repo_id, name) if data is None else data
        assert files[name].sha256 == sha256(data), name
        assert files[name].size == len(data)
    if "USE_POLICY.md" in files:
        assert files["USE_POLICY.md"].role == "use-policy"


def test_hub_modified_license_is_served_as_altered(source: HubSource) -> None:
    ev = fetch(source, "acme/llama-3.1-8b-modified-terms")

    text = files_by_name(ev)["LICENSE"].text
    assert "greater than 7 billion monthly active users" in text
    assert files_by_name(ev)["LICENSE"].sha256 != sha256(corpus("llama3.1.txt"))


# --- lineage metadata --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_id", "licenses", "base_models", "relation", "names"),
    [
        ("acme/llama-3.1-8b-support-ft", ("apache-2.0",), ("meta-llama/Llama-3.1-8B-Instruct",), None, ["LICENSE", "README.md"]),
        ("acme/llama-3.1-8b-support-ft-GGUF", ("llama3.1",), ("acme/llama-3.1-8b-support-ft",), "quantized", ["README.md"]),
        ("acme/llama-3.1-8b-support-lora", ("llama3.1",), ("meta-llama/Llama-3.1-8B-Instruct",), "adapter", ["README.md"]),
    ],
    ids=["finetune", "quantized", "adapter"],
)
def test_hub_fetch_lineage_fields(source: HubSource, repo_id, licenses, base_models, relation, names) -> None:
    ev = fetch(source, repo_id)

    assert ev.revision == main_sha(repo_id)
    assert ev.card.licenses == licenses
    assert ev.card.base_models == base_models
    assert ev.card.base_model_relation == relation
    assert sorted(files_by_name(ev)) == names
    if "LICENSE" in names:
        assert files_by_name(ev)["LICENSE"].sha256 == sha256(corpus("apache-2.0.txt"))


# --- gated, private, missing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_id", "licenses", "license_name", "base_models"),
    [
        ("meta-llama/Llama-3.1-8B", ("llama3.1",), None, ()),
        ("meta-llama/Llama-3.1-8B-Instruct", ("llama3.1",), None, ("meta-llama/Llama-3.1-8B",)),
        ("black-forest-labs/FLUX.1-dev", ("other",), "flux-1-dev-non-commercial-license", ()),
        ("google/gemma-2-2b", ("gemma",), None, ()),
    ],
    ids=["llama-3.1-8b", "llama-3.1-8b-instruct", "flux.1-dev", "gemma-2-2b"],
)
def test_hub_gated_repo_without_token_is_incomplete(source: HubSource, repo_id, licenses, license_name, base_models) -> None:
    ev = fetch(source, repo_id)

    assert ev.revision == main_sha(repo_id)
    assert (ev.gated, ev.complete, ev.fetch_failed, ev.files) == (True, False, False, ())
    # The card comes from model_info's cardData, since README.md itself is gated too.
    assert (ev.card.licenses, ev.card.license_name, ev.card.base_models) == (licenses, license_name, base_models)
    assert any("gated" in p and "HF_TOKEN" in p for p in ev.problems), ev.problems
    assert any(p.startswith("README.md: gated") for p in ev.problems), ev.problems


def test_hub_missing_repo_fails_fetch(source: HubSource) -> None:
    ev = fetch(source, "acme/does-not-exist")

    assert (ev.fetch_failed, ev.complete, ev.revision, ev.files) == (True, False, None, ())
    assert len(ev.problems) == 1 and "not found" in ev.problems[0]


def test_hub_private_repo_without_token_fails_fetch(source: HubSource) -> None:
    ev = fetch(source, "acme/private-model")

    assert ev.fetch_failed
    assert "not found" in ev.problems[0] and "HF_TOKEN" in ev.problems[0]


def test_hub_missing_revision_fails_fetch(source: HubSource) -> None:
    named = fetch(source, "openai/whisper-small", revision="v9.9")
    pinned = fetch(source, "openai/whisper-small", revision="deadbeef" * 5)

    assert named.fetch_failed and pinned.fetch_failed
    assert "revision 'v9.9' not found" in named.problems[0]
    assert named.revision is None
    assert f"revision '{'deadbeef' * 5}' not found" in pinned.problems[0]
    assert pinned.revision == "deadbeef" * 5


# --- transient faults (injected into the fake Hub while recording) -----------------------------


def test_hub_429_on_model_info_is_retried(source: HubSource, fake_hub, hub_cassette, sleeps: list[float]) -> None:
    fake_hub.inject(r"^/api/models/openai/whisper-small$", ["429:retry-after=2", 429], method="GET")

    ev = fetch(source, "openai/whisper-small")

    assert (ev.fetch_failed, ev.complete, ev.revision) == (False, True, main_sha("openai/whisper-small"))
    statuses = [r["status"]["code"] for r in hub_cassette.responses]
    assert statuses[:3] == [429, 429, 200]
    assert sleeps[0] == 2.0                      # Retry-After honoured
    assert 0.5 <= sleeps[1] <= 1.5               # then jittered backoff
    assert len(sleeps) == 2


def test_hub_persistent_503_fails_fetch_naming_the_status(source: HubSource, fake_hub, hub_cassette, sleeps: list[float]) -> None:
    attempts = hub_module.MAX_ATTEMPTS
    fake_hub.inject(r"^/api/models/openai/whisper-small$", [503] * attempts, method="GET")

    ev = fetch(source, "openai/whisper-small")

    assert ev.fetch_failed and not ev.complete
    assert "HTTP 503" in ev.problems[0] and f"after {attempts} attempts" in ev.problems[0]
    assert [r["status"]["code"] for r in hub_cassette.responses] == [503] * attempts
    assert len(sleeps) == attempts - 1


# --- revisions ---------------------------------------------------------------------------------


def test_hub_pinned_revision_is_used_for_every_download(source: HubSource, hub_cassette) -> None:
    old = fetch(source, MOVING, revision=MOVING_A)
    new = fetch(source, MOVING)

    assert old.revision == MOVING_A and new.revision == MOVING_B == main_sha(MOVING)
    assert files_by_name(old)["LICENSE"].sha256 == sha256(corpus("mit.txt"))
    assert files_by_name(new)["LICENSE"].sha256 == sha256(corpus("apache-2.0.txt"))
    assert (old.card.licenses, new.card.licenses) == (("mit",), ("apache-2.0",))
    paths = [r.path for r in hub_cassette.requests]
    assert paths[0] == f"/api/models/{MOVING}/revision/{MOVING_A}"
    assert f"/api/models/{MOVING}" in paths
    downloads = resolve_paths(hub_cassette)
    assert {p.split("/resolve/")[1].split("/")[0] for p in downloads} == {MOVING_A, MOVING_B}
    assert not any("/resolve/main/" in p for p in downloads)


# --- the cassettes themselves ------------------------------------------------------------------


def test_hub_request_missing_from_cassette_fails_loudly(hub_cache: Path, tmp_path: Path, fake_hub_endpoint: str) -> None:
    recorded = CASSETTES / "test_hub_fetch_resolves_commit_and_reads_license_and_card.yaml"
    assert recorded.is_file(), f"{recorded} is missing: record the Hub cassettes (docs/testing.md)"
    shutil.copy(recorded, tmp_path / "mistral-only.yaml")
    replay_only = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="none")
    source = HubSource(endpoint=fake_hub_endpoint, token=False, cache_dir=hub_cache, offline=False, sleep=lambda s: None)

    with replay_only.use_cassette("mistral-only.yaml"), pytest.raises(CannotOverwriteExistingCassetteException):
        fetch(source, "openai/whisper-small")          # never recorded: must not pass silently


# --- gated: three situations, three different fixes ----------------------------------------------


@pytest.fixture
def token_source(fake_hub_endpoint: str, hub_cache: Path, hub_cassette, sleeps: list[float], request) -> HubSource:
    return HubSource(endpoint=fake_hub_endpoint, token=request.param, cache_dir=hub_cache, offline=False, sleep=sleeps.append)


@pytest.mark.parametrize("token_source", [UNAPPROVED_TOKEN], indirect=True, ids=["unapproved-token"])
def test_hub_gated_repo_with_a_token_not_yet_granted_says_to_request_access(token_source: HubSource, fake_hub_endpoint: str) -> None:
    ev = fetch(token_source, "meta-llama/Llama-3.1-8B")

    assert (ev.gated, ev.complete, ev.fetch_failed) == (True, False, False)
    assert "LICENSE: gated, not readable without access (HTTP 403)" in ev.problems
    advice = ev.problems[-1]
    assert advice == (f"meta-llama/Llama-3.1-8B is gated and your token has not been granted access yet: request access on "
                      f"{fake_hub_endpoint}/meta-llama/Llama-3.1-8B (some publishers approve by hand), then run again")


def test_hub_gated_repo_without_a_token_says_to_accept_and_set_hf_token(source: HubSource, fake_hub_endpoint: str) -> None:
    ev = fetch(source, "google/gemma-2-2b")

    assert "README.md: gated, not readable without access (HTTP 401)" in ev.problems
    assert ev.problems[-1] == (f"google/gemma-2-2b is gated: accept its license on {fake_hub_endpoint}/google/gemma-2-2b "
                               "and set HF_TOKEN to read the license files")


@pytest.mark.parametrize("token_source", ["hf_not_a_real_token"], indirect=True, ids=["invalid-token"])
def test_hub_invalid_token_is_named_not_taken_for_a_missing_repo(token_source: HubSource) -> None:
    ev = fetch(token_source, "meta-llama/Llama-3.1-8B")

    assert ev.fetch_failed
    assert ev.problems == ("meta-llama/Llama-3.1-8B: the Hub refused HF_TOKEN (HTTP 401, invalid credentials): "
                           "check that the token is valid and not expired",)

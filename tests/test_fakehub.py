"""The fake Hub itself, live on an ephemeral 127.0.0.1 port (no cassette), through huggingface_hub."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from tests.fakehub.server import UNAPPROVED_TOKEN, VALID_TOKEN, FakeHub, load_repos, parse_fault, running

CORPUS = Path(__file__).resolve().parents[1] / "license_texts"
REPOS = load_repos()
MOVING_A, MOVING_B = list(REPOS["acme/moving-model"].commits)


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with running(port=0) as server:      # ephemeral: never collides with the fixed recording port
        yield server


@pytest.fixture(autouse=True)
def _clean(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import huggingface_hub.utils._http

    monkeypatch.setattr(huggingface_hub.utils._http.time, "sleep", lambda seconds: None)
    hub.clear_faults()
    hub.set_latency(0)
    yield
    hub.clear_faults()


@pytest.fixture
def api(hub: FakeHub) -> HfApi:
    return HfApi(endpoint=hub.endpoint, token=False)


def test_serves_every_repository_directory() -> None:
    assert {"meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.1", "acme/moving-model", "acme/private-model"} <= set(REPOS)
    for repo in REPOS.values():
        assert repo.branches["main"] in repo.commits
        assert "README.md" in repo.commits[repo.branches["main"]].files


def test_model_info_carries_card_data_gating_and_tags(api: HfApi) -> None:
    info = api.model_info("meta-llama/Llama-3.1-8B-Instruct")

    assert info.id == "meta-llama/Llama-3.1-8B-Instruct"
    assert info.sha == REPOS[info.id].branches["main"]
    assert (info.gated, info.private, info.disabled) == ("manual", False, False)
    assert info.card_data.license == "llama3.1"
    assert info.card_data.base_model == "meta-llama/Llama-3.1-8B"
    assert {"LICENSE", "USE_POLICY.md", "README.md"} <= {s.rfilename for s in info.siblings}
    assert {"license:llama3.1", "base_model:meta-llama/Llama-3.1-8B"} <= set(info.tags)

    gguf = api.model_info("acme/llama-3.1-8b-support-ft-GGUF", expand=["baseModels", "sha", "cardData"])
    assert gguf.base_models == {"relation": "quantized", "models": [{"id": "acme/llama-3.1-8b-support-ft"}]}
    assert gguf.card_data.get("base_model_relation") == "quantized"


def test_repo_ids_are_matched_case_insensitively_as_the_hub_does(api: HfApi, tmp_path: Path) -> None:
    # huggingface_hub#2090 / #1453: the Hub answers "mistralai/mistral-7b-v0.1" as mistralai/Mistral-7B-v0.1, under
    # its own id (a real LoRA card declares base_model meta-llama/Llama-3.2-1B-instruct)
    info = api.model_info("mistralai/mistral-7b-V0.1")
    path = api.hf_hub_download("MistralAI/Mistral-7B-v0.1", "LICENSE", cache_dir=tmp_path)

    assert info.id == "mistralai/Mistral-7B-v0.1"
    assert Path(path).read_bytes() == (CORPUS / "apache-2.0.txt").read_bytes()
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("mistralai/Mistral-7B-v0.2")


def test_download_serves_corpus_bytes_with_hub_headers(api: HfApi, hub: FakeHub, tmp_path: Path) -> None:
    path = api.hf_hub_download("mistralai/Mistral-7B-v0.1", "LICENSE", cache_dir=tmp_path)

    assert Path(path).read_bytes() == (CORPUS / "apache-2.0.txt").read_bytes()
    sha = REPOS["mistralai/Mistral-7B-v0.1"].branches["main"]
    assert f"/snapshots/{sha}/LICENSE" in Path(path).as_posix()
    head = httpx2.head(f"{hub.endpoint}/mistralai/Mistral-7B-v0.1/resolve/main/LICENSE")
    data = (CORPUS / "apache-2.0.txt").read_bytes()
    assert head.headers["x-repo-commit"] == sha
    git_blob_sha = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    assert head.headers["etag"] == f'"{git_blob_sha}"'
    assert int(head.headers["content-length"]) == len(data)


def test_error_classes(api: HfApi, hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(RepositoryNotFoundError) as missing:
        api.model_info("acme/does-not-exist")
    assert missing.value.response.status_code == 404
    with pytest.raises(RevisionNotFoundError):
        api.model_info("openai/whisper-small", revision="v9.9")
    with pytest.raises(RemoteEntryNotFoundError):
        api.hf_hub_download("openai/whisper-small", "LICENSE", cache_dir=tmp_path)
    with pytest.raises(GatedRepoError) as gated:
        api.hf_hub_download("meta-llama/Llama-3.1-8B", "LICENSE", cache_dir=tmp_path)
    assert gated.value.response.status_code == 401
    with pytest.raises(RepositoryNotFoundError) as private:
        api.model_info("acme/private-model")
    assert private.value.response.status_code == 401 and not isinstance(private.value, GatedRepoError)
    with pytest.raises(HfHubHTTPError) as bad_token:
        HfApi(endpoint=hub.endpoint, token="hf_not_a_token").model_info("openai/whisper-small")
    assert bad_token.value.response.status_code == 401


def test_tokens_open_private_and_gated_repos(hub: FakeHub, tmp_path: Path) -> None:
    approved = HfApi(endpoint=hub.endpoint, token=VALID_TOKEN)
    assert approved.model_info("acme/private-model").private is True
    path = approved.hf_hub_download("black-forest-labs/FLUX.1-dev", "LICENSE.md", cache_dir=tmp_path)
    assert Path(path).read_bytes() == (CORPUS / "flux1-dev-noncommercial.txt").read_bytes()
    with pytest.raises(GatedRepoError) as denied:
        HfApi(endpoint=hub.endpoint, token=UNAPPROVED_TOKEN).hf_hub_download(
            "black-forest-labs/FLUX.1-dev", "LICENSE.md", cache_dir=tmp_path / "other"
        )
    assert denied.value.response.status_code == 403


def test_revisions_branches_and_tree(api: HfApi, tmp_path: Path) -> None:
    assert api.model_info("acme/moving-model").sha == MOVING_B
    assert api.model_info("acme/moving-model", revision=MOVING_A).sha == MOVING_A
    assert api.model_info("acme/moving-model", revision=MOVING_A[:10]).sha == MOVING_A
    old = api.hf_hub_download("acme/moving-model", "LICENSE", revision=MOVING_A, cache_dir=tmp_path)
    assert Path(old).read_bytes() == (CORPUS / "mit.txt").read_bytes()
    assert "unet/config.json" in api.list_repo_files("stabilityai/stable-diffusion-xl-base-1.0")
    top = {e.path: type(e).__name__ for e in api.list_repo_tree("stabilityai/stable-diffusion-xl-base-1.0")}
    assert top["unet"] == "RepoFolder" and top["LICENSE.md"] == "RepoFile"


def test_status_faults_are_consumed_in_order(api: HfApi, hub: FakeHub) -> None:
    hub.inject(r"^/api/models/openai/whisper-small$", ["429:retry-after=7", 429, 503])

    for status, retry_after in ((429, "7"), (429, None), (503, None)):
        with pytest.raises(HfHubHTTPError) as err:
            api.model_info("openai/whisper-small")
        assert err.value.response.status_code == status
        assert err.value.response.headers.get("retry-after") == retry_after
    assert hub.pending_faults() == 0
    assert api.model_info("openai/whisper-small").sha == REPOS["openai/whisper-small"].branches["main"]


def test_connection_faults(api: HfApi, hub: FakeHub, tmp_path: Path) -> None:
    hub.inject(r"/openai/whisper-small$", ["reset", "hang:0.1"])
    with pytest.raises(httpx2.ReadError):
        api.model_info("openai/whisper-small")
    with pytest.raises(httpx2.RemoteProtocolError):
        api.model_info("openai/whisper-small")

    hub.inject(r"/resolve/", ["truncate"], method="GET")   # huggingface_hub resumes with a Range request
    path = api.hf_hub_download("Qwen/Qwen-7B", "LICENSE", cache_dir=tmp_path)
    assert Path(path).read_bytes() == (CORPUS / "tongyi-qianwen.txt").read_bytes()
    assert [m for m, p in hub.requests[-3:]] == ["HEAD", "GET", "GET"]


def test_redirect_delay_and_latency(api: HfApi, hub: FakeHub) -> None:
    hub.inject(r"^/api/models/openai/whisper-small$", ["redirect:307"])
    before = len(hub.requests)
    assert api.model_info("openai/whisper-small").id == "openai/whisper-small"   # 307 then the real answer
    assert len(hub.requests) - before == 2
    # Delays still answer correctly (how long they take is the benchmarks' business, not a test's).
    hub.inject(r"^/api/models/openai/whisper-small$", ["delay:150"])
    assert api.model_info("openai/whisper-small").id == "openai/whisper-small"
    hub.set_latency(100)
    assert api.model_info("openai/whisper-small").id == "openai/whisper-small"


def test_http_control_endpoints(api: HfApi, hub: FakeHub) -> None:
    r = httpx2.post(f"{hub.endpoint}/_fakehub/faults", json={"path": "whisper-small$", "actions": [502], "method": "GET"})
    assert r.json() == {"pending": 1}
    with pytest.raises(HfHubHTTPError) as err:
        api.model_info("openai/whisper-small")
    assert err.value.response.status_code == 502
    assert httpx2.put(f"{hub.endpoint}/_fakehub/latency", json={"ms": 0}).json() == {"ms": 0}
    assert ["GET", "/api/models/openai/whisper-small"] in httpx2.get(f"{hub.endpoint}/_fakehub/requests").json()
    assert httpx2.post(f"{hub.endpoint}/_fakehub/faults", json={"path": "x", "actions": ["bogus"]}).status_code == 400


def test_unknown_fault_actions_are_rejected() -> None:
    for bad in ("explode", True, {"nothing": 1}, "12"):
        with pytest.raises(ValueError):
            parse_fault(bad)

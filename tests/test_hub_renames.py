"""Repos the Hub moved, and the owner-less ids cards still link. In January 2024 the Hub moved its "canonical" models
(no owner) under organisations and answers the old ids by redirect (huggingface/transformers#28795): a card written
before, "a fine-tuned version of [bert-large-uncased](https://huggingface.co/bert-large-uncased)", names its base by
such an id. licscan follows it (a base that cannot be read leaves the terms unknown); the fake Hub redirects as the
Hub does, through huggingface_hub."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from huggingface_hub import HfApi, hf_hub_download

from licscan.base_ids import prose_base_ids, source_base_ids
from licscan.classify.named_sources import named_source_ids
from tests.fakehub.server import REPOS_DIR, running
from tests.test_real_card_gaps import case_evidence


def test_the_fake_hub_answers_a_moved_repo_with_a_redirect_huggingface_hub_follows(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    original = REPOS_DIR / "openai" / "whisper-small"
    spec = yaml.safe_load((original / "repo.yaml").read_text(encoding="utf-8"))
    for commit in spec["commits"]:   # the copy's files by absolute path, as the real-card benchmark writes them
        commit["files"] = {name: None if src is None else str((original / src).resolve()) for name, src in commit["files"].items()}
    (repos / "openai" / "whisper-small").mkdir(parents=True)
    (repos / "openai" / "whisper-small" / "repo.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    (repos / "renames.yaml").write_text("whisper-small: openai/whisper-small\nacme/old-name: openai/whisper-small\n")
    with running(port=0, repos_dir=repos) as hub:
        api = HfApi(endpoint=hub.endpoint, token=False)
        for old in ("whisper-small", "acme/old-name", "ACME/Old-Name"):
            assert api.model_info(old).id == "openai/whisper-small"
        path = hf_hub_download("whisper-small", "README.md", endpoint=hub.endpoint, token=False, cache_dir=tmp_path / "c")
        assert Path(path).read_bytes() == (REPOS_DIR / "openai" / "whisper-small" / "README.md").read_bytes()
        moved = [(method, path) for method, path in hub.requests if path.startswith(("/api/models/whisper-small", "/whisper-small"))]
        assert moved and all(method in ("GET", "HEAD") for method, _ in moved)
        with pytest.raises(Exception, match="404|not found|Repository Not Found"):
            api.model_info("bert-base-uncased")   # not moved here: no redirect, no repo


@pytest.mark.parametrize("sentence,base", [
    # Trainer cards before 2024 (round 17's Jorgeutd/bert-large-uncased-finetuned-ner)
    ("This model is a fine-tuned version of [bert-large-uncased](https://huggingface.co/bert-large-uncased) on the "
     "conll2003 dataset.", "bert-large-uncased"),
    ("This model is a fine-tuned version of [gpt2](https://huggingface.co/gpt2) on an unknown dataset.", "gpt2"),
    # an organisation's page is no model's, whatever the link's text; a legacy model id's page is that model's, whatever
    # the link's text (acc90: "[English BERT model](https://huggingface.co/bert-base-uncased)")
    ("This model is a fine-tuned version of [Qwen](https://huggingface.co/Qwen) models.", None),
    ("This model is a fine-tuned version of [our base](https://huggingface.co/gpt2) on an unknown dataset.", "gpt2"),
    ("This model is a fine-tuned version of [deepseek-ai](https://huggingface.co/deepseek-ai) work.", None),
])
def test_a_source_linked_by_an_owner_less_id_is_followed(sentence, base):
    evidence = case_evidence("Jorgeutd__bert-large-uncased-finetuned-ner")
    evidence = replace(evidence, card_body=f"# A model\n\n{sentence}\n")
    found = [repo for repo, _ in named_source_ids(evidence, "someone/a-model")]
    assert found == ([base] if base else []), found


def test_a_real_card_naming_its_base_by_a_legacy_id_has_that_base_followed():
    # Jorgeutd declares apache-2.0 and names bert-large-uncased as what it was fine-tuned from: that base decides too
    evidence = case_evidence("Jorgeutd__bert-large-uncased-finetuned-ner")
    assert [repo for repo, _ in source_base_ids(evidence, evidence.entry.ref)] == ["bert-large-uncased"]


@pytest.mark.parametrize("folder,base", [
    # huggingtweets: no license, "The model is based on a pre-trained [GPT-2](https://huggingface.co/gpt2) which is ..."
    ("huggingtweets__ebuka", "gpt2"),
    # a card that opens "[bert-base-uncased](https://huggingface.co/bert-base-uncased) fine-tuned on the [QNLI](...)"
    ("Li__bert-base-uncased-qnli", "bert-base-uncased"),
])
def test_a_card_with_no_license_is_under_the_legacy_base_it_links(folder, base):
    evidence = case_evidence(folder)
    followed = [repo for repo, _ in prose_base_ids(evidence, evidence.entry.ref)]
    followed += [repo for repo, _ in source_base_ids(evidence, evidence.entry.ref)]
    assert base in followed, followed

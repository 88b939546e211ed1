"""Review31: how lineage counts a base it reaches through another base. A base a config.json names is a guess
(confirmed, at best conditional, when it cannot be read), but the bases a readable checkpoint's own card declares are
declared whatever route reached it; and a merge's declared parent stays declared when a sibling's config.json reached it
first. Built from the real BERT card and license (google-bert/bert-base-uncased, a case)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.test_card_text_reading import BERT
from tests.test_config_lineage import judged, local, not_on_the_hub

GHOST = "ghostlab/private-base-7b"   # a deleted or private repo: the Hub answers 404


def _bert(folder: Path, ref: str, front_matter: str = "", name_or_path: str | None = None):
    folder.mkdir(parents=True)
    card = (BERT / "README.md").read_text(encoding="utf-8")
    (folder / "README.md").write_text(card.replace("license: apache-2.0\n", "license: apache-2.0\n" + front_matter, 1),
                                      encoding="utf-8")
    shutil.copy(BERT / "LICENSE", folder / "LICENSE")
    if name_or_path:
        (folder / "config.json").write_text(json.dumps({"_name_or_path": name_or_path, "model_type": "bert"}), encoding="utf-8")
    return local(folder, ref)


def _fetch(repos):
    return lambda entry: repos[entry.ref] if entry.ref in repos else not_on_the_hub(entry)


def test_a_base_declared_by_a_base_a_config_named_is_declared(tmp_path):
    # the root names acme/mid only in config.json; acme/mid, read, declares base_model: the ghost
    root = _bert(tmp_path / "root", "acme/root", name_or_path="acme/mid")
    mid = _bert(tmp_path / "mid", "acme/mid", front_matter=f"base_model: {GHOST}\n")
    result, ancestors = judged(root, _fetch({"acme/mid": mid}))
    ghost = next(a for a in ancestors if a.repo_id == GHOST)
    assert ghost.undeclared is None and ghost.problem
    assert result.verdict == "unknown", result.reasons


def test_a_merges_declared_parent_stays_declared_when_a_sibling_reached_it_first(tmp_path):
    # base_model: [acme/sib-a, ghost]; acme/sib-a's config.json names the ghost: the merge itself declares it
    merge = _bert(tmp_path / "merge", "acme/merge", front_matter=f"base_model:\n- acme/sib-a\n- {GHOST}\n")
    sibling = _bert(tmp_path / "sib", "acme/sib-a", name_or_path=GHOST)
    result, ancestors = judged(merge, _fetch({"acme/sib-a": sibling}))
    assert [a.undeclared for a in ancestors if a.repo_id == GHOST] == [None]
    assert result.verdict == "unknown", result.reasons


def test_a_base_only_a_config_names_that_cannot_be_read_is_still_a_base_to_confirm(tmp_path):
    # the first link a guess: conditional with the config's words quoted (verdict_rules.undeclared_base_rule)
    root = _bert(tmp_path / "root", "acme/root", name_or_path=GHOST)
    result, ancestors = judged(root, _fetch({}))
    assert [a.undeclared is not None for a in ancestors if a.repo_id == GHOST] == [True]
    assert result.verdict == "conditional", result.reasons

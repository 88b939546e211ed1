"""Review55, on the session's last changes. False allows: a License section or sentence pointing to ANOTHER project's
LICENSE on a code host ("https://github.com/facebookresearch/DiT/blob/main/LICENSE.txt", DiT's terms being CC BY-NC)
counted as the LICENSE the checkpoint ships (acc56); "should not be used commercially", "Please don't use Acme-7B
commercially", "this model or its outputs"; a base table with a blank row or two rows giving the same base. False
blocks: "commercially" of another word ("impersonate commercially available products"), "built on [the paper](
https://huggingface.co/papers/...)" read as a base, a review "by Qualified Professionals" / "by HR staff" read as leave
asked of a party. Cards are reviewer-style prose; the LICENSE files are the corpus's Apache 2.0 and MIT texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.classify.strategies.card_terms import restrictions_reading
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "license-corpus"


def _verdict(tmp_path: Path, card: str, license_text: str = "apache-2.0.txt") -> str:
    folder = tmp_path / "acme-7b"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    shutil.copy(CORPUS / license_text, folder / "LICENSE")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-7b", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors).verdict


APACHE_CARD = "---\nlicense: apache-2.0\n---\n\n# Acme-7B\n\nA 7B text model.\n\n"


@pytest.mark.parametrize("tail", [
    "## License\n\nPlease refer to https://github.com/otherorg/nc-project/blob/main/LICENSE",
    "## License\n\nThe weights follow the [DiT license](https://github.com/facebookresearch/DiT/blob/main/LICENSE.txt).",
    "## License\n\nSee the [LICENSE](https://github.com/facebookresearch/DiT/blob/main/LICENSE.txt) of DiT.",
])
def test_another_projects_license_on_a_code_host_is_not_the_one_shipped(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail) == "unknown"


@pytest.mark.parametrize("tail", ["## License\n\nPlease refer to https://github.com/acme-labs/acme-7b/blob/main/LICENSE",
                                  "See the [LICENSE](https://github.com/acme-labs/Acme-7B/blob/main/LICENSE) for details."])
def test_the_projects_own_license_on_a_code_host_is_the_one_shipped(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail) == "allowed"


@pytest.mark.parametrize("sentence", ["This model should not be used commercially.", "Please don't use Acme-7B commercially.",
                                      "Do not use this model or its outputs commercially."])
def test_not_using_the_model_commercially_is_a_ban(sentence):
    assert [c.license_id for c in restrictions_reading("card terms", sentence, "the card").candidates] == ["card-non-commercial"]


@pytest.mark.parametrize("sentence", ["Do not use this model to impersonate commercially available products.",
                                      "Never use this model to generate commercially misleading advertising claims.",
                                      "Do not use it for commercial hiring decisions without human review by HR staff.",
                                      "Do not use it for commercial decision-making without human review by Qualified Professionals."])
def test_commercially_of_another_word_or_a_professionals_review_is_no_ban(sentence):
    assert restrictions_reading("card terms", sentence, "the card").candidates == ()


def test_a_review_by_a_named_party_still_asks_for_leave():
    reading = restrictions_reading("card terms", "Do not use it for commercial purposes without review by Acme.", "the card")
    assert [c.license_id for c in reading.candidates] == ["card-non-commercial"]


def test_a_paper_or_collection_page_on_the_hub_is_no_base(tmp_path):
    for name, link in {"paper": "https://huggingface.co/papers/2401.00001", "collection": "https://huggingface.co/collections/acme/x-123"}.items():
        (tmp_path / name).mkdir()
        card = f"---\nlicense: mit\n---\n\n# Acme-7B\n\nBuilt on [the work]({link}).\n"
        assert _verdict(tmp_path / name, card, "mit.txt") == "allowed", name


@pytest.mark.parametrize("table", [
    "| Base model | Size |\n|---|---|\n| acme/secret-nc-7b | 7B |\n|  |  |",
    "| Model | Base model |\n|---|---|\n| acme/Acme-7B | acme/secret-nc-7b |\n| acme/Acme-7B-GGUF | acme/secret-nc-7b |",
])
def test_a_base_table_whose_rows_give_one_base_names_it(tmp_path, table):
    assert _verdict(tmp_path, f"---\nlicense: mit\n---\n\n# Acme-7B\n\n{table}\n", "mit.txt") == "unknown"

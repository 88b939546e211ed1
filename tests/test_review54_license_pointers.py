"""Review54: a License section whose pointer to terms on another site is on its second line ("The model weights have
their own terms." / "See https://acme.example.com/terms"), and a License label line whose value only points ("**License**:
see [here](https://acme.example.com/l)"), passed on the card's Apache LICENSE (the corpus text); the same pointer on the
section's first line was unknown (acc55). Pointers to the repository's LICENSE, a code host's LICENSE file or a license
licscan knows stay as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_real_card_gaps import CLASSIFIER, KB

APACHE = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "apache-2.0.txt"


def _verdict(tmp_path: Path, tail: str) -> str:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n\n# Acme-7B\n\nA 7B text model.\n\n{tail}\n", encoding="utf-8")
    shutil.copy(APACHE, folder / "LICENSE")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="m", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ()).verdict


@pytest.mark.parametrize("tail", ["## License\n\nThe model weights have their own terms.\nSee https://acme.example.com/terms",
                                  "**License**: see [here](https://acme.example.com/l)"])
def test_a_pointer_off_site_on_a_second_line_or_a_label_line_is_unread_terms(tmp_path, tail):
    assert _verdict(tmp_path, tail) == "unknown"


@pytest.mark.parametrize("tail", ["**License**: see [LICENSE](LICENSE)",
                                  "**License**: see https://www.apache.org/licenses/LICENSE-2.0",
                                  "## License\n\nReleased under the Apache License 2.0.\nSee https://www.apache.org/licenses/LICENSE-2.0",
                                  "## License\n\nThe model weights have their own terms.\nSee https://github.com/acme/acme-7b/blob/main/LICENSE"])
def test_a_pointer_to_the_license_shipped_or_one_licscan_knows_is_read_as_before(tmp_path, tail):
    assert _verdict(tmp_path, tail) == "allowed"

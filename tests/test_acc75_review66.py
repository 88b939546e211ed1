"""acc75 (review66's false allows): a card on Apache-2.0 / MIT with its real license file put the use under terms of their own
in Portuguese and French with the article merged into the preposition ("está sujeito aos Termos da Acme", "sujeito à Licença
Acme", "soumise aux Conditions d'Acme"); said it shares its license or weights with a repo in other words ("License: same as
X", "Licensed the same way as X", "Gleiche Lizenz wie X", "La misma licencia que X", "Starting from X, we trained ...", "We
use the weights of X", "Weights from the original authors' release of X"); restricted its license line in Czech, Swedish,
Vietnamese, Indonesian; gave the weights a non-commercial license with other marks ("Code • MIT • Weights • CC BY-NC 4.0",
"Code ➜ MIT, Weights ➜ CC BY-NC 4.0", "Weights | CC BY-NC 4.0", "Parameters — CC BY-NC 4.0"); or said "Released by Acme under
CC BY-NC 4.0." (conditional where "Released under CC BY-NC 4.0." is denied). All were allowed or conditional. The guards stay
allowed."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_acc71_review64_rest import MIT_CARD
from tests.test_review55_fixes import _verdict

NC = "CohereForAI/c4ai-command-r-v01"   # a repo the fake Hub has not: its license is unreadable offline


@pytest.mark.parametrize("tail", [
    "O uso do modelo está sujeito aos Termos da Acme.",
    "O uso do modelo está sujeito à Licença Acme.",
    "O uso está sujeito aos Termos de Uso da Acme.",
    "L'utilisation du modèle est soumise aux Conditions d'Acme.",
    f"License: same as {NC}",
    f"Licensed the same way as {NC}.",
    f"Gleiche Lizenz wie {NC}.",
    f"La misma licencia que {NC}.",
    f"La même licence que {NC}.",
    f"A mesma licença que {NC}.",
    f"Starting from {NC}, we trained on 10B tokens.",
    f"We use the weights of {NC}.",
    f"Weights from the original authors' release of {NC}.",
])
def test_terms_of_their_own_or_a_shared_source_are_unknown(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "unknown"


@pytest.mark.parametrize("line", [
    "**License:** MIT (komerční použití zakázáno)",
    "**License:** MIT (komerční využití není povoleno)",
    "**License:** MIT (ej för kommersiellt bruk)",
    "**License:** MIT (không dùng cho mục đích thương mại)",
    "**License:** MIT (tidak untuk penggunaan komersial)",
    "Code • MIT • Weights • CC BY-NC 4.0",
    "Code ➜ MIT, Weights ➜ CC BY-NC 4.0",
    "Weights | CC BY-NC 4.0",
    "Parameters — CC BY-NC 4.0",
    "Released by Acme under CC BY-NC 4.0.",
    "Distributed by Acme under CC BY-NC 4.0.",
    "Published under CC BY-NC 4.0.",
    "Provided by Acme Labs under CC BY-NC 4.0.",
])
def test_a_restricted_license_line_or_a_weights_part_is_denied(tmp_path, line):
    assert _verdict(tmp_path, MIT_CARD + line + "\n", "mit.txt") == "denied"


@pytest.mark.parametrize("tail", [
    "Starting from scratch, we trained on 10B tokens.",
    "Acme-7B uses the same tokenizer as meta-llama/Llama-2-7b-hf.",
    "We use the weights and biases library for logging.",
    "| Weights | 7B |\n|---|---|\n| Code | Python |",
    "Parameters — 7B",
    "• Model — Acme-7B",
    "## Licence\n\nApache-2.0: komerční použití je povoleno.",
    "## Licens\n\nApache-2.0. Kommersiell användning är tillåten.",
    "## Giấy phép\n\nApache-2.0, được phép sử dụng thương mại.",
    "## Lisensi\n\nApache-2.0, boleh digunakan untuk tujuan komersial.",
    "**License:** Apache-2.0 (komerční i nekomerční použití)",
    "O uso está sujeito à licença Apache 2.0.",
    "O uso está sujeito aos termos da licença Apache 2.0.",
    "L'utilisation est soumise aux conditions de la licence Apache 2.0.",
    "Released by Acme under the Apache License 2.0.",
    "Published by Acme Labs under the Apache License, Version 2.0.",
])
def test_guards_stay_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail + "\n") == "allowed"

"""Terms in the card's Hub access gate: the YAML fields the Hub shows before it grants access
(``extra_gated_prompt``, ``extra_gated_description``, ``extra_gated_heading``, and the questions of
``extra_gated_fields``: "I agree to use this model for non-commercial use ONLY: checkbox"). What a user
must agree to before downloading restricts use of the model as the card's prose does, so they are read
for restrictions with the same words, quoted as coming from the access gate.

The gate often holds the license itself (Llama's, SDXL 0.9's) or "By agreeing you accept the Llama
license": its restriction sentences are that license's, and agree with it. The answers a form offers
(a "Job title" select's options) are not terms, and neither is the button's label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...model import Evidence
from ...normalize import card_characters
from ...sources.common import split_card
from ..candidates import EvidenceStrategy, Reading, SoFar
from .card_terms import restrictions_reading

GATE_TEXT_FIELDS = ("extra_gated_heading", "extra_gated_description", "extra_gated_prompt")
GATE_QUESTIONS_FIELD = "extra_gated_fields"


def access_gate_text(front_matter: Mapping[str, Any]) -> str:
    """The gate's words, one paragraph per text field and one line per question."""
    parts = [value for key in GATE_TEXT_FIELDS if isinstance(value := front_matter.get(key), str)]
    questions = front_matter.get(GATE_QUESTIONS_FIELD)
    if isinstance(questions, Mapping):
        parts.extend(str(question) for question in questions)
    elif isinstance(questions, list):   # a list of {question: type} mappings, or of questions
        parts.extend(str(question) for item in questions for question in (item if isinstance(item, Mapping) else [item]))
    return "\n\n".join(parts)


class AccessGateTerms(EvidenceStrategy):
    name = "card access gate"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        card = next((f for f in evidence.files if f.role == "card"), None)
        if card is None or "extra_gated_" not in card.text[:200_000]:
            return Reading(self.name)
        front_matter, _, _ = split_card(card.text)
        text = access_gate_text(front_matter)
        if not text.strip():
            return Reading(self.name)
        return restrictions_reading(self.name, card_characters(text), "the card's access gate (extra_gated_* fields)")

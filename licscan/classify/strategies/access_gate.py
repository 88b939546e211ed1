"""Terms in the card's Hub access gate (``extra_gated_prompt``, ``extra_gated_description``,
``extra_gated_heading``, the questions of ``extra_gated_fields``: "I agree to use this model for
non-commercial use ONLY"), as the source read them (licscan/sources/access_gate.py): what a user must
agree to before downloading restricts use of the model as the card's prose does, so they are read for
restrictions with the same words, quoted as coming from the access gate.

The gate often holds the license itself (Llama's, SDXL 0.9's) or "By agreeing you accept the Llama
license": its restriction sentences are that license's, and agree with it.
"""

from __future__ import annotations

from ...model import Evidence
from ...normalize import card_characters
from ..candidates import EvidenceStrategy, Reading, SoFar
from .card_terms import restrictions_reading


class AccessGateTerms(EvidenceStrategy):
    name = "card access gate"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        gate = evidence.card.access_gate
        if not gate.strip():
            return Reading(self.name)
        return restrictions_reading(self.name, card_characters(gate), "the card's access gate (extra_gated_* fields)")

"""A license text pasted into the model card's body: evidence only when (nearly) all of it is there."""

from __future__ import annotations

from ...model import Evidence, FileFinding
from ..candidates import EvidenceStrategy, Reading, Remark, SoFar
from .card_tables import without_data_sections
from .texts import read_finding

# A license text found inside a card body must be this complete to count as evidence.
CARD_BODY_MIN_SCORE = 0.9


class CardBodyText(EvidenceStrategy):
    name = "card body text"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body.strip():
            return Reading(self.name)
        body = without_data_sections(evidence.card_body)
        if not body.strip():
            return Reading(self.name)
        match = self.matcher.match(body)
        if match.rule_id and match.score >= CARD_BODY_MIN_SCORE:
            card = next((f for f in evidence.files if f.role == "card"), None)
            finding = FileFinding("README.md", card.sha256 if card else "", "card", match)
            candidates, remarks = read_finding(self.kb, finding, governing=True)
            return Reading(self.name, (finding,), tuple(candidates), tuple(remarks), reads_texts=True)
        if match.rule_id:
            # most of a license's text in the card, but not all of it: which terms apply is unsettled
            return Reading(self.name, remarks=(Remark("unsettled", f"README.md contains {match.score:.0%} of the {match.rule_id} text"),),
                           reads_texts=True)
        return Reading(self.name)

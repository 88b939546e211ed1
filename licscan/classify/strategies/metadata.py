"""The card's YAML metadata: the author's declaration (`license`, `license_name`, and for `license: other`
a `license_link` to a vendor's license page listed in a rule's `links`)."""

from __future__ import annotations

from ...model import Evidence
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, SoFar
from ..card_words import rule_for_link


class CardMetadata(EvidenceStrategy):
    name = "card metadata"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        candidates = tuple(
            Candidate(license_id, "metadata", "governs", METADATA_CONFIDENCE, f"card metadata: license {written!r}",
                      known=self.kb.by_name(written, catalog=True) is not None)
            for license_id, written in self.declared(evidence).items()
        )
        return Reading(self.name, candidates=candidates)

    def declared(self, evidence: Evidence) -> dict[str, str]:
        """Licscan ids for what the card's metadata declares (unknown names kept as written), each with
        the value as written."""
        card = evidence.card
        out: dict[str, str] = {}

        def add(value: str) -> None:
            rule = self.kb.by_name(value, catalog=True)
            out.setdefault(rule.id if rule else value, value)

        for value in card.licenses:
            if value in ("other", "unknown"):
                linked = rule_for_link(self.kb, card.license_link) if value == "other" and card.license_link else None
                if value == "other" and card.license_name and (self.kb.by_name(card.license_name) or not linked):
                    add(card.license_name)
                elif linked is not None:   # `license_link` to a vendor's license page says which license "other" is
                    out.setdefault(linked.id, card.license_link or "")
                elif value == "other":
                    out.setdefault("other", "other")
                continue
            add(value)
        if not card.licenses and card.license_name:
            add(card.license_name)
        return out

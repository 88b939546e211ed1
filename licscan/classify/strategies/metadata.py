"""The card's YAML metadata: the author's declaration (`license`, `license_name`, and for `license: other`
a `license_link` to a vendor's license page listed in a rule's `links`)."""

from __future__ import annotations

from ...model import CardMetadata as CardMetadataFields
from ...model import Evidence
from ...normalize import plain_latin_letters
from ...rules import LicenseRule
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from .license_lines import license_lines, license_lines_read

# The Hub's license id for a Creative Commons license of unstated variant and version (rules/cc.yaml)
GENERIC_CC = "cc"


class CardMetadata(EvidenceStrategy):
    name = "card metadata"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        declared = self.declared(evidence)
        narrowed = self._generic_cc_narrowed(evidence, declared)
        if narrowed is not None:
            rule_id, line = narrowed
            declared = {rule_id if key == GENERIC_CC else key: value for key, value in declared.items()}
        contradicting = self.contradicting(evidence, declared)
        for license_id, written in contradicting.items():
            declared.setdefault(license_id, written)
        card = evidence.card
        # a link or a "license:" tag names a rule without being its name
        named = {license_id for license_id, written in contradicting.items() if written != card.license_name}
        candidates = tuple(
            Candidate(license_id, "metadata", "governs", METADATA_CONFIDENCE, f"card metadata: license {written!r}",
                      known=license_id in named or (self.kb.by_name(written, catalog=True) or self._hub_tag(written)) is not None)
            for license_id, written in declared.items()
        )
        remarks = tuple(Remark("conflict", f"card metadata declares license {', '.join(card.licenses)} but its "
                                           f"{_field(card, written)} {written!r} is {license_id}; both apply, the most "
                                           "restrictive decides")
                        for license_id, written in contradicting.items())
        if narrowed is not None:
            remarks += (Remark("note", f"card metadata declares the Hub's generic 'cc' (no Creative Commons variant or "
                                       f"version); the card's own license line “{narrowed[1]}” names {narrowed[0]}: read as that"),)
        return Reading(self.name, candidates=candidates, remarks=remarks)

    def _generic_cc_narrowed(self, evidence: Evidence, declared: dict[str, str]) -> tuple[str, str] | None:
        """`license: cc` (the Hub's id for any Creative Commons license) with the card's own License line naming one
        variant, said of nothing else ("## License All the models included in this repository are licensed under
        [Creative Commons Attribution-ShareAlike 3.0]", colorfulscoop/gpt2-small-ja): the line says which, as a
        `license_name` would. (rule id, the line), or None when no such line names one, or the card's lines about
        licensing name two variants or its one beside words about something else: then which one the weights are
        under the card does not settle, and `cc` stays unknown."""
        if GENERIC_CC not in declared or not evidence.card_body:
            return None
        body = plain_latin_letters(evidence.card_body)
        bare = license_lines_read(self.kb, self.matcher, body)[0]
        variants = {rule_id for rule_id, _ in license_lines(self.kb, self.matcher, body) if self._creative_commons(rule_id)}
        if len(variants) != 1 or not variants <= set(bare):
            return None
        rule_id = variants.pop()
        return rule_id, bare[rule_id]

    def _creative_commons(self, rule_id: str) -> bool:
        rule = self.kb.get(rule_id)
        return rule is not None and rule.family == "creative-commons"

    def contradicting(self, evidence: Evidence, declared: dict[str, str]) -> dict[str, str]:
        """A `license_name`, `license_link` or `license:` tag beside a license the Hub knows (`license: apache-2.0` with
        `license_link: https://creativecommons.org/licenses/by-nc/4.0/`): the Hub shows only the former,
        the latter says other terms. Neither is a detail to drop: each license they name applies. A
        link to the repo's own LICENSE file, or to the declared license's page, names nothing else."""
        card = evidence.card
        if not card.licenses or any(value in ("other", "unknown") for value in card.licenses):
            return {}
        out: dict[str, str] = {}
        if card.license_name:
            rule = self.kb.by_name(card.license_name, catalog=True)
            license_id = rule.id if rule else card.license_name
            if license_id not in declared:
                out[license_id] = card.license_name
        linked = self.kb.by_link(card.license_link) if card.license_link else None
        if linked is not None and linked.id not in declared:
            out.setdefault(linked.id, card.license_link or "")
        # the Hub tags a card "license:<its license>"; a tag naming another one was written by hand
        for tag in card.tags:
            rule = self.kb.by_name(tag[len("license:"):].strip()) if tag.lower().startswith("license:") else None
            if rule is not None and rule.id not in declared:
                out.setdefault(rule.id, tag)
        return out

    def declared(self, evidence: Evidence) -> dict[str, str]:
        """Licscan ids for what the card's metadata declares (unknown names kept as written), each with
        the value as written."""
        card = evidence.card
        out: dict[str, str] = {}

        def add(value: str) -> None:
            rule = self.kb.by_name(value, catalog=True) or self._hub_tag(value)
            out.setdefault(rule.id if rule else value, value)

        for value in card.licenses:
            if value in ("other", "unknown"):
                linked = self.kb.by_link(card.license_link) if value == "other" and card.license_link else None
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

    def _hub_tag(self, value: str) -> LicenseRule | None:
        """`license: license:gemma`: the Hub's tag for a license (as its "license=license:gemma" links write it) pasted
        into the key. Read as that license only when what follows "license:" is one of the Hub's own license ids."""
        if not value.lower().startswith("license:"):
            return None
        hub_id = value[len("license:"):].strip().lower()
        return next((rule for rule in self.kb.rules if hub_id in (h.lower() for h in rule.hub_ids)), None)


def _field(card: CardMetadataFields, written: str) -> str:
    if written == card.license_link:
        return "license_link"
    return "license_name" if written == card.license_name else "tag"

"""The license the card in another language declares in its own front matter (README_zh.md with ``license:``) (acc58).

The translation is the same card (sources/common.is_card_translation): a license its front matter declares is the
card author's declaration as README.md's is. One README.md declares too changes nothing; another (or one where README.md
declares nothing) is a conflict, not a pass: both apply, the most restrictive decides, as a weight file's header
(weight_headers.py); one licscan does not know leaves the license unknown. The Hub reads only README.md's front matter,
so the translation's is read here, never in place of README.md's."""

from __future__ import annotations

from ...model import Evidence
from ...sources.common import is_card_translation, split_card
from ...sources.front_matter import card_metadata
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar

# a Hub value that names no license: "other" says the name is in license_name, "unknown" that the author did not say
_NO_LICENSE = frozenset({"other", "unknown"})


class TranslationMetadata(EvidenceStrategy):
    name = "a translated card's front matter"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        declared = so_far.declared()
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for file in evidence.files:
            if not (is_card_translation(file.name) and file.role == "use-guide" and file.text.strip()):
                continue
            data, _, problems = split_card(file.text)
            if not data:
                continue
            card = card_metadata(data, problems)
            values = [v for v in card.licenses if v.lower() not in _NO_LICENSE] + ([card.license_name] if card.license_name else [])
            for value in dict.fromkeys(values):
                rule = self.kb.by_name(value)
                license_id = rule.id if rule else value
                if license_id in declared:
                    continue   # the card's own declaration, in the other language too
                remarks.append(Remark("conflict", f"{file.name}'s front matter declares '{value}' but the card (README.md) "
                                                  f"declares {', '.join(declared) or 'nothing'}: both apply, the most "
                                                  "restrictive decides"))
                if rule is not None:
                    candidates.append(Candidate(rule.id, "translation-metadata", "governs", METADATA_CONFIDENCE,
                                                f"{file.name} front matter declares '{value}'"))
                else:
                    remarks.append(Remark("unsettled", f"{file.name}'s front matter declares '{value}', which licscan "
                                                       "does not know"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

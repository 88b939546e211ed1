"""The license a weight file's header declares (GGUF `general.license`, safetensors metadata)."""

from __future__ import annotations

from ...model import Evidence
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar


class WeightHeaders(EvidenceStrategy):
    name = "weight-file headers"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        declared = so_far.declared()
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for weight_file, value in evidence.weight_licenses:
            rule = self.kb.by_name(value)
            weight_id = rule.id if rule else value
            if weight_id not in declared:
                remarks.append(Remark("conflict", f"{weight_file} header declares '{value}' but the card declares "
                                                  f"{', '.join(declared) or 'nothing'}"))
            if rule is not None:
                candidates.append(Candidate(rule.id, "weight-header", "governs", METADATA_CONFIDENCE,
                                            f"{weight_file} header declares '{value}'"))
            else:
                remarks.append(Remark("unknown-file", f"{weight_file} (header license '{value}')"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

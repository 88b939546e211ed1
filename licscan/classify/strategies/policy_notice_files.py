"""The texts of the use-policy and NOTICE files (USE_POLICY.md, NOTICE): a use policy applies beside the
license; a license text or a license these files name applies to the weights like a license file's."""

from __future__ import annotations

from ...model import Evidence, FileFinding
from ..candidates import EvidenceStrategy, Reading, SoFar
from .texts import read_finding


class PolicyAndNoticeFiles(EvidenceStrategy):
    name = "use-policy and NOTICE files"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        findings, candidates, remarks = [], [], []
        for file in evidence.files:
            if file.role not in ("use-policy", "notice"):
                continue
            finding = FileFinding(file.name, file.sha256, file.role, self.matcher.match(file.text))
            found, said = read_finding(self.kb, finding, governing=True)
            findings.append(finding)
            candidates += found
            remarks += said
        return Reading(self.name, tuple(findings), tuple(candidates), tuple(remarks), reads_texts=True)

"""The texts of the use-policy and NOTICE files (USE_POLICY.md, NOTICE): a use policy applies beside the
license; a license text or a license these files name applies to the weights like a license file's, except
in a NOTICE that lists bundled components: their licenses are listed, they do not govern the weights."""

from __future__ import annotations

from ...model import Evidence, FileFinding
from ..candidates import EvidenceStrategy, Reading, SoFar
from ..card_words import load_card_words
from .texts import read_component_notice, read_finding


class PolicyAndNoticeFiles(EvidenceStrategy):
    name = "use-policy and NOTICE files"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        findings, candidates, remarks = [], [], []
        for file in evidence.files:
            if file.role not in ("use-policy", "notice"):
                continue
            finding = FileFinding(file.name, file.sha256, file.role, self.matcher.match(file.text))
            if file.role == "notice" and load_card_words().is_component_notice(file.name, file.text):
                found, said = read_component_notice(self.kb, finding)
            else:
                found, said = read_finding(self.kb, finding, governing=True)
            findings.append(finding)
            candidates += found
            remarks += said
        return Reading(self.name, tuple(findings), tuple(candidates), tuple(remarks), reads_texts=True)

"""The field's general catalog (the ScanCode LicenseDB, ``licscan/catalog.py``) for what licscan's own
rules do not know: a license file that matches no licscan reference is compared with the catalog's
texts, and a license the card's metadata declares by an SPDX id or ScanCode key that only the catalog
knows is named with where that knowledge comes from. The catalog is consulted only then: a text or id
licscan knows never reaches it.

A file the catalog identifies is reported as that license (its finding replaces the unmatched one), so
it is never "matches no known license"; the catalog license's answer is conservative (see
``licscan/catalog.py``), and a note says the license is known only from the catalog.
"""

from __future__ import annotations

from ...catalog import is_catalog_rule, load_catalog
from ...model import Evidence, FileFinding
from ...normalize import tokens
from ..candidates import Candidate, EvidenceStrategy, Reading, Remark, SoFar
from .license_files import files_for_weights
from .texts import read_finding


class CatalogLicenses(EvidenceStrategy):
    name = "license catalog"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        findings, candidates, remarks = self._texts(evidence, so_far)
        identified = {f.match.rule_id for f in findings}
        for candidate in so_far.candidates:
            rule = self.kb.get(candidate.license_id) if candidate.source == "metadata" and candidate.known else None
            if is_catalog_rule(rule) and candidate.license_id not in identified:
                remarks.append(Remark("note", f"{candidate.basis} is {candidate.license_id}, {_identified(candidate.license_id)}"))
        return Reading(self.name, tuple(findings), tuple(candidates), tuple(remarks), reads_texts=True)

    def _texts(self, evidence: Evidence, so_far: SoFar) -> tuple[list[FileFinding], list[Candidate], list[Remark]]:
        """License files that match no licscan reference, or only a modified one: a catalog license
        they are (for a modified one, only a faithful copy of a catalog license: a licscan text that
        was altered stays a modified copy)."""
        findings: list[FileFinding] = []
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        # a partial copy of a licscan license is licscan's answer (issue 14), not a text to look up
        unread = [f for f in so_far.findings if f.role == "license" and f.match.status in ("unknown", "modified")]
        catalog = load_catalog() if unread else None
        if catalog is None:
            return findings, candidates, remarks
        governing, _ = files_for_weights(evidence)
        texts = {file.name: file.text for file in evidence.files}
        for before in unread:
            text = texts.get(before.file, "")
            modified = before.match.status == "modified"
            match = catalog.identify(text, tokens(text), self.kb, exact_only=modified)
            if match is None or (modified and (match.status != "exact" or match.unexplained_terms)):
                continue
            finding = FileFinding(before.file, before.sha256, before.role, match)
            found, said = read_finding(self.kb, finding, before.file in governing)
            findings.append(finding)
            candidates += found
            remarks += said
            what = "is" if match.status == "exact" else "is a modified copy of"
            remarks.append(Remark("note", f"{before.file} {what} {match.rule_id}, {_identified(match.rule_id or '')}", finding))
        return findings, candidates, remarks


def _identified(rule_id: str) -> str:
    catalog = load_catalog()
    entry = catalog.licenses.get(rule_id) if catalog else None
    return entry.identified() if entry else "a license known only from the ScanCode LicenseDB"

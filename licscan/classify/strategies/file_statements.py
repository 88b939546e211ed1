"""What a license or NOTICE file that matches no license text says in its own words: the license it
names (Llama's required "Llama 3.1 is licensed under the Llama 3.1 Community License" NOTICE line), or
terms of its own."""

from __future__ import annotations

from ...matcher import states_terms
from ...model import Evidence, FileFinding
from ...normalize import tokens
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words, sentences
from .texts import bundled_component_terms


class FileStatements(EvidenceStrategy):
    name = "file statements"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        applying = so_far.applying()
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for finding in so_far.findings:
            if finding.match.rule_id is not None or finding.role == "card":
                continue
            text = next((f.text for f in evidence.files if f.name == finding.file), "")
            words = tokens(text)
            if (finding.role == "notice" or load_card_words().component_file_name.search(finding.file.rsplit("/", 1)[-1])) \
                    and load_card_words().is_component_notice(finding.file, text):
                found, said = self.about_the_weights(finding, text, applying)
                candidates += found
                remarks += said
                shipped, said = self.component_notice(finding, text, words, applying)
                candidates += shipped
                remarks += said
                continue
            # a license file names its license however it phrases it
            for rule_id in self.matcher.named_licenses(words):
                if rule_id not in applying:
                    applying.append(rule_id)
                    candidates.append(Candidate(rule_id, "file-names", "governs", METADATA_CONFIDENCE,
                                                f"{finding.file} names {rule_id}", finding))
                    remarks.append(Remark("note", f"{finding.file} names {rule_id}"))
            # a NOTICE that matches no license and states terms of its own is as unsettled as an unknown
            # license; words that repeat the licenses' own texts (Apache's header, Gemma's notice) are not its own
            if finding.role == "notice" and states_terms(self.matcher.words_of_its_own(words, applying)):
                remarks.append(Remark("unsettled", f"{finding.file} states terms licscan cannot check: “{' '.join(text.split()[:40])}”"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

    def about_the_weights(self, finding: FileFinding, text: str, applying: list[str]) -> tuple[list[Candidate], list[Remark]]:
        """A notice of components may still say what the weights are under: a sentence of it about the
        weights that names a license makes that license apply (added to ``applying``); one that restricts
        them, in any language the card words know ("模型权重仅供学术研究使用"), is terms licscan cannot check."""
        words = load_card_words()
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for sentence in sentences(text):
            if not words.about_the_weights.search(sentence):
                continue
            quote = " ".join(sentence.split())[:200]
            if words.restriction(sentence) is not None:
                remarks.append(Remark("unsettled", f"{finding.file} restricts the weights: “{quote}”"))
            for rule_id in self.matcher.named_licenses(tokens(sentence)):
                if rule_id not in applying:
                    applying.append(rule_id)
                    candidates.append(Candidate(rule_id, "file-names", "governs", METADATA_CONFIDENCE, f"{finding.file} says “{quote}”", finding))
                    remarks.append(Remark("note", f"{finding.file} says of the weights: “{quote}” ({rule_id})"))
        return candidates, remarks

    def component_notice(self, finding: FileFinding, text: str, words: list[str], applying: list[str]) -> tuple[list[Candidate], list[Remark]]:
        """A notice of bundled components names their licenses, not the weights'; its own words count
        only where they are about the weights, and a restricting license of bundled model weights applies."""
        name = finding.file
        named = [rule_id for rule_id in self.matcher.named_licenses(words) if rule_id not in applying]
        own = self.matcher.words_of_its_own(words, applying)
        shipped, remarks = bundled_component_terms(self.kb, name, named, " ".join(own))
        applying.extend(shipped)
        candidates = [Candidate(rule_id, "file-names", "governs", METADATA_CONFIDENCE, f"{name} lists {rule_id} for bundled model weights",
                                finding) for rule_id in shipped]
        named = [rule_id for rule_id in named if rule_id not in shipped]
        if named:
            remarks.append(Remark("note", f"{name} lists the licenses of bundled components, not the weights' terms: "
                                          f"{', '.join(named)} (keep their notices)"))
        if states_terms(own) and load_card_words().about_the_weights.search(" ".join(own)):
            remarks.append(Remark("unsettled", f"{name} states terms licscan cannot check: “{' '.join(text.split()[:40])}”"))
        return candidates, remarks

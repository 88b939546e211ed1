"""Restrictions a modified license text states in its own words ("to use the Software solely for your
non-commercial research purposes"): terms, as a card's words are (issue 15 item 5). A modified copy's
terms are not the known license's (issue 14), so its category is unknown, unless the text itself says
what it restricts: then the restriction is a license that applies, and its category is the text's.

Only the texts licscan found modified are read so: an exact copy's terms are its rule's already. A
restriction only ever adds: the modified text stays `unknown` for the verdict, the restriction denies.
The phrases are the card's (rules/card-words/phrases.yaml)."""

from __future__ import annotations

from ...model import Evidence
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words, sentences
from ..clause_grammar import clauses
from .access_gate import GATE_TEXT
from .card_terms import RESTRICTION_RULES


class TextTerms(EvidenceStrategy):
    name = "modified text restrictions"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        words = load_card_words()
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        governing = {c.finding.file for c in so_far.candidates
                     if c.role == "governs" and c.finding is not None and c.finding.match.status == "modified"}
        for finding in so_far.findings:
            if finding.file not in governing or (finding.role == "card" and finding.file != GATE_TEXT):
                continue
            # a modified license text in the access gate (access_gate.AccessGateText) is read as a license file is
            text = evidence.card.access_gate if finding.file == GATE_TEXT else \
                next((f.text for f in evidence.files if f.name == finding.file), "")
            found: dict[str, str] = {}
            for sentence in sentences(text):
                for clause in clauses(sentence):
                    restricting = words.restricting(clause)
                    if restricting is not None:
                        # a license's sentences run long: quote the words that restrict when the sentence does not fit
                        kind, words_said = restricting
                        quote = " ".join(sentence.split())
                        found.setdefault(kind, quote if len(quote) <= 240 else words_said[:240])
                        break
            for kind, quote in found.items():
                candidates.append(Candidate(RESTRICTION_RULES[kind], "text-terms", "governs", METADATA_CONFIDENCE,
                                            f"{finding.file} restricts use of the model: “{quote}”", finding))
                remarks.append(Remark("note", f"{finding.file}, a modified copy of {finding.match.rule_id}, restricts use "
                                              f"of the model in its own words ({kind}): “{quote}”", finding))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

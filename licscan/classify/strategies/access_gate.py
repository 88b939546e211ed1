"""Terms in the card's Hub access gate (``extra_gated_prompt``, ``extra_gated_description``,
``extra_gated_heading``, the questions of ``extra_gated_fields``: "I agree to use this model for
non-commercial use ONLY"), as the source read them (licscan/sources/access_gate.py): what a user must
agree to before downloading restricts use of the model as the card's prose does, so they are read for
restrictions with the same words, quoted as coming from the access gate.

The gate often holds the license itself (Llama's, SDXL 0.9's) or "By agreeing you accept the Llama
license": its restriction sentences are that license's, and agree with it.
"""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...model import Evidence
from ...normalize import card_characters
from ...rules import KnowledgeBase, restrictiveness
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar, strictest
from ..card_words import sentences
from .card_links import LINK as _LINK
from .card_terms import restrictions_reading
from .prose import about_the_weights, prose_licenses, unknown_license_statements


class AccessGateTerms(EvidenceStrategy):
    name = "card access gate"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        gate = evidence.card.access_gate
        if not gate.strip():
            return Reading(self.name)
        gate = _LINK.sub(r"\1", card_characters(gate))   # "governed by the [Acme Research License](https://...)"
        restrictions = restrictions_reading(self.name, gate, WHERE)
        # A license the gate names for the model, stricter than what applies ("The model weights are released
        # under CC BY-NC 4.0", "you agree to the CC BY-NC 4.0 license"), applies as one the card's words name
        # for the weights does; one licscan does not know leaves the checkpoint unknown.
        applying = so_far.applying()
        limit = strictest(self.kb, applying) if applying else -1   # with nothing else, a license it names applies
        candidates = list(restrictions.candidates)
        remarks = list(restrictions.remarks)
        # a gate holding a whole license (Llama's) is that license's text, matched as such elsewhere; its
        # "licensed under" clauses are the license's own, not statements about which license applies
        for sentence in sentences(gate) if len(gate) <= MAX_STATEMENT_GATE_CHARS else []:
            if not (about_the_weights(sentence) or _AGREE.search(sentence)):
                continue
            for rule_id, phrase in [*prose_licenses(self.kb, sentence), *_agreed_licenses(self.kb, sentence)]:
                if rule_id not in applying and restrictiveness(self.kb.get(rule_id)) > limit:
                    candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"{WHERE} says “{phrase}”"))
                    remarks.append(Remark("note", f"{WHERE} says “{phrase}” ({rule_id}), more restrictive than "
                                                  f"{', '.join(applying) or 'nothing declared'}: it applies"))
            for phrase in unknown_license_statements(self.kb, sentence):
                remarks.append(Remark("unsettled", f"{WHERE} names a license licscan does not know: “{phrase}”"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))


WHERE = "the card's access gate (extra_gated_* fields)"
MAX_STATEMENT_GATE_CHARS = 2_000
_AGREE = lazy(r"\bagree|\baccept|\bconsent|\bbound by", re.IGNORECASE)
# "you agree to the CC BY-NC 4.0 license", "you accept the terms of the CC BY-NC 4.0 license", "requires accepting the
# Creative Commons Attribution-NonCommercial 4.0 International license": the words between the verb (the) and "license"
_AGREED = lazy(r"\b(?:(?:agree(?:s|d|ing)?|consent(?:s|ed|ing)?)\s+to|accept(?:s|ed|ing)?(?:\s+to)?|bound\s+by)\s+(?:the\s+)?"
               r"(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?(?P<name>[^;,\n]{2,80}?)\s+licen[cs]e\b",
               re.IGNORECASE)


def _agreed_licenses(kb: KnowledgeBase, sentence: str) -> list[tuple[str, str]]:
    found = []
    for match in _AGREED.finditer(sentence):
        rule = kb.by_name(match.group("name")) or kb.by_name(match.group("name") + " license")
        if rule is not None and rule.kind == "license":
            found.append((rule.id, match.group(0)))
    return found

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
from ...model import Evidence, FileFinding
from ...normalize import card_characters, tokens
from ...rules import KnowledgeBase, restrictiveness
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar, strictest
from ..card_words import sentences
from .card_links import LINK as _LINK
from .card_terms import restrictions_reading
from .prose import about_the_weights, prose_licenses, unknown_license_statements
from .texts import read_finding


class AccessGateText(EvidenceStrategy):
    """A license text in the access gate (Meta's Llama cards put the whole Llama license in ``extra_gated_prompt``;
    a fine-tune copies it beside `license: apache-2.0`): the terms a user must accept to download the weights are
    those of that license, read as a license text pasted into the card is (matched against the references: whole,
    partial or altered), never dropped for the card's own declaration (review37). With no text, a gate whose heading
    is a license's title ("### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", the head of that text alone) names it:
    AccessGateTerms reads the names a gate gives."""

    name = "card access gate text"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        gate = evidence.card.access_gate
        if not gate.strip():
            return Reading(self.name)
        match = self.matcher.match(card_characters(gate))
        if not match.rule_id:
            return Reading(self.name)
        card = next((f for f in evidence.files if f.role == "card"), None)
        finding = FileFinding(GATE_TEXT, card.sha256 if card else "", "card", match)
        candidates, remarks = read_finding(self.kb, finding, governing=True)
        return Reading(self.name, (finding,), tuple(candidates), tuple(remarks), reads_texts=True)


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
        # A license the gate names anywhere (its heading "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "Access to this
        # model is subject to the Llama 3.1 Community License"): what the user accepts to download the weights,
        # so it applies beside the card's own license, the most restrictive deciding (review37). A gate that is a
        # license's text (AccessGateText) names the licenses that text names, not terms of its own.
        if not any(f.file == GATE_TEXT for f in so_far.findings):
            said = {c.license_id for c in candidates}
            for rule_id in self.matcher.named_licenses(tokens(gate)):
                rule = self.kb.get(rule_id)
                if rule is None or rule.kind != "license" or rule_id in applying or rule_id in said \
                        or restrictiveness(rule) <= limit:
                    continue
                said.add(rule_id)
                candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"{WHERE} names {rule.name}"))
                remarks.append(Remark("note", f"{WHERE} names {rule.name} ({rule_id}), the terms a user accepts to download "
                                              f"the weights, more restrictive than {', '.join(applying) or 'nothing declared'}: "
                                              "it applies"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))


WHERE = "the card's access gate (extra_gated_* fields)"
# The name a license text found in the access gate is reported under (a part of README.md's front matter)
GATE_TEXT = "README.md access gate (extra_gated_prompt)"
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

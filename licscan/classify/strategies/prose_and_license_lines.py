"""Licenses the card's words name: its prose ("The weights are released under CC BY-NC 4.0") and its
lines about licensing (a table row "| Weights license | CC BY-NC 4.0 |", a "License" section).

Prose is a weak declaration. Beside a license text or metadata, a more restrictive license it names for
the weights or the model applies, and so does one the card's own License line or section names without
tying it to anything else ("**License:** CC BY-NC 4.0", "## License\n\nCC BY-NC 4.0"): a gate never passes a
card whose License line says non-commercial. One named elsewhere without saying what it covers, or on a
line that names code, data, a demo or another model, raises a question: a reader decides, and until then
the checkpoint is never allowed.
Alone, it is a fallback that is never enough for "allowed", and none when the card also names a license
licscan does not know.
What the prose names is read in prose.py, what the license lines name in license_lines.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...lazy_regex import lazy
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, card_characters, plain_latin_letters, tokens
from ...rules import restrictiveness
from ...sources.common import is_card_translation, split_card
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar, strictest
from ..card_words import load_card_words
from .card_links import LINK, linked_licenses, missing_license_files
from .card_tables import weights_table_rows
from .license_lines import license_lines, license_lines_read, lines_for_the_weights
from .license_versions import version_not_given
from .prose import about_the_weights, license_statements, names_the_weights_part, prose_licenses, sentence_of
from .unknown_terms import names_vendor_of, unknown_license_statements, unknown_terms_beside

# The words a line that only says which license the models are under has beside the license's link ("All models are
# licensed under [MIT](LICENSE).", "**License:** [Apache-2.0](LICENSE)", "This model is released under the
# [MIT](LICENSE) license"); any other word ("modified", "non-commercial", "with additional use restrictions", "the
# code", "the weights are under ...") may change or narrow it (review61)
_SAYS_ONLY_THE_LICENSE = frozenset((
    "all", "the", "this", "these", "our", "my", "model", "models", "weights", "checkpoint", "checkpoints", "repository",
    "repo", "is", "are", "licensed", "released", "distributed", "available", "published", "provided", "shared", "made",
    "under", "license", "licence", "licensing", "terms", "of", "see", "file", "for", "details", "in", "and"))
_WORD = lazy(r"[^\W\d_]+")


class CardProse(EvidenceStrategy):
    name = "card prose and license lines"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        reading = self._read(evidence, so_far, "the card")
        # the card in another language or under another name (README_zh.md, MODEL_CARD.md: review52), read as the card is,
        # its words quoted as that file's. What it says of the weights counts ("模型权重采用 CC BY-NC 4.0 许可证发布",
        # "**License:** CC BY-NC 4.0"); a license it only mentions beside another is the card's to settle: an English README
        # beside a Chinese one says in more words what licscan reads of the card ("requires adherence to Apache 2.0 and the
        # Community License for Baichuan2 Model"), and is no question of its own. With nothing else applying, a license it
        # names that licscan does not know leaves the license open, as the card's would.
        nothing_applies = not so_far.applying()
        for file in evidence.files:
            if is_card_translation(file.name) and file.role == "use-guide" and file.text.strip():
                more = self._read(replace(evidence, card_body=card_characters(split_card(file.text)[1])), so_far, file.name)
                known = {c.license_id for c in reading.candidates}
                added = tuple(c for c in more.candidates if c.license_id not in known and c.role in ("governs", "fallback"))
                said = tuple(r for r in more.remarks if r.kind == "note" or (r.kind == "unsettled" and nothing_applies))
                reading = Reading(self.name, candidates=(*reading.candidates, *added), remarks=(*reading.remarks, *said))
        return reading

    def _names_the_declared(self, evidence: Evidence) -> Callable[[str, str], bool]:
        """Whether a link's text and its whole line name one license, the one the card's metadata declares (a license id
        the knowledge base has, not a bare "other")."""
        declared = {rule.id for name in evidence.card.licenses if (rule := self.kb.by_name(name)) is not None}

        def names_it(text: str, line: str) -> bool:
            named = set(self.matcher.named_licenses(tokens(text)))
            return (len(named) == 1 and named <= declared and set(self.matcher.named_licenses(tokens(line))) == named
                    and all(word in _SAYS_ONLY_THE_LICENSE for word in _WORD.findall(LINK.sub(" ", line).lower())))
        return names_it

    def _read(self, evidence: Evidence, so_far: SoFar, where: str) -> Reading:
        if not evidence.card_body:
            return Reading(self.name)
        # read with its Latin letters plain ("Licénse: CC BY-NC 4.0", "reléased under"), quoted as written
        plain = plain_latin_letters(evidence.card_body)

        def said(phrase: str) -> str:
            at = plain.find(phrase) if plain is not evidence.card_body else -1
            return evidence.card_body[at:at + len(phrase)] if at >= 0 else phrase

        # a license label line about data ("## Training data" over "License: CC BY-NC 4.0", "Dataset license: ...") or a
        # label's part scoped to data ("License: Apache 2.0 (model), CC BY-NC 4.0 (data)") gives no license of the weights
        body, set_aside = lines_for_the_weights(self.kb, self.matcher, plain)
        notes = tuple(Remark("note", f"{where}'s license line “{said(line)}” gives {what}, not the weights': it does not "
                                     "decide the model's license") for line, what in set_aside)
        missing = tuple(Remark("unsettled", f"{where}'s license line “{line}” points to {target}, which the checkpoint does not have")
                        for target, line in missing_license_files(evidence, lambda line: bool(self.matcher.named_licenses(tokens(line))),
                                                                  self._names_the_declared(evidence)))
        applying = so_far.applying()
        if missing:
            return Reading(self.name, remarks=missing)
        if not applying:
            # every license the card's words name for it ("code under Apache-2.0", "weights must follow the
            # [MiniCPM Model License]"): the most restrictive stands in, the first named of equals
            found = self._named(body, license_lines_read(self.kb, self.matcher, body)[0])
            if not found:
                return Reading(self.name, remarks=notes)
            rule_id, phrase = max(found, key=lambda named: restrictiveness(self.kb.get(named[0])))
            stand_in = self.kb.get(rule_id)
            unnamed = [phrase for phrase in unknown_license_statements(self.kb, body)
                       if stand_in is None or not names_vendor_of(stand_in, phrase)]
            unnamed += [phrase for phrase in unknown_terms_beside(self.kb, body, (stand_in,)) if phrase not in unnamed]
            if unnamed:
                # "The weights are licensed under the Acme Model License Agreement. The sample images are in
                # the public domain." / "... The base model is subject to the Qwen License Agreement.": the card
                # names a license licscan does not know, and another license its words mention cannot stand in
                # for it ("governed by the Meta license" beside Llama 2's words is that vendor's license)
                return Reading(self.name, remarks=(*notes, *(
                    Remark("unsettled", f"{where}'s text names a license licscan does not know: “{said(phrase)}”") for phrase in unnamed[:3])))
            return Reading(self.name, candidates=(
                Candidate(rule_id, "prose", "fallback", PROSE_CONFIDENCE,
                          f"{where}'s text says “{said(phrase)}”{version_not_given(self.kb, rule_id, phrase)}"),), remarks=notes)
        limit = strictest(self.kb, applying)
        bare, mixed = license_lines_read(self.kb, self.matcher, body)
        named = self._named(body, bare)
        candidates: list[Candidate] = []
        remarks: list[Remark] = list(notes)
        lines = body[:MAX_CLASSIFY_CHARS].splitlines()
        weights_rows = {row for _, row in weights_table_rows(body)}
        for rule_id, phrase in dict(reversed(named)).items():
            if rule_id not in applying and restrictiveness(self.kb.get(rule_id)) > limit:
                line = next((line for line in lines if phrase[:80] in line), phrase)
                sentence = sentence_of(line, phrase)
                # "The model was trained on data released under CC BY-NC 4.0" names the model, and licenses the data
                statement = next((part for part in license_statements(sentence) if phrase[:40] in part), sentence)
                if phrase in weights_rows or names_the_weights_part(phrase) or (
                        about_the_weights(sentence) and load_card_words().licensed_subject(statement) != "else"):
                    # "The model weights are licensed under CC BY-NC 4.0" beside `license: apache-2.0`: a statement
                    # about the weights themselves is a term, and the more restrictive license applies
                    candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"{where}'s text says “{said(phrase)}”"))
                    remarks.append(Remark("note", f"{where}'s text says “{said(phrase)}” ({rule_id}){version_not_given(self.kb, rule_id, phrase)} "
                                                  "of the weights, more restrictive "
                                                  f"than {', '.join(applying)}: it applies"))
                    continue
                if rule_id in bare:
                    # "**License:** CC BY-NC 4.0" or "## License\n\nCC BY-NC 4.0" beside `license: apache-2.0`: the card's
                    # own License line, said of nothing else, is the checkpoint's license; a gate never passes a card
                    # whose License line says non-commercial (README: the most restrictive decides)
                    quoted = said(bare[rule_id])
                    candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"{where}'s license line says “{quoted}”"))
                    remarks.append(Remark("note", f"{where}'s license line “{quoted}” names {rule_id}"
                                                  f"{version_not_given(self.kb, rule_id, bare[rule_id])} and says of nothing "
                                                  f"else that it covers it, more restrictive than {', '.join(applying)}: it applies"))
                    continue
                candidates.append(Candidate(rule_id, "prose", "review", PROSE_CONFIDENCE, f"{where}'s text says “{said(phrase)}”"))
                remarks.append(Remark("review", f"{where}'s text says “{said(phrase)}” ({rule_id})"
                                                f"{version_not_given(self.kb, rule_id, phrase)}, more restrictive than "
                                                f"{', '.join(applying)}; confirm which applies to the weights"))
        # "All models are licensed under MIT and the Acme Model Terms." beside `license: mit`: the license that applies is
        # not all the weights are under, and what the other terms say licscan cannot tell (acc65); as with nothing applying
        remarks += [Remark("unsettled", f"{where}'s text names, beside a license licscan knows, terms it does not know: “{said(phrase)}”")
                    for phrase in unknown_terms_beside(self.kb, body, (self.kb.get(rule_id) for rule_id in applying))[:3]]
        governing = {c.license_id for c in candidates if c.role == "governs"}
        for rule_id, line in mixed.items():
            if rule_id not in applying and rule_id not in governing and restrictiveness(self.kb.get(rule_id)) > limit:
                remarks.append(Remark("unsettled", f"{where}'s license line “{said(line)}” names {rule_id}, more restrictive than "
                                                   f"{', '.join(applying)}, with words about something else: whether the weights "
                                                   "are under it, they do not settle"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

    def _named(self, body: str, bare: dict[str, str]) -> list[tuple[str, str]]:
        """(rule id, the words) for every license the card's words name: its prose, its license lines and links, and
        what its own License line gives as its license's kind (``bare``: "**License:** Non-commercial")."""
        named = [*prose_licenses(self.kb, body), *license_lines(self.kb, self.matcher, body), *linked_licenses(self.kb, body)]
        known = {rule_id for rule_id, _ in named}
        return [*named, *((rule_id, line) for rule_id, line in bare.items() if rule_id not in known)]


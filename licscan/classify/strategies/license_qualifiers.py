"""What a license line says beside the license it names (acc66): "**License:** Apache-2.0 (non-commercial)", "License:
Apache-2.0 (academic use)", "This model is Apache-2.0 licensed, excluding commercial use." restrict the model as the card's
own non-commercial or research-only terms do; "License: Apache-2.0 (with restrictions)", "Released under Apache-2.0 with
additional use restrictions.", "Licensed under a modified Apache-2.0." leave its terms to a reader: the license as named
is not all of them. The qualifiers are data (rules/card-words/license-qualifiers.yaml), read on a "License:" label's
value, a License section's line and a short sentence saying which license the model is under, with the license's name
taken out (its own words: "NonCommercial", "Research", "Modified"). A line said of something else ("Code: MIT
(non-commercial)", a data section's label: lines_for_the_weights) restricts nothing here, nor does a qualifier that
grants commercial use ("(free for commercial and non-commercial use)"), nor restrictions that are the license's own
kind ("OpenRAIL-M (with use-based restrictions)": only a permissive or copyleft license's terms are its text alone)."""

from __future__ import annotations

from ...lazy_regex import lazy
from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, card_markup_text, plain_latin_letters, tokens
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import Qualifiers, load_card_words, load_qualifiers
from .card_links import LINK, words_of_line
from .card_tables import weights_table_rows
from .card_terms import RESTRICTION_RULES
from .license_lines import lines_for_the_weights
from .license_sections import LICENSE_LABEL, kind_of_license_line, lines_of_sections
from .prose import SENTENCE_END

_MARKS = lazy(r"[*_`]+")
# A license's name said alone on a line (its words and a version: "MIT", "Apache License 2.0"), and a line that is only a
# qualifier for it: words in brackets, or a few words ("(academic use)", "Non-commercial use only")
_NAME_ALONE_WORDS = 4
_A_LABEL = lazy(r"\W*[^\W\d_][\w ]{0,30}[:：]")
_QUALIFIER_LINE = lazy(r"\([^()]{1,80}\)\.?|(?:\S+\s+){0,3}\S+")
_WORD_RUN = lazy(r"\S+")


def _around_the_name(matcher: Matcher, vocabulary: Qualifiers, value: str) -> tuple[str, str] | None:
    """The words before and after the first license name the value holds (the shortest run of its words that names it)
    in the clause that names it, or None when it names none."""
    words = list(_WORD_RUN.finditer(value))
    end = next((w.end() for w in words if matcher.named_licenses(tokens(value[:w.end()]))), None)
    if end is None:
        return None
    start = next((w.start() for w in reversed(words) if w.start() < end and matcher.named_licenses(tokens(value[w.start():end]))), 0)
    before, after = value[:start], value[end:]
    if (opening := vocabulary.before_starts.match(before)) is not None:
        before = before[opening.end():]
    if (ending := vocabulary.after_ends.search(after)) is not None:
        after = after[:ending.start()]
    return before, after


class LicenseLineQualifiers(EvidenceStrategy):
    name = "license line qualifiers"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body:
            return Reading(self.name)
        vocabulary, words = load_qualifiers(), load_card_words()
        # (the whole body, as CardProse asks it, so that the answer it remembered serves: both read its first
        # MAX_CLASSIFY_CHARS characters only, and plain_latin_letters keeps one character for one)
        body, _ = lines_for_the_weights(self.kb, self.matcher, plain_latin_letters(evidence.card_body))
        applying = so_far.applying()
        found = {c.license_id for reading in so_far.readings for c in reading.candidates}
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        unsettled: list[Remark] = []
        # a table's License column is the row's "License:" label ("| Model | License |" ... "| Acme-7B | Apache-2.0
        # (non-commercial) |": acc69)
        cells = {row: cell for cell, row in weights_table_rows(body)}
        named_alone = ""   # a License section's line that is a license's name alone ("MIT"), read with the next line's words
        # (the very next line: not one after a blank line, nor a label's line, "Telemetry: internal use only", review64)
        raw = body[:MAX_CLASSIFY_CHARS].splitlines()
        after_blank = {line for previous, line in zip(raw, raw[1:], strict=False) if not previous.strip()}
        for line, in_section, heading, lead, _, _ in lines_of_sections(body):
            if (cell := cells.get(line.strip()[:200])) is not None:
                line = f"License: {cell}"
            text = _MARKS.sub(" ", card_markup_text(LINK.sub(r"\1", words_of_line(self.kb, line))))
            before, named_alone = named_alone, ""
            if in_section and len(text.split()) <= _NAME_ALONE_WORDS and self.matcher.named_licenses(tokens(text)):
                named_alone = text.strip()
            elif (before and in_section and line not in after_blank and not _A_LABEL.match(text)
                  and _QUALIFIER_LINE.fullmatch(text.strip()) and not self.matcher.named_licenses(tokens(text))):
                # "## License" / "MIT" / "(academic use)": the section's next line qualifies the name said alone (acc69)
                text = f"{before} {text.strip()}"
            for sentence in SENTENCE_END.split(text):
                label = LICENSE_LABEL.match(sentence)
                if not (in_section or label or vocabulary.license_sentence.search(sentence)):
                    continue
                if len(sentence.split()) > vocabulary.max_words or not any(p.search(sentence) for _, p in vocabulary.kinds):
                    continue
                value = sentence[label.end():] if label else sentence
                around = _around_the_name(self.matcher, vocabulary, value)
                if around is None or words.is_trap(sentence) or vocabulary.grants.search(value):
                    continue
                # "Code: MIT (non-commercial)": said of something else; not "Apache-2.0 (demo use only)", whose "demo" is the
                # use the qualifier allows (acc71): the line without the restricting words says of what it is
                only_restrictions = False
                if kind_of_license_line(words, heading, lead, sentence, in_section) is None:
                    unqualified = sentence
                    for kind, pattern in vocabulary.kinds:
                        if kind != "open":
                            unqualified = pattern.sub(" ", unqualified)
                    if unqualified == sentence or kind_of_license_line(words, heading, lead, unqualified, in_section) is None:
                        continue
                    only_restrictions = True
                named = [rule for rule_id in self.matcher.named_licenses(tokens(value)) if (rule := self.kb.get(rule_id)) is not None]
                quote = " ".join(sentence.split())[:240]
                for kind, pattern in vocabulary.kinds:
                    said = next((m.group(0) for part in around if (m := pattern.search(part))), None)
                    if said is None:
                        continue
                    if kind == "open":
                        if only_restrictions:
                            continue
                        word = said.split()[0].lower() if said.split() else said
                        if (not named or any(rule.category not in vocabulary.open_for_categories for rule in named)
                                or any(word in rule_id for rule_id in (*applying, *(rule.id for rule in named)))):
                            continue   # "OpenRAIL-M (with use-based restrictions)", "Modified MIT" of kimi-k2-modified-mit
                        if not unsettled:
                            unsettled.append(Remark("unsettled", f"the card's license line “{quote}” qualifies "
                                                                 f"{', '.join(rule.id for rule in named)} (“{said.strip()}”): "
                                                                 "terms beside or instead of the license's text, which licscan cannot read"))
                        continue
                    rule_id = RESTRICTION_RULES[kind]
                    if rule_id in found or (named and all(rule.category == "non-commercial" for rule in named)):
                        continue   # already a restriction ("CC BY-NC 4.0 (non-commercial)" is that license's word)
                    found.add(rule_id)
                    candidates.append(Candidate(rule_id, "card-terms", "governs", METADATA_CONFIDENCE,
                                                f"the card's license line restricts use of the model: “{quote}”"))
                    remarks.append(Remark("note", f"the card's license line “{quote}” qualifies the license it names "
                                                  f"(“{said.strip()}”): it restricts use of the model ({kind})"))
        return Reading(self.name, candidates=tuple(candidates), remarks=(*remarks, *unsettled))

"""Restrictions the model card's own words put on the model ("for research purposes only", "non-commercial
use only", "commercial use requires written permission"): terms beside whatever license it declares, so the
most restrictive decides. A clause about a dataset, another system's outputs or a warranty restricts
something else (rules/card-words/phrases.yaml)."""

from __future__ import annotations

import re

from ...card_html import card_html_as_markdown
from ...lazy_regex import lazy
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, card_markup_text, plain_latin_letters
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import CardWords, load_card_words, sentences
from ..clause_grammar import clauses, why_another_license
from .card_body import CardBodyText, holds_a_license_text
from .card_links import badges_as_words
from .card_tables import other_models_rows, terms_sections

# The rule each kind of restriction is judged by.
RESTRICTION_RULES = {"research-only": "card-research-only", "non-commercial": "card-non-commercial",
                     "revenue-threshold": "card-revenue-threshold", "commercial-conditions": "card-commercial-conditions",
                     "registration-required": "card-commercial-registration", "permission-required": "card-commercial-permission"}
# Words that leave a registration or an application to the authors' decision: no grant until they approve
_AT_THE_AUTHORS_DISCRETION = lazy(r"\bapprov|\bdiscretion\b|case[- ]by[- ]case|\breview (?:and|each|every|all)\b|"
                                  r"\b(?:accept|reject|refuse|deny|decline)s? (?:or (?:reject|accept|deny)s? )?(?:any|an?|the|each)? ?"
                                  r"(?:application|request)|\breserve the right\b", re.IGNORECASE)
_CODE_BLOCK = lazy(r"^[^\S\n]*(```|~~~)([^\n]*)\n(.*?)^\s*\1", re.MULTILINE | re.DOTALL)
# A fenced block's info string that says it holds no code: none, or plain text
_PROSE_INFO = lazy(r"\s*(?:te?xt|plain(?:text)?|none|markdown|md)?\s*", re.IGNORECASE)
# A line of code, a command or data, which prose has none of: an assignment, a call, a keyword opening a statement, a
# prompt, a brace, a comment mark, a markup tag
_CODE_LINE = lazy(r"^\s*(?:import\s+\w|from\s+[\w.]+\s+import\b|def\s+\w+\s*\(|class\s+\w+\s*[(:]|(?:pip\d?|python\d?|git|"
                  r"curl|wget|sudo|cd|export|docker|npm|conda|huggingface-cli|ollama)\s+-{0,2}\w|\$\s|>>>|#include\b|//|@\w+\s*\{)"
                  r"|(?:^|\s)[A-Za-z_][\w.\[\]'\"]*[^\S\n]*(?:[-+*/]?=|==|=>|->)[^\S\n]*[^\s=]|\b\w+\.\w+\(|\b\w+\(\)|\b\w+\([^)\n]*(?:=|[\"'])|[{}][^\S\n]*$|^[^\S\n]*[\[\]][^\S\n]*$"
                  r"|<\|/?[a-z_]+\|>|</?s>", re.IGNORECASE | re.MULTILINE)
_MARKUP = lazy(r"[*_`>#|]+")
# A line that is one short statement ending in its full stop ("Non-commercial.", "Academic use only."), no label before a
# colon: read again with the stop, which sentences() takes away and which tells a statement of the model's use from a
# heading ("## Non-commercial" names a section of a card comparing licenses) or a table's cell (review30 F3); also the
# first statement of a line that goes on with another sentence ("Academic use only. Please cite our paper.", review52)
_STATEMENT_LINE = lazy(r"^[^\S\n]*+([^\n.!?。:：]{1,60}+[.!])(?:[^\S\n]*+$|[^\S\n]++(?=[A-Z]))", re.MULTILINE)


# The terms a work's source was used under, in Creative Commons' attribution notice ("This work "X" is a derivative of
# [CSR-I (WSJ0) Complete](...) by [LDC](...), used under [LDC User Agreement for Non-Members](...) (Research only). "X" is
# licensed under [CC BY-SA 3.0](...)"): ", used under" the source's terms, with their kind in parentheses, is said of the
# source (the data the model was made from), not of the work, whose own license the notice states after it (the
# mhu-coder and mpariente ConvTasNet cards; the JorisCos ones call their source a dataset, which the phrase reader sees).
# Within one sentence (a line break inside the link's text is kept, a blank line or a full stop ends it). Only a source
# that is clearly data (card-words ``data_source``: "[LibriSpeech ASR corpus](...)", "Smule's Research Data License
# Agreement", the LDC's catalog) and names no model: a model the work derives from ("[AcmeSep model](https://github.com/
# ...)", a base on the Hub) passes its terms on to it (acc78, review70 43/48).
_SOURCE_TERMS_QUALIFIED = lazy(r"\bderivative\s+of\s+(?P<source>(?:[^.\n]|\.(?=\S)|\n(?![^\S\n]*\n)){1,400}?),\s*used\s+under\s+"
                               r"(?P<terms>\[[^\]]{1,160}\]\([^)\s]{1,300}\)|[^\n(.;,\[]{1,80}?)[^\S\n]*(?P<qualifier>\([^()\n]{1,60}\))",
                               re.IGNORECASE)
# (only where the notice then gives the work's own license, as the attribution form does: '. "X" is licensed under
# [CC BY-SA 3.0](...)'; a source's terms the card says nothing after stay the card's words: a model on GitHub "used under
# [Acme License](...) (Research only)." may be this model's only terms, lead after acc72)
_THE_WORKS_OWN_LICENSE = lazy(r"[^\S\n]*[.;]?(?:[^.\n]|\n(?![^\S\n]*\n)){0,200}?\bis\s+licen[cs]ed\s+under\b", re.IGNORECASE)
_HUB_MODEL_LINK = lazy(r"\]\(\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/)", re.IGNORECASE)


def without_source_terms(words: CardWords, body: str) -> str:
    """The card without the parenthesised kind of the terms its attribution notice says the work's source was used
    under ("(Research only)" after "used under [LDC User Agreement for Non-Members](...)"), when that source is data:
    its words or its terms' name say so, and name no model (a model on the Hub or elsewhere)."""
    if "used under" not in body.lower():
        return body
    out, at = [], 0
    for found in _SOURCE_TERMS_QUALIFIED.finditer(body):
        source = plain_latin_letters(f"{found.group('source')} {found.group('terms')}")
        if (_HUB_MODEL_LINK.search(source) or words.the_model.search(source)
                or not words.data_source.search(source) or not _THE_WORKS_OWN_LICENSE.match(body, found.end("qualifier"))):
            continue
        out += [body[at:found.start("qualifier")], " " * (found.end("qualifier") - found.start("qualifier"))]
        at = found.end("qualifier")
    return "".join(out) + body[at:] if out else body


# A Markdown heading or a line in bold alone ("### Out-of-Scope Use", "**Out-of-scope uses**"), and a list item
_HEADING_LINE = lazy(r"^[^\S\n]{0,3}(?:#{1,6}[^\S\n]+(?P<heading>[^\n]+?)|(?P<bold>\*\*|__)(?P<label>[^\n*_]{1,80})(?P=bold)[^\S\n]*:?)[^\S\n]*#*$",
                     re.MULTILINE)
_LIST_ITEM = lazy(r"^[^\S\n]*(?:[-*+]|\d{1,2}[.)])[^\S\n]+([^\n]+)$", re.MULTILINE)
_ITEM_ENDS = lazy(r"^[\W_]+|[\W_]+$")
_SUB_ITEM = lazy(r"[^\S\n]*(?:[-*+]|\d{1,2}[.)])[^\S\n]+\S")


def _indent(item: re.Match[str]) -> int:
    """How far a list item's line is indented (a tab as four spaces)."""
    line = item.group(0)
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


# A sub-item that narrows the item above it to some of its uses, as a precondition does ("- Commercial use\n  - without
# human oversight", "  - in regulated domains", "  - in high-risk settings", "  - that violate applicable laws"); not one
# that lists kinds of it ("  - including hosted APIs", "  - e.g. selling access", "  - such as ...", "  - paid APIs", review54 1)
_NARROWS = lazy(r"^\W*(?:without|unless|except\b|only (?:if|when|where)\b|if\b|when\b|where\b|"
                r"that (?:[\w-]+ )?(?:violat|breach|break|infring|contraven|harm|endanger|discriminat|could|may|might|would|pose)\w*|"
                r"(?:in|for|within|involving) (?:[\w-]+ ){0,3}?(?:regulated|high[- ]risk|high[- ]stakes|safety[- ]critical|"
                r"mission[- ]critical|life[- ]critical)\b)", re.IGNORECASE)


def _qualified(body: str, item: re.Match[str]) -> bool:
    """Whether the list item has more-indented sub-items right below it and each narrows it (``_NARROWS``)."""
    sub_items = []
    at = item.end() + 1
    while (sub_item := _SUB_ITEM.match(body, at)) is not None and _indent(sub_item) > _indent(item):
        line_end = body.find("\n", at)
        line_end = len(body) if line_end < 0 else line_end
        sub_items.append(body[sub_item.end() - 1:line_end])
        at = line_end + 1
    return bool(sub_items) and all(_NARROWS.match(plain_latin_letters(card_markup_text(said))) for said in sub_items)


def out_of_scope_items(words: CardWords, text: str) -> list[tuple[str, str]]:
    """(the heading, the item) for each item of a list under an "Out-of-Scope Use" heading that is commercial use alone
    ("- Commercial use", "- Use in commercial products or services"; card-words ``out_of_scope_commercial``), down to the
    next heading: the author lists commercial use among the uses the model is not for (review52)."""
    found = []
    body = _CODE_BLOCK.sub("\n", text[:MAX_CLASSIFY_CHARS])
    headings = list(_HEADING_LINE.finditer(body))
    for at, heading in enumerate(headings):
        title = " ".join(_ITEM_ENDS.sub("", _MARKUP.sub(" ", heading.group("heading") or heading.group("label"))).split())
        # (on the title as written too: a heading in Chinese or Japanese has no Latin letters to fold, review54)
        if not (words.out_of_scope_heading.search(plain_latin_letters(title)) or words.out_of_scope_heading.search(title)):
            continue
        end = headings[at + 1].start() if at + 1 < len(headings) else len(body)
        for item in _LIST_ITEM.finditer(body, heading.end(), end):
            if _qualified(body, item):
                continue   # "- Commercial use" with sub-items ("  - without human oversight"): the item says more (review53 D)
            said = " ".join(_ITEM_ENDS.sub("", _MARKUP.sub(" ", card_markup_text(item.group(1)))).split())
            if words.out_of_scope_commercial.search(plain_latin_letters(said)) or words.out_of_scope_commercial.search(said):
                found.append((title, said))
    return found


def card_prose(body: str, *, pasted: bool = False) -> str:
    """The card's words without its code blocks, HTML tags and markdown emphasis, character references decoded, and
    its badges as the words they show: a badge saying "License | Research Only" restricts as those words do (review37).
    A fenced block of terms is read (_prose_or_nothing); ``pasted``: the card holds a license text, whose lines are
    blanked before this is read (card_body.without_pasted_license_text), so a fence of prose is read whatever is left."""
    fenced = _prose_not_dialogue if pasted else _terms_or_nothing
    return _MARKUP.sub(" ", card_markup_text(badges_as_words(_CODE_BLOCK.sub(
        lambda block: fenced(block.group(2), _as_rendered(block.group(3))), body[:MAX_CLASSIFY_CHARS]))))


def _terms_or_nothing(info: str, content: str) -> str:
    """A fenced block's words (its info string and its content, rendered) when it is prose (_prose_or_nothing) of
    terms: at least two kinds of a license text's words, or a sentence about the model or its weights, and no turn of a
    dialogue. A fence of prose with neither is an example (a chat, a prompt, a sample output: "User: Is this model for
    research only?", "Translate to French: ... for non-commercial use only"), not the card's own words (review41)."""
    if len({m.group(1).lower()[:5] for m in _TERMS_WORDS.finditer(content)}) < 2 and not _OF_THE_MODEL.search(content):
        return "\n"
    return _prose_not_dialogue(info, content)


def _prose_not_dialogue(info: str, content: str) -> str:
    return "\n" if _DIALOGUE_LINE.search(content) else _prose_or_nothing(info, content)


def _prose_or_nothing(info: str, content: str) -> str:
    """A fenced block's words when it is prose (a license text or sentences, no info string of a language, no line of
    code): a restriction written in it restricts as one outside it does (review40: "for research purposes only" under a
    pasted Apache text in one fence); code, a command's output or a prompt's markup is not read. Its HTML is read as the
    Markdown it renders like first (card_html, _as_rendered): "<p>These weights are for research purposes only.</p>" is
    prose, its tags' attributes no assignments of code (acc43)."""
    if not _PROSE_INFO.fullmatch(info) or _CODE_LINE.search(content) or not _SENTENCE_WORDS.search(content):
        return "\n"
    return f"\n{content}\n"


def _as_rendered(content: str) -> str:
    """A fenced block's content with its HTML as the Markdown it renders like (card_html), when it has any."""
    return card_html_as_markdown(content) if "<" in content else content


# A run of words as a sentence has them
_SENTENCE_WORDS = lazy(r"[A-Za-z]{2,}(?:[ \t]+[A-Za-z'’,-]+){3,}")
# Words of a license or terms text, by kind (the first five letters tell the kinds apart)
_TERMS_WORDS = lazy(r"\b(licen[cs]|grant|permi(?:ssion|tted)|warrant|liabilit|redistribut|copyright|terms and conditions|"
                    r"notwithstanding|hereby|herein|thereof)", re.IGNORECASE, first_chars=True)
# A sentence whose subject is the model or its weights ("These weights are for non-commercial use only.")
_OF_THE_MODEL = lazy(r"(?:^|[.!?][^\S\n]+)[^\S\n]*(?:this|these|the|our)[^\S\n]+(?:model[^\S\n]+)?(?:model|weights|checkpoints?)\b",
                     re.IGNORECASE | re.MULTILINE)
# A turn of a dialogue or a prompt's part: "User:", "Assistant:", "Q:", "### Instruction:", "Input:", "Output:"
_DIALOGUE_LINE = lazy(r"^\W*(?:user|assistant|human|system|bot|ai|q|a|question|answer|instruction|input|output|prompt|"
                      r"response|context)\s*[:：]", re.IGNORECASE | re.MULTILINE)


class CardTerms(EvidenceStrategy):
    name = "card restrictions"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        body = without_source_terms(load_card_words(), evidence.card_body)
        others = other_models_rows(body, evidence.entry.ref)
        if others:   # a family table's rows about its other models ("Released for research purposes only" of the -p3 ones)
            body = "\n".join("" if line in others else line for line in body.split("\n"))
        readings = []
        # a license text pasted into the card, whole or most of it, speaks for itself (its "NonCommercial"
        # is that license's, judged by the card-body strategy); an exact copy is not in the words read here
        # (card_body.without_pasted_license_text), and the card's own words around it are read
        pasted = any(r.strategy == CardBodyText.name and r.findings for r in so_far.readings)
        if body.strip() and not (any(r.strategy == CardBodyText.name and (r.findings or r.remarks) for r in so_far.readings)
                                 and holds_a_license_text(self.matcher, body)):
            readings.append(restrictions_reading(self.name, body, "the card", terms_sections(body), pasted=pasted))
        # a guide to using the model (RESPONSIBLE_USE.md, USAGE.md) is read as the card is: its "Terms of Use" section
        # restricts, its safety advice does not
        readings += [restrictions_reading(self.name, file.text, file.name, terms_sections(file.text))
                     for file in evidence.files if file.role == "use-guide" and file.text.strip()]
        readings.append(tags_reading(self.name, evidence.card.tags))
        return _merged(self.name, readings)


# A card's tag is compared whole with the restricting tags of rules/card-words/phrases.yaml, its separators folded
# ("Non_Commercial", "research only")
_TAG_SEPARATORS = lazy(r"[\s_-]+")


def tags_reading(strategy: str, tags: tuple[str, ...]) -> Reading:
    """The restrictions the card's tags state (`non-commercial`, `research-only`), each once."""
    words = load_card_words()
    candidates: dict[str, Candidate] = {}
    remarks: list[Remark] = []
    for tag in tags:
        kind = words.restricting_tags.get(_TAG_SEPARATORS.sub("-", tag.strip().lower()))
        if kind is None or RESTRICTION_RULES[kind] in candidates:
            continue
        rule_id = RESTRICTION_RULES[kind]
        candidates[rule_id] = Candidate(rule_id, "card-terms", "governs", METADATA_CONFIDENCE,
                                        f"the card's tag {tag[:80]!r} restricts use of the model")
        remarks.append(Remark("note", f"the card's tag {tag[:80]!r} restricts use of the model ({kind})"))
    return Reading(strategy, candidates=tuple(candidates.values()), remarks=tuple(remarks))


def _about_data(words: CardWords, prose: str, at: int) -> bool:
    """Whether the line at ``at`` is an item of what a heading or a lead-in before its block names as data ("## Training
    data" over "- wikipedia" and "- Non-commercial.", "Some of the data we used is:"): the data's terms (review32)."""
    before = prose[:at].rstrip("\n").split("\n")[-12:]
    block_started = False
    for line in reversed(before):
        if not line.strip():
            block_started = True
            continue
        if words.is_trap(line) or line.rstrip().endswith((":", "：")) and words.something_else.search(line):
            return True   # not any lead-in: "Usage restrictions:", "Please note:" over "- Non-commercial." (review34)
        if block_started:
            return False   # the line before the block: a heading or a paragraph that names no data
    return False


def _release_statements(words: CardWords, said: list[str]) -> set[int]:
    """The sentences that open a fitness disclaimer ("This release is for research purposes only in support of an
    academic paper." before "Our models, datasets, and code are not specifically designed or evaluated for all downstream
    purposes.", Salesforce's ethics boilerplate), by position: each says what the release was made for, no term (acc43);
    the reading notes it, so that a reviewer sees the words set aside."""
    return {i for i in range(len(said) - 1) if words.disclaims_fitness(said[i], said[i + 1])}


def _merged(strategy: str, readings: list[Reading]) -> Reading:
    """The readings as one, each restriction once (the first said of it quoted); a reading's remarks are its
    candidates' in their order, then notes of its own."""
    candidates: dict[str, Candidate] = {}
    remarks: list[Remark] = []
    for reading in readings:
        paired = len(reading.candidates)
        for candidate, remark in zip(reading.candidates, reading.remarks[:paired], strict=True):
            if candidate.license_id not in candidates:
                candidates[candidate.license_id] = candidate
                remarks.append(remark)
        remarks += [remark for remark in reading.remarks[paired:] if remark not in remarks]
    return Reading(strategy, candidates=tuple(candidates.values()), remarks=tuple(remarks))


# A line's parts: " | " between them (a line that opens with "|" is a table's row, read as it is); a list item's marker
_PART_SEPARATOR = lazy(r"[^\S\n]+\|[^\S\n]+")
_ITEM_MARKER = lazy(r"[^\S\n]*(?:[-*+]|\d{1,2}[.)])[^\S\n]+")


# (a license's name ends the label's sentence with its full stop: "Code: MIT. Acme-7B is ...", "Apache 2.0. It ...")
_PART_SENTENCE_END = lazy(r"(?<=[.!?。！？])\s+")
_ABOUT_CODE = lazy(r"\b(?:code|codebase|scripts?|software|implementation|source|library|package)\b", re.IGNORECASE)
_NO_SUBJECT = lazy(r"^\W*(?:(?:a |separate |also )?(?:commercial|enterprise|proprietary) licen[cs](?:es?|ing)|dual[- ]licen[cs]ed|"
                   r"(?:also )?available|see|contact)\b", re.IGNORECASE)


def without_code_parts(words: CardWords, text: str) -> str:
    """The text without the parts of its lines that a label gives to the code ("**Model Weights:** Llama 3.2 Community
    License | **Code:** AGPL-3.0 for research/academia — commercial licenses available", "* **Training code:** AGPL-3.0.
    Commercial licenses available": card-words ``code_part_label``, acc65): what is said there of licenses or commercial
    use is the code's, dual-licensed code being common. A "|"-separated part of a line, or a whole line or list item, that
    opens with the label; a sentence of it that names the model or its weights is kept. A line on its own with no label
    ("Commercial licenses available.") is read as it is: whose it is, its words do not say."""
    if "ode" not in text and "oftware" not in text and "cript" not in text and "mplementation" not in text:
        return text
    lines = text.split("\n")
    for at, line in enumerate(lines):
        if line.lstrip().startswith("|") or ":" not in line and "：" not in line:
            continue
        marker = _ITEM_MARKER.match(line)
        head, rest = (line[:marker.end()], line[marker.end():]) if marker else ("", line)
        parts = _PART_SEPARATOR.split(rest)
        kept = []
        for part in parts:
            plain = plain_latin_letters(" ".join(_MARKUP.sub(" ", part).split()))
            if not words.code_part_label.match(plain):
                kept.append(part)
                continue
            # the label's own sentence is the code's, and so is a later one about code or with no subject of its own
            # ("Commercial licenses available"); any other later sentence is read ("Code: MIT. Acme-7B is for research
            # only.", "... It may not be used commercially.", review62), as is one naming the model or its weights
            said = [s for i, s in enumerate(_PART_SENTENCE_END.split(_MARKUP.sub(" ", part).strip()))
                    if words.the_model.search(plain := plain_latin_letters(s))
                    or (i > 0 and not _ABOUT_CODE.search(plain) and not _NO_SUBJECT.match(plain))]
            if said:
                kept.append(" ".join(said))   # "Code: MIT. The model weights are for research only.": the weights' words
        if len(kept) < len(parts):
            lines[at] = head + " | ".join(kept)
    return "\n".join(lines)


def restrictions_reading(strategy: str, text: str, where: str, terms: list[str] | None = None, *, pasted: bool = False) -> Reading:
    """The restrictions a card's words put on the model, each once, quoted as coming from ``where``; in the ``terms``
    (its license or terms sections) advice is a term too (review20 F2)."""
    words = load_card_words()
    candidates: dict[str, Candidate] = {}
    remarks: list[Remark] = []
    prose = card_prose(without_code_parts(words, text), pasted=pasted)
    said = sentences(prose)
    set_aside = _release_statements(words, said)
    for sentence, in_terms in [*((s, False) for i, s in enumerate(said) if i not in set_aside),
                               # in a license or terms section the boilerplate is a term, as advice is (acc45)
                               *((s, True) for section in terms or [] for s in sentences(card_prose(without_code_parts(words, section)))),
                               *((line.group(1), False) for line in _STATEMENT_LINE.finditer(prose)
                                 if not _about_data(words, prose, line.start()))]:
        for clause in clauses(sentence):
            kind = words.restriction(clause, in_terms)
            if kind == "registration-required" and _AT_THE_AUTHORS_DISCRETION.search(sentence):
                kind = "permission-required"   # "upon application and subject to our written approval" (review32)
            if kind is None or RESTRICTION_RULES[kind] in candidates:
                continue
            if kind == "non-commercial" and why_another_license(sentence, clause, words.the_model):
                continue   # "CC BY-NC 4.0 does not permit commercial use, so we chose Apache-2.0" (acc21)
            rule_id = RESTRICTION_RULES[kind]
            quote = " ".join(sentence.split())
            if len(quote) > 240:   # a long sentence (a license's grant) is quoted by the clause that restricts
                quote = " ".join(clause.split())[:240]
            candidates[rule_id] = Candidate(rule_id, "card-terms", "governs", METADATA_CONFIDENCE,
                                            f"{where} restricts use of the model: “{quote}”")
            remarks.append(Remark("note", f"{where} restricts use of the model ({kind}): “{quote}”"))
            if kind != "registration-required":
                break   # a registration is a condition: the sentence's next clause may leave commercial use stricter
    if RESTRICTION_RULES["non-commercial"] not in candidates:
        for heading, item in out_of_scope_items(words, text):
            quote = f"{heading}: {item}"[:240]
            candidates[RESTRICTION_RULES["non-commercial"]] = Candidate(
                RESTRICTION_RULES["non-commercial"], "card-terms", "governs", METADATA_CONFIDENCE,
                f"{where} lists commercial use as out of scope: “{quote}”")
            remarks.append(Remark("note", f"{where} restricts use of the model (non-commercial): commercial use is listed "
                                          f"as out of scope: “{quote}”"))
            break
    # after the candidates' own remarks, in their order (_merged pairs them)
    remarks += [Remark("note", f"{where} says “{' '.join(said[i].split())[:240]}”, followed by a disclaimer of fitness for "
                               "downstream purposes: read as what the release was made for, not as a term of its license")
                for i in sorted(set_aside)]
    return Reading(strategy, candidates=tuple(candidates.values()), remarks=tuple(remarks))

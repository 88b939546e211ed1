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
"""

from __future__ import annotations

import re

from ...lazy_regex import lazy, prefiltered
from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters, tokens
from ...rules import KnowledgeBase, LicenseRule, restrictiveness
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar, strictest
from ..card_words import CardWords, load_card_words
from ..memo import Memo, split_remembered
from .card_links import LINK as _LINK
from .card_links import linked_licenses, linked_rules, missing_license_files
from .card_tables import LICENSE_WORD, dataset_table_rows, weights_table_rows
from .denied_licenses import DENIED_BEFORE, without_denied_licenses

_PROSE = lazy(
    # "released under X", "We release the model weights under X", "released by Acme under X" (a "by" that a
    # name and "under" follow names who released it, not the license)
    r"(?:licen[cs]ed|licen[cs]ing|releas(?:e|es|ed|ing)|distribut(?:e|es|ed|ing)|available|provided|governed)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:under|by(?!\s+(?:[\w-]+\s+){1,3}?under\b))\s+(?P<rest>[^\n]{1,160})"
    r"|\blicen[cs]e(?:\s*[:\-]|\s+is)\s*(?P<rest2>[^\n]{1,160})"   # "License: X", "The license is X"
    # Chinese and Japanese say the license's name before the word for license: "模型权重采用 CC BY-NC 4.0
    # 许可证发布", "遵循 Apache 2.0 协议", "モデルの重みは CC BY-NC 4.0 ライセンスで公開": the name is
    # somewhere in the words before it, as after "License:"
    r"|(?:采用|使用|遵循|遵守|依据|根据|按照|依照|基于|在|以|受|は|を)\s*(?P<rest3>[^，。；,;\n]{1,80}?)\s*"
    r"(?:开源)?(?:许可证|许可协议|许可|授权协议|协议|ライセンス|利用規約|使用許諾)"
    # German, French, Spanish "under": "Die Modellgewichte werden unter CC BY-NC 4.0 veröffentlicht", "sous licence ...",
    # "bajo la licencia ...": the name comes first, as after "released under"
    r"|\b(?:unter|sous|bajo)\s+(?:(?:der|die|dem|la|le|l'|licen[cs]e|lizenz|licencia)\s+){0,2}(?P<rest4>[^\n]{1,160})"
    # "Code: Apache 2.0; model weights: CC BY-NC 4.0", "... while the weights are under CC BY-NC 4.0"
    # "The model weights are CC BY-NC 4.0" (what a denied license leaves: "are not Apache 2.0 but CC BY-NC 4.0"): a name;
    # "...; they are under CC BY-NC 4.0" (what "they" are, the sentence before says); not "are not under X"
    r"|\b(?:(?:model\s+)?weights|they(?=\s+are\b))\s*(?::|(?:is|are)\s+(?:(?!not\b)\w+\s+)?under|(?:is|are)\s+(?-i:(?=[*_`]*[A-Z])))"
    r"\s*(?P<rest5>[^\n]{1,160})",
    re.IGNORECASE,
)
# A word each of _PROSE's forms holds: a statement with none names no license (most statements of a card), and
# blanking the licenses it denies (which only turns words into spaces) cannot give it one
_PROSE_WORDS = lazy(r"licen|releas|distribut|available|provided|governed|采用|使用|遵循|遵守|依据|根据|按照|依照|基于|在|以|受|は|を"
                    r"|unter|sous|bajo|weights|they", re.IGNORECASE)
# Where one statement of a sentence ends and another begins: "The code is released under Apache 2.0, and the
# model weights are released under CC BY-NC 4.0" names a license in each.
_BREAK = lazy(r"<br\s*/?>", re.IGNORECASE)   # a line break in a card's HTML ends a statement as a new line does
_PRONOUN = lazy(r"^\W*(?:it|they|these|those|this|which)\b", re.IGNORECASE)
_STATEMENT_END = lazy(r",\s*(?:and|but|while|whereas)\s+|;\s*|\s+(?:while|whereas)\s+", re.IGNORECASE)
# Words that say a sentence is about the weights besides the card words' own (Chinese ones there):
# Japanese "モデル" (model), "重み"/"ウェイト" (weights), Chinese "检查点" (checkpoint); German, French, Spanish
# (prefiltered: asked of every sentence of a card, and "modele"/"modèle" spelt out so that each branch has a word
# of its own to look for; "mod" would let every "modify" through)
_ABOUT_THE_WEIGHTS_CJK = prefiltered(r"モデル|重み|ウェイト|チェックポイント|检查点|gewichte|\bmodell|\bpoids\b|\bmodele\b|\bmodèle\b|\bpesos\b"
                                     r"|\bmodelo\b", re.IGNORECASE)


def about_the_weights(sentence: str) -> bool:
    return bool(load_card_words().about_the_weights.search(sentence) or _ABOUT_THE_WEIGHTS_CJK.search(sentence))
_SENTENCE_END = lazy(r"(?<=[.;!?])\s+|(?<=[。！？；])|\n")


# Words that are license names in the rules but also ordinary words after "licensed under".
_NOT_A_NAME = {"the", "a", "an", "our", "this", "other", "same", "terms"}
_LEADING_ARTICLES = ("the", "a", "an", "our", "this")


def prose_licenses(kb: KnowledgeBase, body: str) -> list[tuple[str, str]]:
    """Every license prose names ("code under MIT, weights under CC BY-NC 4.0"; "License:
    weights: CC-BY-NC-4.0, code: MIT"), as (rule id, the phrase), in order."""
    found: dict[str, str] = {}
    for sentence in split_remembered(_SENTENCE_END, _BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        for rule_id, phrase in _sentence_licenses(kb, sentence):
            found.setdefault(rule_id, phrase)
    return list(found.items())


# What _named_in_sentence found, by knowledge base and sentence (memo.py)
SENTENCE_LICENSES: Memo[tuple[tuple[str, str], ...]] = Memo()


def _sentence_licenses(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    return SENTENCE_LICENSES.get((kb, sentence), sentence, lambda: _named_in_sentence(kb, sentence))


def _named_in_sentence(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    """(rule id, the phrase) for each license one sentence's prose names, in order (repeats included)."""
    found: list[tuple[str, str]] = []
    # "outputs may be used commercially", a dataset's license: never the weights' license, statement by
    # statement ("The model is licensed under CC BY-NC 4.0, and the training data under Apache 2.0")
    statements = [part for part in _statements(sentence) if not _trap(part)]
    for statement, read, match in ((s, r, m) for s in statements if _PROSE_WORDS.search(s)
                                   for r in [without_denied_licenses(s)] for m in _PROSE.finditer(r)):
        if DENIED_BEFORE.search(read, 0, match.start()):
            continue   # "The weights are not released under Apache 2.0; ...": a license denied, with none given beside it
        named_anywhere = match.group("rest2") is not None or match.group("rest3") is not None   # "License: ...", "... 许可证"
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+\-]*", match.group("rest") or match.group("rest2") or match.group("rest3")
                           or match.group("rest4") or match.group("rest5") or "")
        start = 0
        while words and words[0].lower() in _LEADING_ARTICLES:
            words = words[1:]
        # after "released under" the name comes first; after "License:" it may come anywhere in the line
        while start < (len(words) if named_anywhere else min(1, len(words))):
            for length in range(min(8, len(words) - start), 0, -1):
                phrase = " ".join(words[start: start + length]).rstrip(".")
                rule = kb.by_name(phrase)
                if rule is not None and rule.kind == "license" and phrase.lower() not in _NOT_A_NAME:
                    found.append((rule.id, statement[match.start():match.end()].strip()[:200]))   # as written
                    start += length - 1
                    break
            start += 1
    return tuple(found)


# What a license's own name says of itself: a phrase after "licensed under" with one of these words and no
# license licscan knows in it names a license licscan does not know.
_LICENSE_NAME_WORD = lazy(r"\b(?:licen[cs]e|agreement|terms of use)\b", re.IGNORECASE)


def unknown_license_statements(kb: KnowledgeBase, body: str) -> list[str]:
    """The prose's "licensed/released under ..." phrases that name a license (its words say "License",
    "Agreement", "Terms of Use") licscan does not know, as the phrases."""
    out: list[str] = []
    for sentence in split_remembered(_SENTENCE_END, _BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        statements = [part for part in _statements(sentence) if not _trap(part)]
        for statement, match in ((s, m) for s in statements for m in _PROSE.finditer(without_denied_licenses(s))):
            rest = match.group("rest") or match.group("rest2") or match.group("rest5") or ""
            name = re.split(r"[.;,(\[]", rest, maxsplit=1)[0]
            if _LICENSE_NAME_WORD.search(name) and not prose_licenses(kb, match.group(0)) and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])
    return out


_GENERIC_NAME_WORDS = frozenset("the a an our this its their model models license licence licensed licenses agreement terms "
                                 "of use community open under by governed released is are".split())


def _names_vendor_of(rule: LicenseRule, phrase: str) -> bool:
    """The phrase's license name says nothing but the vendor of ``rule`` ("the Meta license" for Llama 2,
    whose license page is on ai.meta.com): a way of referring to that license, not another one."""
    name = re.split(r"[.;,(\[]", re.split(r"\b(?:under|by)\b", phrase, maxsplit=1)[-1], maxsplit=1)[0]
    distinctive = {word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in _GENERIC_NAME_WORDS}
    known = set(re.findall(r"[a-z0-9]+", " ".join((rule.name, *rule.aliases, *rule.links)).lower()))
    return bool(distinctive) and distinctive <= known


# A reason a license line gives, and a concession before it: "CC BY-NC 4.0, because the training data is
# non-commercial", "Although the base is Apache 2.0, this fine-tune is CC BY-NC 4.0 because of its training data".
# What they name (training data, a base) says why, not what the line licenses: the line is read without them,
# unless they name the model or its weights ("Apache 2.0 for the code, since the weights are CC BY-NC 4.0").
_REASON = lazy(r"[\s,;(-]*\b(?:because|since|due to|owing to|as a result of|given that)\b.*$"
               r"|^[\W_]*(?:although|though|even though|while|whereas)\b[^,;]{1,200}[,;]", re.IGNORECASE)


def _without_reason(line: str) -> str:
    kept = _REASON.sub(lambda said: said.group(0) if _MODEL_OR_SAME.search(said.group(0)) else " ", line).strip()
    return kept or line


def license_lines(kb: KnowledgeBase, matcher: Matcher, body: str) -> list[tuple[str, str]]:
    """Licenses named on a card's lines about licensing: a line that says "license" (a table row
    "| Weights license | CC BY-NC 4.0 |", "**License**: ...") or any line of a "License" section,
    in its words or by a link ("[Gemma Terms of Use](https://ai.google.dev/gemma/terms)": the link's
    text names it, or its URL is a vendor's license page a rule lists), and a table row about the weights
    under a "License" column ("| Weights | CC BY-NC 4.0 |")."""
    found: list[tuple[str, str]] = []
    in_section = False
    words = load_card_words()
    dataset_rows = dataset_table_rows(body)
    for line in body[:MAX_CLASSIFY_CHARS].splitlines():
        if line.lstrip().startswith("#"):
            in_section = bool(LICENSE_WORD.search(line))
        stated = _without_reason(line)
        if (in_section or LICENSE_WORD.search(line)) and not words.is_trap(stated) and line not in dataset_rows:
            found.extend((rule_id, line.strip()[:200]) for rule_id in _line_licenses(kb, matcher, stated))
    for cell, row in weights_table_rows(body):
        found.extend((rule_id, row) for rule_id in matcher.named_licenses(tokens(without_denied_licenses(_LINK.sub(r"\1", cell)))))
        found.extend((rule.id, row) for rule in linked_rules(kb, cell, by_text=True))
    return found


# The licenses a license line names, by knowledge base, matcher and line (memo.py)
LINE_LICENSES: Memo[tuple[str, ...]] = Memo()


def _line_licenses(kb: KnowledgeBase, matcher: Matcher, line: str) -> tuple[str, ...]:
    """The licenses a line names in its words, then by its links."""
    return LINE_LICENSES.get((kb, matcher, line), line, lambda: (
        *matcher.named_licenses(tokens(without_denied_licenses(_LINK.sub(r"\1", line)))),
        *(rule.id for rule in linked_rules(kb, line, by_text=True))))


# A line that labels the license ("License: ...", "**License**: ...", "| License | ... |", "许可证：..."), as a
# card's metadata block in its prose does; a line that merely says "licensed" somewhere is not one
_LICENSE_LABEL = lazy(r"^[\s>*_|#-]*(?:(?:model|weights?)\s+)?(?:licen[cs]e[sd]?|licen[cs]ing|lizenz|licencia|许可证?|ライセンス)"
                            r"(?:\s+type)?[\s*_]*(?:[:：|]|\s+-\s)", re.IGNORECASE)
# What a license line may be said of besides the weights, the model or the repository as a whole: code, data,
# a demo, outputs, another model ("Code: MIT", "## Dataset license", "The demo app is CC BY-NC 4.0")
_OTHER_THAN_THE_MODEL = lazy(
    r"\b(?:code|codebase|software|scripts?|programs?|librar(?:y|ies)|packages?|tools?|dependenc(?:y|ies)|components?|"
    r"modules?|plugins?|third[- ]part(?:y|ies)|data|datasets?|corpus|corpora|"
    r"demos?|spaces?|apps?|applications?|outputs?|generations?|generated|images?|pictures?|photos?|audio|samples?|examples?|"
    r"docs|documentation|paper|website|tokenizers?|vocabular\w*|prompts?|annotations?|base\s+models?|original\s+models?|"
    r"parent\s+models?|upstream)\b|代码|数据|コード|データ", re.IGNORECASE)


def bare_license_lines(kb: KnowledgeBase, matcher: Matcher, body: str) -> dict[str, str]:
    """The licenses of ``license_lines_read`` said of nothing else (the first of its two answers)."""
    return license_lines_read(kb, matcher, body)[0]


def license_lines_read(kb: KnowledgeBase, matcher: Matcher, body: str) -> tuple[dict[str, str], dict[str, str]]:
    """Licenses a card's license lines name, when the line says of nothing else that it covers it: a line that
    labels the license ("**License:** CC BY-NC 4.0", "| License | CC BY-NC 4.0 |"), or in a "License" section
    a line that is a license's name ("## License\n\n[CC BY-NC 4.0](...)") or says what it is licensed under
    ("This project is licensed under CC BY-NC 4.0."), whose words, section heading and lead-in ("The code is
    released under:") name no code, data, demo, outputs or other model. Such a line states the checkpoint's
    license as the metadata does: {rule id: the line}, the first line of each.

    Second: the licenses of such lines whose own words also name data, code or another model, and the model or its
    weights, or say the license is the same as or inherited from something ("The model weights follow the dataset
    license: CC BY-NC 4.0", "**License:** Code and model: CC BY-NC 4.0", "CC BY-NC 4.0 (same as the training
    data)"), unless what they license is something else ("The training data is licensed under ..."): whether the
    weights are under it the words do not settle, and a gate must not pass them (review 12)."""
    words = load_card_words()
    found: dict[str, str] = {}
    mixed: dict[str, str] = {}
    in_section, heading, lead_in = False, "", ""
    dataset_rows = dataset_table_rows(body)
    for line in body[:MAX_CLASSIFY_CHARS].splitlines():
        if line.lstrip().startswith("#"):
            in_section, heading, lead_in = bool(LICENSE_WORD.search(line)), line, ""
            continue
        if not line.strip():
            continue
        lead = lead_in if lead_in.rstrip().endswith((":", "：")) else ""
        lead_in = line if in_section else ""
        if line in dataset_rows:
            continue
        plain = _LINK.sub(r"\1", line)
        if not in_section and not _LICENSE_LABEL.match(plain):
            continue   # outside a License section only a line whose first sentence labels the license names one
        # sentence by sentence: "CC BY-NC 4.0. For commercial applications, contact us." names the license in the first
        for at, said in enumerate(_SENTENCE_END.split(plain)):
            sentence = _without_reason(said)
            kind_and_named = LICENSE_LINE_SENTENCES.get(
                (kb, matcher, heading, lead, sentence, in_section, at == 0), sentence,
                lambda: _license_line_sentence(kb, matcher, words, heading, lead, sentence, in_section, at == 0))  # noqa: B023 (called at once)
            kind, named = kind_and_named
            for rule_id in named:
                (mixed if kind == "mixed" else found).setdefault(rule_id, line.strip()[:200])
    return found, mixed


# What _license_line_sentence answered, by everything it reads: a License section holding a license text many
# cards copy asks it of the same sentences under the same heading (memo.py)
LICENSE_LINE_SENTENCES: Memo[tuple[str | None, tuple[str, ...]]] = Memo()


def _license_line_sentence(kb: KnowledgeBase, matcher: Matcher, words: CardWords, heading: str, lead: str, sentence: str,
                           in_section: bool, first: bool) -> tuple[str | None, tuple[str, ...]]:
    """What one sentence of a license line says: its kind (``_kind_of_license_line``; None when it names no
    license of the checkpoint) and the licenses it names."""
    label = _LICENSE_LABEL.match(sentence) if first else None
    if not (in_section or label):
        return None, ()
    # what it names is looked for first: most sentences of a License section (a license text pasted in) name no
    # license whatever their kind, and their kind is the costlier question
    if not (matcher.named_licenses(tokens(sentence[label.end():] if label else sentence)) or (
            not label and len(tokens(sentence)) > _NAME_ONLY_WORDS and prose_licenses(kb, sentence))):
        return None, ()
    kind = _kind_of_license_line(words, heading, lead, sentence, in_section)
    if kind is None:
        return None, ()
    if kind == "mixed" or label:
        named = matcher.named_licenses(tokens(sentence[label.end():] if label else sentence))
    elif len(tokens(sentence)) <= _NAME_ONLY_WORDS:
        named = matcher.named_licenses(tokens(sentence))
    else:   # a sentence: the license it is licensed under, not a model it names ("DeepSeek-R1 series support ...")
        named = [rule_id for rule_id, _ in prose_licenses(kb, sentence)]
    return kind, tuple(named)


def _kind_of_license_line(words: CardWords, heading: str, lead: str, sentence: str, in_section: bool) -> str | None:
    """"bare": the sentence of a license line says its license of nothing else; "mixed": its words name the model
    beside something else, or give its license as another's, so whether the weights are under it they leave open;
    None: it licenses something else ("Code: MIT", "The training data is licensed under ...")."""
    context = " ".join((heading, lead, sentence))
    this = _THIS_MODEL.match(sentence)
    # "This fine-tune is CC BY-NC 4.0", "This adapter is ...": the word that seemed to give a base says what this
    # checkpoint is, its verb right after it; the sentence without it gives none, and the license is this
    # checkpoint's own ("This fine-tune of Llama 2 is ..." names a base, as before)
    rest = sentence[this.end():] if this is not None and _VERB_NEXT.match(sentence, this.end()) else None
    if words.gives_a_base(context) and not (rest is not None and not words.gives_a_base(" ".join((heading, lead, rest)))):
        # "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under ...": another
        # model's; "This LoRA follows the base model's license: CC BY-NC 4.0", "(same as the base model)": this one's
        return "mixed" if this or _SAME_AS.search(sentence) else None
    if not _said_of_something_else(words, context):
        return "bare"
    # a License section's heading or lead-in may name the model beside code ("## Model and code license", "This
    # repository (model weights, code and configs) is released under:"); another section's heading names nothing
    above = " ".join((heading, lead))
    above_names_the_model = in_section and bool(_MODEL_OR_SAME.search(above))
    if ((_MODEL_OR_SAME.search(sentence) or above_names_the_model)
            and (above_names_the_model or not _said_of_something_else(words, above))
            and words.licensed_subject(sentence) != "else"):
        return "mixed"
    return None


def _said_of_something_else(words: CardWords, text: str) -> bool:
    return bool(words.is_trap(text) or _OTHER_THAN_THE_MODEL.search(text) or words.something_else.search(text))


# A sentence about this checkpoint itself: "This LoRA ...", "The model ...", "Our adapter ..."
_THIS_MODEL = lazy(r"\W*(?:this|our|the)\s+(?:(?:fine[- ]?tuned|quanti[sz]ed|merged)\s+)?(?:models?|lora|adapters?|fine[- ]?tunes?|checkpoints?"
                   r"|weights|repository|quanti[sz]ations?|merge)\b", re.IGNORECASE)
_VERB_NEXT = lazy(r"\s+(?:is|are)\b", re.IGNORECASE)
_SAME_AS = lazy(r"\bsame\s+(?:license\s+)?as\b|\binherit", re.IGNORECASE)
# A license line's own words that make it the model's too, or its license another thing's ("same as", "inherited")
_MODEL_OR_SAME = lazy(r"\b(?:models?|weights?|checkpoints?|lora|adapters?|same|inherit\w*|follows?|identical)\b", re.IGNORECASE)


# A line of a License section this short is a license's name ("Creative Commons Attribution-NonCommercial 4.0
# International", "Apache 2.0 (see LICENSE)"), not a sentence about something
_NAME_ONLY_WORDS = 10


class CardProse(EvidenceStrategy):
    name = "card prose and license lines"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body:
            return Reading(self.name)
        # read with its Latin letters plain ("Licénse: CC BY-NC 4.0", "reléased under"), quoted as written
        body = plain_latin_letters(evidence.card_body)

        def said(phrase: str) -> str:
            at = body.find(phrase) if body is not evidence.card_body else -1
            return evidence.card_body[at:at + len(phrase)] if at >= 0 else phrase

        missing = tuple(Remark("unsettled", f"the card's license line “{line}” points to {target}, which the checkpoint does not have")
                        for target, line in missing_license_files(evidence))
        applying = so_far.applying()
        if missing:
            return Reading(self.name, remarks=missing)
        if not applying:
            # every license the card's words name for it ("code under Apache-2.0", "weights must follow the
            # [MiniCPM Model License]"): the most restrictive stands in, the first named of equals
            found = [*prose_licenses(self.kb, body), *license_lines(self.kb, self.matcher, body), *linked_licenses(self.kb, body)]
            if not found:
                return Reading(self.name)
            rule_id, phrase = max(found, key=lambda named: restrictiveness(self.kb.get(named[0])))
            stand_in = self.kb.get(rule_id)
            unnamed = [phrase for phrase in unknown_license_statements(self.kb, body)
                       if stand_in is None or not _names_vendor_of(stand_in, phrase)]
            if unnamed:
                # "The weights are licensed under the Acme Model License Agreement. The sample images are in
                # the public domain." / "... The base model is subject to the Qwen License Agreement.": the card
                # names a license licscan does not know, and another license its words mention cannot stand in
                # for it ("governed by the Meta license" beside Llama 2's words is that vendor's license)
                return Reading(self.name, remarks=tuple(
                    Remark("unsettled", f"the card's text names a license licscan does not know: “{said(phrase)}”") for phrase in unnamed[:3]))
            return Reading(self.name, candidates=(
                Candidate(rule_id, "prose", "fallback", PROSE_CONFIDENCE, f"the card's text says “{said(phrase)}”"),))
        limit = strictest(self.kb, applying)
        named = [*prose_licenses(self.kb, body), *license_lines(self.kb, self.matcher, body), *linked_licenses(self.kb, body)]
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        lines = body[:MAX_CLASSIFY_CHARS].splitlines()
        weights_rows = {row for _, row in weights_table_rows(body)}
        bare, mixed = license_lines_read(self.kb, self.matcher, body)
        for rule_id, phrase in dict(reversed(named)).items():
            if rule_id not in applying and restrictiveness(self.kb.get(rule_id)) > limit:
                line = next((line for line in lines if phrase[:80] in line), phrase)
                sentence = _sentence_of(line, phrase)
                # "The model was trained on data released under CC BY-NC 4.0" names the model, and licenses the data
                statement = next((part for part in _statements(sentence) if phrase[:40] in part), sentence)
                if phrase in weights_rows or (about_the_weights(sentence) and load_card_words().licensed_subject(statement) != "else"):
                    # "The model weights are licensed under CC BY-NC 4.0" beside `license: apache-2.0`: a statement
                    # about the weights themselves is a term, and the more restrictive license applies
                    candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"the card's text says “{said(phrase)}”"))
                    remarks.append(Remark("note", f"the card's text says “{said(phrase)}” ({rule_id}) of the weights, more restrictive "
                                                  f"than {', '.join(applying)}: it applies"))
                    continue
                if rule_id in bare:
                    # "**License:** CC BY-NC 4.0" or "## License\n\nCC BY-NC 4.0" beside `license: apache-2.0`: the card's
                    # own License line, said of nothing else, is the checkpoint's license; a gate never passes a card
                    # whose License line says non-commercial (README: the most restrictive decides)
                    quoted = said(bare[rule_id])
                    candidates.append(Candidate(rule_id, "prose", "governs", PROSE_CONFIDENCE, f"the card's license line says “{quoted}”"))
                    remarks.append(Remark("note", f"the card's license line “{quoted}” names {rule_id} and says of nothing "
                                                  f"else that it covers it, more restrictive than {', '.join(applying)}: it applies"))
                    continue
                candidates.append(Candidate(rule_id, "prose", "review", PROSE_CONFIDENCE, f"the card's text says “{said(phrase)}”"))
                remarks.append(Remark("review", f"the card's text says “{said(phrase)}” ({rule_id}), more restrictive than "
                                                f"{', '.join(applying)}; confirm which applies to the weights"))
        governing = {c.license_id for c in candidates if c.role == "governs"}
        for rule_id, line in mixed.items():
            if rule_id not in applying and rule_id not in governing and restrictiveness(self.kb.get(rule_id)) > limit:
                remarks.append(Remark("unsettled", f"the card's license line “{said(line)}” names {rule_id}, more restrictive than "
                                                   f"{', '.join(applying)}, with words about something else: whether the weights "
                                                   "are under it, they do not settle"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))


def _sentence_of(line: str, phrase: str) -> str:
    """The sentence of ``line`` that holds ``phrase``, with the one before it when it opens with a pronoun
    ("We release the model weights; they are licensed under CC BY-NC 4.0": they are the weights)."""
    parts = _SENTENCE_END.split(_BREAK.sub("\n", line))
    at = next((i for i, s in enumerate(parts) if phrase[:40] in s), None)
    if at is None:
        return line
    return f"{parts[at - 1]} {parts[at]}" if at and _PRONOUN.match(parts[at]) else parts[at]


def _trap(statement: str) -> bool:
    """A statement that never gives the weights' license (a dataset's, the outputs'), unless what it
    licenses is the model too ("The model weights, code, and training data are released under CC BY-NC 4.0")."""
    words = load_card_words()
    return words.is_trap(statement) and words.licensed_subject(statement) != "model"


def _statements(sentence: str) -> list[str]:
    """The license statements of a sentence: cut where a second one begins ("The code is released under
    Apache 2.0, and the model weights are released under CC BY-NC 4.0"), not inside a list ("The model
    weights, code, and training data are released under CC BY-NC 4.0": one statement)."""
    parts = _STATEMENT_END.split(sentence)
    if len(parts) == 1 or sum(1 for part in parts if _PROSE.search(part)) < 2:
        return [sentence]
    return parts

"""A base model the metadata does not declare, named by the repo or the card's words: "fine-tuned from
Llama 2", "desenvolvido a partir do modelo Llama 2", usage code loading "decapoda-research/llama-7b-hf",
the model a `config.json` was loaded from ("_name_or_path": "unsloth/gemma-2-2b-bnb-4bit"). A `base_model`, an
adapter's config or a GGUF header naming a local path ("/root/model/Meta-Llama-3-8B") is a base lineage reads
the family of (``families_named.license_named_by``); one naming a Hub repo, a base lineage follows (``Evidence.base_models``).
How strong each is: an adapter's `base_model_name_or_path` is written by the library that trained it, as
strong as the card's `base_model`; a `config.json`'s `_name_or_path` is the model the weights were loaded
from before training, often a local path or a quantised copy, so it counts as the card's prose does
(issue 15 item 6): the family it names joins here; a Hub repo id there is also read as a base by lineage
(base_ids.config_base_ids), so a base outside the known families is found too. That family's license joins the
licenses that apply: the version the words pin (Llama-2, Llama 3.1, FLUX.1-dev, Qwen-7B), else the most
restrictive version of the family. A family named only in the repo name makes the checkpoint at best
conditional. The families and their licenses are data: rules/card-words/families.yaml."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...model import MERGE_CARD_KEY, MERGE_TAG_KEY, Evidence
from ...normalize import MAX_CLASSIFY_CHARS
from ...rules import LicenseRule, restrictiveness
from ..base_families import Family
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import CardWords, load_card_words
from ..named_sources import named_source_ids
from .card_tables import base_table_cells
from .card_terms import card_prose
from .families_named import as_family_name, families_named, pinned_families, published_by_its_family
from .family_names import without_its_own_name
from .lineage_licenses import dated_texts_of, family_ids, files_pin, later_ids, later_licenses_pinned
from .lineage_text import (
    adapter_sentences_giving_a_base,
    classifies_images,
    code_lines,
    model_index_names,
    sentences_giving_a_base,
    succession_words,
    without_publishers,
)

_BASE_MODEL_LINE = lazy(r"^base_model:\s*[\"']?([^\s\"']+)[\"']?\s*$", re.MULTILINE)
# How a base the metadata names is cited ("base_model 'X'"): read() builds it, and tells such a base apart by it (the
# place a family was named first; a later part of read() may add to it, never before it)
_METADATA_BASE = "base_model '"


def is_hub_repo_id(value: str) -> bool:
    parts = value.split("/")
    return len(parts) == 2 and all(parts) and "://" not in value and ":" not in value and not value.startswith((".", "/", "~"))


class LineageWords(EvidenceStrategy):
    name = "undeclared lineage"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        words = load_card_words()
        if evidence.fetch_failed:
            return Reading(self.name)   # nothing was read: a name is no evidence of what could not be fetched
        own = evidence.entry.ref.strip("/").lower()
        # the card's metadata declares its base (not itself): lineage follows it, and the name guesses nothing more;
        # its prose naming another base with a version ("fine-tuned from LLaMA-65B" beside base_model: acme/helper) is
        # still evidence of a second one (review16 F10)
        declared = [base for base in evidence.card.base_models if is_hub_repo_id(base) and base.lower() != own]
        if declared:
            return self._beside_the_declared(evidence, so_far, declared, words)
        # An adapter's config naming its base is followed too (Evidence.base_models), but it is a
        # library's record, not the author's declaration: the card's words are still read, so a base
        # they name ("fine-tuned from the original LLaMA weights") is never hidden behind it.
        adapter_notes = tuple(Remark("note", f"the mergekit card lists '{c.value}' among the models merged (read as base_model)"
                                     if c.key == MERGE_CARD_KEY else
                                     f"the card's tags list '{c.value}' among the models merged (read as base_model)"
                                     if c.key == MERGE_TAG_KEY else
                                     f"{c.file} declares the base model: '{c.key}': '{c.value}' (read as base_model)")
                              for c in evidence.config_lineage if c.declares_base and not evidence.card.base_models)
        text = evidence.card_body[:MAX_CLASSIFY_CHARS]   # most cards have no such line: the pattern's own words first
        unread = [m.group(1) for m in _BASE_MODEL_LINE.finditer(text) if is_hub_repo_id(m.group(1))] if "base_model:" in text else []
        if unread and not evidence.card.base_models:
            # front matter licscan did not read as metadata (a blank line before its "---"): the base it
            # names is not followed, so what it passes down is unknown
            outside = Remark("unsettled", f"the card's text has 'base_model: {unread[0]}' outside its metadata, "
                                          f"so that base is not followed; declare base_model in the front matter")
            return Reading(self.name, remarks=(*adapter_notes, outside))
        said = [(f"{_METADATA_BASE}{base}'", base) for base in evidence.card.base_models]
        name = evidence.entry.ref.rstrip("/").rsplit("/", 1)[-1]
        said += [(f"{c.file} has '{c.key}': '{c.value}'", as_family_name(c.value)) for c in evidence.config_lineage
                 if not c.declares_base and c.value.rstrip("/").rsplit("/", 1)[-1].lower() != name.lower()]
        # the card naming its own model ("FLUX.1 [schnell]", "MiniCPM-Llama3-V 2.5") says nothing about a base
        body = card_prose(evidence.card_body) + "\n" + code_lines(evidence.card_body[:MAX_CLASSIFY_CHARS])
        # the name a trainer wrote in the card's model-index ("- name: gemma-2-9b-it-sft-ko") is the model's own name
        # as its author gave it: read as the repo name is
        # so is a card whose whole text is one heading ("# Camp Buddy - Yuri - DialoGPTMedium Model", acc80): the name it
        # gives the model. Neither on a card whose task is image classification: a name there is its classes' ("llama_or_what",
        # a HuggingPics classifier of llamas, alpacas and vicunas), no language model's (acc80)
        by_name = {} if classifies_images(evidence) else families_named(words, [
            (f"the repo name '{name}'", name),
            *((f"the repo name '{name}'", model) for model in _trainer_named_model(name, evidence.card_body)),
            *((f"the card's model-index name '{own}'", own) for own in model_index_names(evidence)),
            *((f"the card's only line '{line}'", line) for line in _only_heading(evidence.card_body))])
        # an adapter's "Trained on FLUX.1-dev", a table's Base column or "| Base | Aya Expanse 8B |" row (review24)
        giving = [*sentences_giving_a_base(words, body, published_by_its_family(evidence.entry.ref), self._predecessors(words, body, so_far)),
                  *adapter_sentences_giving_a_base(words, body, evidence),
                  *base_table_cells(evidence.card_body, (name, *model_index_names(evidence)))]
        own_name: re.Pattern[str] | None = None
        if giving and len(name) > 3:
            parts = re.split(r"[-_. ]+", name)
            # compiling the pattern costs ~0.2 ms a checkpoint, and only a sentence that gives a base asks for it (most
            # cards have none); many cards never write their own name: in ASCII text a case-insensitive match needs
            # every part of it in the lower-cased text
            lowered = body.lower()
            if not (body.isascii() and name.isascii() and not all(part.lower() in lowered for part in parts)):
                # with the owner written before it ("Qwen/Qwen2-1.5B-Instruct" in its usage code): a repo of this
                # name; the owner alone, left behind, would name nothing but its publisher
                own_name = re.compile(_OWNER_BEFORE + r"[-_. \[\]]*".join(map(re.escape, parts)), re.IGNORECASE)
        said += [(f"the card's text says “{' '.join(s.split())[:200]}”",
                  without_its_own_name(own_name.sub(" ", kept) if own_name else kept, name, by_name))
                 for s, kept in giving if not _about_another_model(words, kept, own_name, by_name)]
        said = [_chosen_by_the_name(words, (where, without_publishers(words, text)), name, by_name) for where, text in said]
        found = families_named(words, said, published_by_its_family(evidence.entry.ref))
        name_only = False
        if not found and not any(is_hub_repo_id(c.value) or "models--" in c.value for c in evidence.config_lineage if c.declares_base):
            # a base the tools recorded and lineage follows (an adapter's config, a GGUF header) says which
            # model it was: the repo name's guess adds nothing
            found = by_name
            name_only = True
        found = dict(found)
        from_license_name: set[Family] = set()
        for family in words.families:
            if family.later_licenses and family not in found:
                read_as_later = {c.license_id for c in so_far.candidates} & later_ids(self.kb, family)
                # only a license named after the family ("yi-license" for Yi); the Stability AI Community License, later
                # license of StableLM 2 and Stable Audio Open among others, names no family (review44: the cards declaring
                # it by name were unknown as a StableLM 2 base)
                read_as_later = {i for i in read_as_later if _named_after(family, self.kb.get(i))}
                if read_as_later and not read_as_later & set(later_licenses_pinned(self.kb, family, evidence, so_far)):
                    # "license_name: yi-license" with no Yi model named: the name of every Yi text names the family
                    # without its version, as "fine-tuned from Yi-34B" does (review21 F4)
                    found[family] = (family.default, "the card's name for its license")
                    from_license_name.add(family)
        applying = so_far.applying()
        pinning: list[dict[Family, tuple[str, ...]]] = []

        def pinned_somewhere() -> dict[Family, tuple[str, ...]]:
            # asked only when the card's own license is one of a family it names (rare): read once then
            if not pinning:
                pinning.append(pinned_families(words, (name, *model_index_names(evidence), *(text for _, text in said))))
            return pinning[0]
        candidates: list[Candidate] = []
        remarks: list[Remark] = list(adapter_notes) + _named_sources(evidence)
        # a family whose cards list each other: on another publisher's card the repo name decides only among the
        # versions the words name ("DeepSeek-R1-Coder-33B-SFT ... fine-tuned from deepseek-coder-33b-instruct" is that)
        read_as_written = {} if published_by_its_family(evidence.entry.ref) else {
            family: found[family] for family in found.keys() & by_name.keys()
            if family.includes_its_bases and not set(by_name[family][0]) <= set(found[family][0])}
        for family in found.keys() & by_name.keys():
            if family.includes_its_bases and not name_only:
                found[family] = by_name[family]   # the card of one of its models lists the others: the name says which
        found.update(read_as_written)
        for family, (licenses, where) in found.items():
            if name_only and licenses == family.default and files_pin(self.kb, family, so_far):
                continue   # "acme-llama-bot" shipping Meta's Llama 3.1 NOTICE: the files say which Llama, the name does not
            rule = self._strictest(licenses, family, where, remarks)
            if rule is None:
                continue
            pinned = licenses != family.default or family in pinned_somewhere()
            # a version the words pin is not covered by a looser license of the family, whether the card declares it or
            # ships its text (review17: the Llama 2 text beside "fine-tuned from the original LLaMA-7B"); a ChatGLM
            # re-upload that compares its model with ChatGLM-6B ("extended ChatGLM-6B's 2K context to 32K") is read so
            # only where it does not say it succeeds ChatGLM-6B under a ChatGLM license (_predecessors, acc50)
            settled = () if pinned or not family.later_licenses else later_licenses_pinned(self.kb, family, evidence, so_far)
            if any(self._covers(own, rule, family, pinned, settled) for own in applying):
                continue   # the card's own license is that family's: nothing new
            named = [] if pinned else self._family_licenses_named(family, so_far, settled)
            unpinned_later = [] if pinned else sorted({c.license_id for c in so_far.candidates} & later_ids(self.kb, family) - set(settled))
            if unpinned_later and not named:
                # "license_name: yi-license" or "the Yi License" beside "fine-tuned from Yi-34B": a name each of the family's
                # licenses bore, and no text or version words say which: the family's most restrictive applies
                where = (f"{where}, the card naming the {family.family} license without its version "
                         f"(read as {', '.join(unpinned_later)}; no text shipped, no version named)")
            if named and rule.id not in {other.id for other in named}:
                # "fine-tuned from Yi-34B" on a card whose words say "follow the Yi License" (its link, the Community
                # License): the name pins no version, the card's words say which of the family's licenses it is under
                rule = max(named, key=restrictiveness)
                where = f"{where}, under {rule.id}, the {family.family} license the card's words name"
            candidates.append(Candidate(rule.id, "lineage-words", "governs", METADATA_CONFIDENCE,
                                        f"{where} (a {family.family} base: {rule.id})"))
            if name_only and family not in from_license_name:
                remarks.append(Remark("review", f"name suggests a {family.family} base ({rule.id}); declare base_model to settle it"))
            elif family in from_license_name:
                remarks.append(Remark("note", f"{where}: {rule.id}, the most restrictive of the {family.family} licenses, applies"))
            elif where.startswith(_METADATA_BASE):
                # the metadata does name it, but by no Hub repo id (read() returned earlier for one): a path on the author's
                # machine ("/home/x/.cache/modelscope/hub/Qwen/Qwen3-14B") or a bare name; only its family's words (cards52)
                remarks.append(Remark("note", f"{where}: no Hub repo to read; a {family.family} base by its words, "
                                              f"{rule.id} applies"))
            else:
                remarks.append(Remark("note", f"{where}: a {family.family} base the metadata does not declare; {rule.id} applies"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

    def _predecessors(self, words: CardWords, body: str, so_far: SoFar) -> tuple[str, ...]:
        """The words in which the card names the model its own succeeds ("ChatGLM2-6B is the second-generation version of
        ... [ChatGLM-6B](...)"), where the checkpoint's own license is one of that model's family's: a re-upload of THUDM's
        ChatGLM2-6B card beside the ChatGLM2-6B License (acc50: chatJeffrey/GLM2-6B). There the context its sentences
        say was extended "由 ChatGLM-6B 的 2K" starts from the predecessor's. On a card under a license of no such
        family ("Acme-2 is the second-generation version of ChatGLM-6B" beside an Apache LICENSE), the same words may
        extend its base's context and still read the base (review22)."""
        named = succession_words(body)
        if not named:
            return ()
        applying = set(so_far.applying())
        return tuple(words_ for words_ in named
                     if any(applying & family_ids(self.kb, family) for family in families_named(words, [(words_, words_)])))

    def _beside_the_declared(self, evidence: Evidence, so_far: SoFar, declared: list[str], words: CardWords) -> Reading:
        """The bases the card's prose names beside the `base_model` it declares: only a family the declared ids do not
        name, and only with a version pinned. "Based on Llama" beside base_model: NousResearch/Llama-2-7b-hf is that
        base, which lineage follows; "fine-tuned from LLaMA-65B" beside base_model: acme/tag-helper names another."""
        name = evidence.entry.ref.rstrip("/").rsplit("/", 1)[-1]
        body = card_prose(evidence.card_body) + "\n" + code_lines(evidence.card_body[:MAX_CLASSIFY_CHARS])
        said = [(f"the card's text says “{' '.join(s.split())[:200]}”", kept) for s, kept in sentences_giving_a_base(words, body)]
        if not said:
            return Reading(self.name)
        settled = set(families_named(words, [(base, base) for base in declared])) | set(families_named(words, [(name, name)]))
        if any(family.includes_its_bases for family in settled):
            # DeepSeek's cards list each other's models ("DeepSeek-R1-Distill-Qwen-7B ... derived from Qwen-2.5"): siblings
            settled |= {family for family in words.families if family.includes_its_bases}
        said = [(where, without_publishers(words, text)) for where, text in said]
        # a version pinned in the sentence that names the family as a base: "llama-gguf-split" in a build command pins
        # none, whatever version a list of DeepSeek's distills names elsewhere
        named: dict[Family, tuple[list[str], str]] = {}
        for item in said:
            pinned_here = pinned_families(words, (item[1],))
            for family, (licenses, first) in families_named(words, [item]).items():
                if family not in settled and family in pinned_here:
                    ids, _ = named.setdefault(family, ([], first))
                    ids.extend(license_id for license_id in licenses if license_id not in ids)
        candidates: list[Candidate] = []
        remarks: list[Remark] = []
        for family, (pinned_ids, where) in named.items():
            rule = self._strictest(pinned_ids, family, where, remarks)
            if rule is None:
                continue
            if any(self._covers(own, rule, family, True, ()) for own in so_far.applying()):
                continue
            candidates.append(Candidate(rule.id, "lineage-words", "governs", METADATA_CONFIDENCE,
                                        f"{where} (a {family.family} base: {rule.id})"))
            remarks.append(Remark("note", f"{where}: a {family.family} base beside the declared base_model "
                                          f"{', '.join(declared)}; {rule.id} applies"))
        return Reading(self.name, candidates=tuple(candidates), remarks=tuple(remarks))

    def _family_licenses_named(self, family: Family, so_far: SoFar, settled: tuple[str, ...]) -> list[LicenseRule]:
        """The family's own licenses (none an SPDX-listed one, which many models share) that the card's words or files
        name: a Yi base named without a version is under the Yi license the card ships or names with its version
        (``settled``); a later license read from a name every version bore is none."""
        ids = family_ids(self.kb, family) - (later_ids(self.kb, family) - set(settled))
        rules = {c.license_id: self.kb.get(c.license_id) for c in so_far.candidates if c.license_id in ids}
        return [rule for rule in rules.values() if rule is not None and not rule.is_spdx_listed]

    def _strictest(self, licenses: list[str] | tuple[str, ...], family: Family, where: str, remarks: list[Remark]) -> LicenseRule | None:
        """The most restrictive of the licenses a family base named ``where`` is under; None, with a remark saying so,
        when licscan knows none of them."""
        rules = [rule for rule in (self._rule(license_id) for license_id in licenses) if rule is not None]
        if not rules:
            remarks.append(Remark("unsettled", f"{where} names a {family.family} base ({', '.join(licenses)}), "
                                               f"whose license licscan does not know"))
            return None
        return max(rules, key=restrictiveness)

    def _rule(self, license_id: str) -> LicenseRule | None:
        return self.kb.get(license_id) or self.kb.by_name(license_id)

    def _covers(self, own_id: str, rule: LicenseRule, family: Family, pinned: bool, settled: tuple[str, ...]) -> bool:
        """The card's own license settles which of the family's versions it is: a license of that family
        only, when the words name the family without a version (the Qwen-7B card declaring Tongyi Qianwen while
        its prose says "the Qwen series"); the version's own license (or another dated text of it), or one the
        version named carries or exceeds in restriction. A version the words pin is that version: a card under
        Llama 3.1's license "fine-tuned from LLaMA-65B" carries the original LLaMA's terms as well. A license the family's
        models moved to later covers it only when the card pins it (``settled``): "yi-license" named every Yi text."""
        own = self.kb.get(own_id)
        if own is None or own.id not in family_ids(self.kb, family):
            return False
        if not own.is_spdx_listed and not pinned:
            return own.id not in later_ids(self.kb, family) or own.id in settled
        return own.id in dated_texts_of(self.kb, rule) or restrictiveness(own) >= restrictiveness(rule)


# The name the Trainer gives a fine-tune by default, "{model}-finetuned-{task}" ("distilbert-base-uncased-finetuned-squad",
# acc90: round 61's avsk card, empty): the model's own name before it, read as the repo name is. A family whose name takes
# nothing joined after it ("distilbert-base-uncased", not "distilbert-base-japanese") is then found in the name it ends.
_TRAINER_NAME = lazy(r"(?P<model>.+?)[-_](?:finetuned|fine[-_]tuned)(?:[-_].*)?", re.IGNORECASE)


def _trainer_named_model(name: str, body: str) -> list[str]:
    """Only for a card with no words of its own: words the readers do not take for terms ("Copyright (c) 2024 Acme. All
    rights reserved.", "Internal use only") would otherwise be outweighed by a guess from a name the Hub's fine-tunes all
    share (review: such a card went from unknown to conditional)."""
    named = _TRAINER_NAME.fullmatch(name) if not body.strip() else None
    return [named.group("model")] if named else []


# (also with no space after its marks, "#Rick DialoGPT model": the writer's heading, though Markdown renders it as a line of
# text; acc90, rounds 63-64's DialoGPT one-liners; the card's whole text, so no hashtag in prose is read)
_ONE_HEADING = lazy(r"\A\s*#{1,6}[ \t]*(?![#\s])([^\n]{1,200}?)[ \t#]*\s*\Z")


def _only_heading(body: str) -> list[str]:
    """The text of the card's one heading when it is the card's whole text (front matter aside)."""
    if body.count("\n") > 8:
        return []   # most cards
    found = _ONE_HEADING.match(body)
    return [found.group(1)] if found else []


_MODEL_AFTER_OWN_NAME = lazy(r"[-_.]?[A-Za-z0-9]")
_OWNER_BEFORE = r"(?:(?<![\w.-])[A-Za-z0-9][\w.-]{0,95}/)?"


def _about_another_model(words: CardWords, sentence: str, own: re.Pattern[str] | None,
                         by_name: dict[Family, tuple[tuple[str, ...], str]]) -> bool:
    """Whether a sentence that gives a base gives another model's, not this one's: its subject (the words
    before the first lineage cue) names a model derived from this one and named after it ("DeepSeek-R1-Distill-
    Llama-8B is derived from Llama3.1-8B-Base" on DeepSeek-R1's card), or a sibling of this one in a family
    whose cards list each other (the same sentence on DeepSeek-R1-Distill-Qwen-1.5B's), and not this one."""
    if own is None:
        return False
    cues = [m.start() for p in words.lineage_cues for m in [p.search(sentence)] if m]
    subject = sentence[:min(cues)] if cues else sentence
    listing = [family for family in words.families if family.includes_its_bases]
    if not any(family.name.search(sentence) for family in listing):
        return False   # only the cards of such a family list other models of it ("Acme-7B-v1.1 is fine-tuned from LLaMA-7B")
    after = [bool(_MODEL_AFTER_OWN_NAME.match(sentence, m.end())) for m in own.finditer(sentence)]
    in_subject = [bool(_MODEL_AFTER_OWN_NAME.match(subject, m.end())) for m in own.finditer(subject)]
    if in_subject:
        return all(in_subject)   # "DeepSeek-R1-Distill-Llama-8B is derived from ...": a model named after this one
    if after and all(after):
        return True   # usage code loading a model named after this one ("--model deepseek-ai/DeepSeek-R1-Distill-Qwen-32B")
    return any(family.name.search(subject) for family in listing if family in by_name)


_LIST_GAP = lazy(r"\s*,?\s*(?:or\s+|and/or\s+)?", re.IGNORECASE)
_ALTERNATIVES = lazy(r"\bor\b", re.IGNORECASE)   # not "/": a repo id has one ("meta-llama/Llama-2-7b")


def _chosen_by_the_name(words: CardWords, item: tuple[str, str], name: str,
                        by_name: dict[Family, tuple[tuple[str, ...], str]]) -> tuple[str, str]:
    """A sentence naming several families as alternatives ("a text-based LLM (Llama, Gemma, or Qwen) backbone")
    says the base is one of them; when the repo name names one of them ("ultravox-v0_6-llama-3_1-8b"), it is
    that one, as the name pins it. Otherwise the sentence stands as written (every family it names joins)."""
    where, text = item
    if not by_name or not _ALTERNATIVES.search(text):
        return item
    named = families_named(words, [item])
    if len(named) < 2 or not set(named) & set(by_name):
        return item
    # a list: the families' names follow one another with only a comma or "or" between them ("Llama, Gemma, or
    # Qwen"); "Mistral-7B and LLaMA-7B, made with task arithmetic or SLERP" is no choice between its bases
    spans = sorted(m.span() for family in named for m in family.name.finditer(text))
    gaps = [text[end:start] for (_, end), (start, _) in zip(spans, spans[1:], strict=False)]
    if not all(_LIST_GAP.fullmatch(gap) for gap in gaps) or not any(_ALTERNATIVES.search(gap) for gap in gaps):
        return item
    return f"{where}, of which the repo name '{name}' says which", name


def _named_sources(evidence: Evidence) -> list[Remark]:
    """The words that make a repo the model's source (lineage follows it as a base, also beside a license the
    card declares): quoted, as the reason for the license it passes down."""
    return [Remark("note", f"the card's text names {repo} as the model's source: “{quote}”; its license applies as a "
                           f"declared base_model's does") for repo, quote in named_source_ids(evidence, evidence.entry.ref)]


def _named_after(family: Family, rule: LicenseRule | None) -> bool:
    """Whether a license's names carry the family's first word ("Yi" in "yi-license-2.0", not "StableLM" in
    "stability-community")."""
    word = re.findall(r"[a-z0-9]+", family.family.lower())[:1]
    names = " ".join((rule.id, rule.name, *rule.aliases, *rule.hub_ids)).lower() if rule is not None else ""
    return bool(word) and word[0] in re.findall(r"[a-z0-9]+", names)

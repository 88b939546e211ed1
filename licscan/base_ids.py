"""Which bases a checkpoint's evidence names, before any is fetched: its card's ``base_model``, a tool's record
(config.json, adapter_config.json, mergekit, a diffusers pipeline's denoiser), a source the card's words name, and, for
a checkpoint with no license of its own, a Hub repo its words give as its base. lineage follows them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from .base_labels import BASE_LABEL_VALUE, ENGLISH_BASE_LABEL, LABEL_AFTER, label_value
from .base_tables import table_column_bases
from .hub_links import HUB_LINK as _HUB_LINK
from .hub_links import LINK_TARGET_OR_ADDRESS, canonical_linked_ids
from .lazy_regex import folded, lazy
from .model import CardMetadata, Evidence
from .model_names import plain_name, title_names
from .source_words import has_source_words
from .sources.common import LINEAGE_CONFIGS, is_card_translation
from .sources.lineage_files import LOADED_FROM_KEYS, TRAINING_BASE_KEYS

CONFIG_NAME_KEY = "_name_or_path"     # config.json's (sources.common.LINEAGE_CONFIGS)
# A Hub repo id: ORG/NAME, or a canonical single-name id ("gpt2", "bert-base-uncased").
_REPO_ID = lazy(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}(?:/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95})?")
# A model page on the Hub, as cards often write it: https://huggingface.co/ORG/NAME[/tree/main][/] (or at a commit)
_HUB_URL = lazy(
    r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<id>(?!datasets/|spaces/)[A-Za-z0-9][A-Za-z0-9_.\-]*"
    r"(?:/[A-Za-z0-9][A-Za-z0-9_.\-]*)?)(?:/(?:tree|blob|resolve)/(?:(?P<commit>[0-9a-f]{40})(?![^/\s?#]))?[^\s?#]*)?/?(?:[?#]\S*)?",
    re.IGNORECASE,
)


# A revision after a repo id, as mergekit writes one ("org/name@revision"): a branch, a tag or a commit
_REVISION = lazy(r"[A-Za-z0-9][\w.\-/]{0,99}")


def split_revision(base: str) -> tuple[str, str | None]:
    """A base as lineage names it, "org/name" or "org/name@revision", as (repo id, revision or None)."""
    repo, at, revision = base.partition("@")
    return (repo, revision) if at else (base, None)


def base_model_ids(card: CardMetadata | Evidence, own_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The repo ids a card's ``base_model`` names (or, given a checkpoint's evidence, the base models it
    declares: also an adapter's config, ``Evidence.base_models``), and the values that name none.

    Hub URLs are read as repo ids; "org/name@revision" (a mergekit config's model at a revision) is kept
    whole, to be read at that revision; the card's own id (a merge listing itself) and duplicates are
    dropped. A value that is neither a repo id nor a Hub URL is returned as a card problem."""
    ids: list[str] = []
    problems: list[str] = []
    own = split_revision(own_id)[0].lower()
    for value in card.base_models:
        url = _HUB_URL.fullmatch(value.strip())
        # a page at a commit ("https://huggingface.co/ORG/NAME/tree/<sha>") names the base at that commit
        repo, revision = split_revision(f"{url.group('id')}@{url.group('commit')}" if url and url.group("commit")
                                        else url.group("id") if url else (hf_cache_repo(value) or value.strip()))
        if not _REPO_ID.fullmatch(repo) or (revision is not None and (not _REVISION.fullmatch(revision) or ".." in revision)):
            problems.append(value)
            continue
        base = f"{repo}@{revision}" if revision else repo
        if repo.lower() == own or base.lower() in (i.lower() for i in ids):
            continue
        ids.append(base)
    return tuple(ids), tuple(problems)


def hf_cache_repo(value: str) -> str | None:
    """The repo id a Hugging Face cache folder spells ("/root/.cache/huggingface/hub/models--meta-llama--Llama-2-7b-hf/
    snapshots/<sha>", as an adapter trained from the cache records its base), or None for any other value."""
    for segment in re.split(r"[/\\]", value.strip()):
        if segment.startswith("models--"):
            parts = segment[len("models--"):].split("--")
            repo = "/".join(parts)
            if len(parts) <= 2 and _REPO_ID.fullmatch(repo):
                return repo
    return None


# "_name_or_path": ORG/NAME as the Hub spells repo ids; a local path ("/home/x/out", "./out", "~/m",
# "C:\\runs\\m", "out\\m") or a bare name is no repo to read.
_LOADED_FROM = lazy(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}")
LOADED_FROM = "loaded-from"     # the relation of a base only a config.json names


def config_base_ids(evidence: Evidence, own_id: str) -> tuple[tuple[str, str], ...]:
    """The Hub repos a ``config.json`` names as the model its weights were loaded from ('_name_or_path'),
    as (repo id, where it is named), when the metadata declares no base (collect reads configs only then, or
    when the repo has no card at all).

    They are followed as bases are, but they are not declarations: the value is written by the training
    library, often a stale local path or a private name. A name only, ORG/NAME; not the checkpoint itself
    (a model saved from itself); not a base declared already. The same name under another owner is read:
    a mirror or quantisation keeps its original's name, and the original's license is the one that binds."""
    declared = {split_revision(base)[0].lower() for base in base_model_ids(evidence, own_id)[0]}
    own_id = split_revision(own_id)[0]
    found: list[tuple[str, str]] = []
    for config in evidence.config_lineage:
        value = hf_cache_repo(config.value) or config.value.strip()
        # a Hub address recorded for the model ("https://huggingface.co/org/X": review62) is its id
        address = _HUB_LINK.fullmatch(value.rstrip("/"))
        value = address.group(1) if address is not None else value
        if config.key not in LOADED_FROM_KEYS or not _LOADED_FROM.fullmatch(value) or ".." in value:
            continue
        if value.lower() == own_id.strip("/").lower() or value.lower() in declared or any(value == f for f, _ in found):
            continue
        found.append((value, f"{config.file} '{config.key}'"))
    return tuple(found)


# A trainer's step folder as a recorded name's last part ("outputs/checkpoint-1000", "runs/global_step500"): the local folder a
# run resumed from, shaped like a Hub id only by its slash (the folder names of sources.listing.CHECKPOINT_TRAINING_JSON)
_STEP_FOLDER = lazy(r"(?:checkpoint|ckpt|global[-_]?step|epoch|step)[-_=]?(?:\d{1,12}|final|last|best)", re.IGNORECASE)


def records_the_starting_model(where: str, value: str) -> bool:
    """Whether the record a base was named in (config_base_ids' "where": "checkpoint-500/training_args.json
    'model_name_or_path'") is a training run's arguments (a Trainer's training_args.json, sft_args.json, axolotl's or
    LLaMA-Factory's YAML): the model the run was started from, by the id the run loaded it with, as a declared base
    is; not a saved model's config.json or tokenizer_config.json (whatever save_pretrained was given, often the
    checkpoint's own or an intermediate name), nor a trainer's step folder ("outputs/checkpoint-1000": a local folder).
    One that cannot be read leaves the terms unknown (acc65: review59)."""
    file, _, key = where.rpartition(" '")
    return (key.rstrip("'") in TRAINING_BASE_KEYS and file.rsplit("/", 1)[-1] not in LINEAGE_CONFIGS
            and _STEP_FOLDER.fullmatch(value.rstrip("/").rsplit("/", 1)[-1]) is None)


# A Hub repo the card's words give as its base: a link to it ("This is [jinaai/ReaderLM-v2](https://huggingface.co/
# jinaai/ReaderLM-v2) compiled for WebLLM"; hub_links: one to a canonical model with no owner, "[GPT-2](https://
# huggingface.co/gpt2)") or the value of a "Base model:" line.
# On a card with no license of its own, the Haystack template's "Language model:" line opening a line gives the base too
# ("**Language model:** roberta-base" on deepset's QA cards; round 53's ehdwns1516/gpt2_review_star3 'Language model:
# [gpt2](https://huggingface.co/gpt2)'). Not where the card has a license: deepset's own German BERT, trained from scratch,
# writes 'Language model: bert-base-cased' for what it is, and its MIT decides.
_UNLICENSED_LABEL = rf"{ENGLISH_BASE_LABEL}|(?:^|(?<=\n))[ \t>*_-]{{0,6}}language[ _-]?model"
_BASE_MODEL_LABEL = lazy(rf"(?:{_UNLICENSED_LABEL}){LABEL_AFTER}{BASE_LABEL_VALUE}", re.IGNORECASE)
MAX_PROSE_BASES = 3
# The same label with one of the Hub's legacy single-name ids as its value ("Base Model: bert-base-uncased", acc80: round 49's
# joelito/bert-base-uncased-sem_eval_2010_task_8): read where the card has no license of its own, as a legacy id written plain
# in a sentence is (named_sources), and only an id base_named.legacy_model_id takes for one ("Base model: our own", "Base
# model: 7B" name none)
_LEGACY_LABEL = lazy(rf"(?:{_UNLICENSED_LABEL}){LABEL_AFTER}[`*_\"“]{{0,2}}(?P<legacy>[a-z0-9][a-z0-9.\-]{{0,95}}?)[`*_\"”]{{0,2}}"
                     r"(?![\w/@-]|\.\w)", re.IGNORECASE)
# An address's host where a label's value is no Hub id ("License: same as the base model: github.com/meta-llama/llama3");
# the Hub's own hosts are read as its address above
_A_SITE = lazy(r"(?!(?:www\.)?(?:huggingface|hf)\.co/)(?:www\.)?[\w-]+\.(?:com|org|net|io|ai|co|dev|edu|gov|cn|uk|de|fr|jp)/",
               re.IGNORECASE)
_LABEL_PATTERNS: dict[str, re.Pattern[str]] = {}
# The labels of phrases.yaml's base_model_labels written in ASCII letters alone ("Basismodell", "modelo base"): a card
# of ASCII text holds another language's label only if it holds one of these (tests/test_acc54_review53_lineage.py
# checks every ASCII label there is matched)
_ASCII_FOREIGN_LABEL = lazy(r"basismodell|model[eo] (?:de )?base", re.IGNORECASE)


def _label_pattern(foreign: str) -> re.Pattern[str]:
    """"Base model:" and the labels the card words give in other languages ("基础模型：org/X", "Basismodell: org/X")."""
    known = _LABEL_PATTERNS.get(foreign)
    if known is None:
        labels = f"{ENGLISH_BASE_LABEL}|{foreign}" if foreign else ENGLISH_BASE_LABEL
        known = _LABEL_PATTERNS[foreign] = re.compile(rf"(?:{labels}){LABEL_AFTER}{BASE_LABEL_VALUE}", re.IGNORECASE)
    return known


def in_a_local_path(text: str, start: int, end: int) -> bool:
    """Whether the id written bare at text[start:end] is part of a local path: a folder's separator right before or after
    it ("Base model: /root/models/x" holds "root/models", "./gpt2" and "~/gpt2" hold "gpt2", "C:\\runs\\org/x"): a
    folder on the author's machine, no Hub repo (acc82)."""
    return text[start - 1: start] in ("/", "\\") or text[end: end + 1] in ("/", "\\")


def prose_base_ids(evidence: Evidence, own_id: str) -> tuple[tuple[str, str], ...]:
    """The Hub repos the card's text gives as the model it was made from, when the checkpoint has no license
    of its own and neither its metadata nor a config.json names a base: followed as a config.json's are
    (undeclared), so a base outside the families licscan knows is read, not stood in for by a family the
    same sentence names ("jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)": ReaderLM-v2 is CC BY-NC,
    Qwen2.5-1.5B Apache-2.0)."""
    if (evidence.card.base_models or not evidence.card_body or evidence.shows_a_license_of_its_own
            or config_base_ids(evidence, own_id)):
        return ()   # only a checkpoint with no license of its own is wholly under a base its words name
    if not (_HUB_LINK.search(evidence.card_body) or _BASE_MODEL_LABEL.search(evidence.card_body)
            or canonical_linked_ids(evidence.card_body) or _LEGACY_LABEL.search(evidence.card_body)):
        return ()   # no sentence (a part of the body) names a repo: the card words and the classifier stay unimported
    from .classify.card_words import load_card_words, sentences
    from .classify.strategies.base_named import legacy_model_id

    words = load_card_words()
    own_owner, _, own_name = split_revision(own_id)[0].strip("/").lower().rpartition("/")
    found: list[tuple[str, str]] = []
    for sentence in sentences(evidence.card_body):
        # a label's value written as a local path ("Base model: /root/models/x", "./gpt2") names no Hub repo
        legacy = [m.group("legacy") for m in _LEGACY_LABEL.finditer(sentence) if legacy_model_id(m.group("legacy"))
                  and not in_a_local_path(sentence, m.start("legacy"), m.end("legacy"))]
        label_ids = [repo for repo, start, end, bare in map(label_value, _BASE_MODEL_LABEL.finditer(sentence))
                     if not (bare and in_a_local_path(sentence, start, end))]
        labelled = bool(label_ids) or bool(legacy)
        named = [m.group(1) for m in _HUB_LINK.finditer(sentence)] + label_ids + canonical_linked_ids(sentence) + legacy
        # the words, not an address: "refer to one of [TheBloke's READMEs](https://huggingface.co/TheBloke/X-GGUF)" names
        # no source for being a link to a GGUF repo (review42: mradermacher's boilerplate)
        if not named or not (labelled or words.gives_a_base(LINK_TARGET_OR_ADDRESS.sub(" ", sentence))):
            continue
        for repo in named:
            repo = repo.rstrip(".")
            owner, _, name = repo.lower().rpartition("/")
            if ((owner == own_owner and name.startswith(own_name)) or ".." in repo
                    or any(repo.lower() == f.lower() for f, _ in found)):
                continue   # itself, or its owner's own quantised and converted copies ("MiniCPM-Llama3-V-2_5-gguf")
            found.append((repo, "the card's text"))
    return tuple(found[:MAX_PROSE_BASES])


# Words a card putting its weights under its base model's license has (base_license_words._BASE_TERMS): a cheap gate
# (the words of base_named._BASE: "the source model", "the pre-trained model" too, review51)
# (case-sensitive on lazy_regex.folded() text, as source_words does: the same answer as re.IGNORECASE on the card's own
# text, the pattern being lower-case, at a fraction of the cost, and the fold is has_source_words' own, remembered)
_BASE_WORDS = lazy(r"(?:base|parent|upstream|underlying|foundation|source|original|pre-?trained)\s+models?")
NAMED_SOURCE = "named-source"   # the relation of a base the card's words name as the model's source
LICENSE_LINK = "license-link"   # the relation of the model repo a card's license_link points into (license_link_rules)


BaseIds = tuple[tuple[str, str], ...]
# Answers by evidence object: the pipeline asks whether any checkpoint has a base, the prefetch and the ancestor
# walk then ask again for each one. Bounded; a dict's get and set are atomic.
_ANSWERS: dict[tuple[str, int, str], tuple[Evidence, BaseIds, object]] = {}   # (evidence, answer, the store told of it)
_ANSWERS_KEPT = 8192


class RememberedBaseIds(Protocol):
    """Answers kept between runs (classification_cache.BaseIdsCache): by the whole evidence record, byte for byte, and
    the id it is read as, under a key covering everything else the reading rests on (licscan's code, its card words,
    the knowledge base)."""

    def get(self, kind: str, evidence: Evidence, own_id: str) -> BaseIds | None: ...

    def put(self, kind: str, evidence: Evidence, own_id: str, found: BaseIds) -> None: ...


_REMEMBERED: list[RememberedBaseIds] = []   # the one a run reads and adds to (remembered_in), if any


@contextmanager
def remembered_in(store: RememberedBaseIds) -> Iterator[None]:
    """Within the block, the answers of source_base_ids and undeclared_base_ids are read from ``store`` when it has
    them (a warm check of unchanged checkpoints reads no card body for lineage) and added to it when not."""
    _REMEMBERED.append(store)
    try:
        yield
    finally:
        _REMEMBERED.remove(store)


def _once_per_evidence(kind: str, evidence: Evidence, own_id: str, find: Callable[[], BaseIds]) -> BaseIds:
    key = (kind, id(evidence), own_id)
    known = _ANSWERS.get(key)
    store = _REMEMBERED[-1] if _REMEMBERED else None
    if known is not None and known[0] is evidence:
        if store is not None and known[2] is not store:
            # read before the run's store was in place (the classifier asks too, before lineage): kept for the next run
            store.put(kind, evidence, own_id, known[1])
            _ANSWERS[key] = (evidence, known[1], store)
        return known[1]
    found = store.get(kind, evidence, own_id) if store is not None else None
    if found is None:
        found = find()
        if store is not None:
            store.put(kind, evidence, own_id, found)
    _keep(key, evidence, found, store)
    return found


def _keep(key: tuple[str, int, str], evidence: Evidence, found: BaseIds, store: object) -> None:
    if len(_ANSWERS) >= _ANSWERS_KEPT:
        _ANSWERS.clear()
    _ANSWERS[key] = (evidence, found, store)


# The answers _once_per_evidence keeps, by kind: the sources a card's words name (source_base_ids) and the bases its config
# or words give (undeclared_base_ids); lineage reads both of every checkpoint of the manifest before it fetches any base
# (pipeline.lineage, Lineage.prefetch), as the checkpoint's own id
_SOURCES_KIND = "named-source"
_UNDECLARED_KIND = "undeclared"


def lineage_reading(evidence: Evidence) -> tuple[BaseIds, BaseIds]:
    """What lineage will read of a checkpoint of the manifest (source_base_ids and undeclared_base_ids as its entry's
    id), read now: classification_cache.classify_all reads it where it classifies the checkpoint, on every core, where
    lineage would read each card again after all are classified, in one process (~0.3 s of a 1,000-checkpoint check)."""
    own = evidence.entry.ref
    return source_base_ids(evidence, own), undeclared_base_ids(evidence, own)


def keep_lineage_reading(evidence: Evidence, reading: tuple[BaseIds, BaseIds]) -> None:
    """``reading``, lineage_reading's answer for ``evidence`` in another process (a forked copy of this one, which read
    the same record with the same code), kept as if read here: lineage asks for it as for any answer already read."""
    own = evidence.entry.ref
    for kind, found in zip((_SOURCES_KIND, _UNDECLARED_KIND), reading, strict=True):
        if _ANSWERS.get((kind, id(evidence), own), (None,))[0] is not evidence:
            _keep((kind, id(evidence), own), evidence, found, None)


def source_base_ids(evidence: Evidence, own_id: str) -> BaseIds:
    """The Hub repos the card's words name as the model's own source (classify.named_sources), with the sentence
    that names each: followed as a declared base is, also when the card declares a license of its own."""
    def find() -> BaseIds:
        if evidence.base_models or not evidence.card_body:
            return ()
        found: BaseIds = ()
        if has_source_words(evidence.card_body):   # the classifier package stays unimported for a card with none of the words
            from .classify.named_sources import named_source_ids

            found = named_source_ids(evidence, own_id)
        found += labelled_base_ids(evidence, own_id, {base.lower() for base, _ in found})
        if _BASE_WORDS.search(folded(evidence.card_body)):
            # "The model weights follow the license of the base model (mosaicml/mpt-7b-chat)": that base (acc48)
            from .classify.strategies.base_named import deferred_base_ids, own_names

            own = split_revision(own_id)[0].strip("/").lower()
            seen = {base.lower() for base, _ in found}
            found += tuple((base, "the card's words putting its weights under its base model's license")
                           for base in deferred_base_ids(evidence.card_body, own_names(evidence))
                           if base.lower() not in seen and base.lower() != own)
        return found

    return _once_per_evidence(_SOURCES_KIND, evidence, own_id, find)


def labelled_base_ids(evidence: Evidence, own_id: str, seen: set[str]) -> BaseIds:
    """The Hub repos a "Base model:" label line names (the Hub template's "- **Base Model:** org/X", "Finetuned from
    model: org/X") on a card with a license of its own: a fine-tune carries its base's terms whatever its own card
    declares, so that base is followed as a named source is (unread, the license it passes down is not known: unknown).
    On a card with no license of its own such a line is read by prose_base_ids, with its family's license standing in
    for a base that cannot be read. (The lead, after acc50: "- **Base Model:** acme/secret-nc-7b" under `license: mit`
    was never followed, so a base under non-commercial terms passed on the card's MIT.)"""
    if not evidence.shows_a_license_of_its_own:
        return ()
    own_owner, _, own_name = split_revision(own_id)[0].strip("/").lower().rpartition("/")
    found: list[tuple[str, str]] = []
    # the card, and the card in another language beside it (README_zh.md: acc54, review53), read as the card's words are
    bodies = [evidence.card_body] + [f.text for f in evidence.files if f.role == "use-guide" and is_card_translation(f.name)]
    foreign = ""
    if any(not body.isascii() or _ASCII_FOREIGN_LABEL.search(body) for body in bodies):
        from .classify.card_words import load_card_words

        foreign = load_card_words().base_model_labels
    # (else no other language's label can be there: the classifier package stays unimported, and a remembered check
    # never imports it: tests/test_classification_cache.py)
    pattern = _label_pattern(foreign)
    own_plain = {plain_name(name) for name in (own_name, *title_names(evidence.card_body)) if plain_name(name)}
    named: list[tuple[str, bool, str]] = []   # (id, written bare, the words that name it)
    for body in bodies:
        for match in pattern.finditer(body):
            repo, start, end, bare = label_value(match)
            # a local path ("base_model: /home/me/models/Qwen-7B-Chat") is no Hub id: its family is read elsewhere
            if not (bare and in_a_local_path(body, start, end)):
                named.append((repo, bare, " ".join(match.group(0).split())[:160]))
        named += table_column_bases(body, foreign, own_plain)
    for repo, bare, words in named:
        repo = repo.rstrip(".")
        owner, _, name = repo.lower().rpartition("/")
        if ((bare and _A_SITE.match(repo)) or ".." in repo or (owner == own_owner and name.startswith(own_name))
                or repo.lower() in seen or any(repo.lower() == f.lower() for f, _ in found)):
            continue   # an address, itself or its owner's own copies, or named already
        found.append((repo, words))
    return tuple(found[:MAX_PROSE_BASES])


def command_base_ids(evidence: Evidence, own_id: str) -> BaseIds:
    """The models the card's own training command started from (training_commands), when the checkpoint has no license of
    its own and neither its metadata, a config.json nor its card's text names a base: followed as a training run's saved
    arguments are (undeclared; one that cannot be read leaves the terms unknown)."""
    if (evidence.card.base_models or not evidence.card_body or evidence.shows_a_license_of_its_own
            or config_base_ids(evidence, own_id)):
        return ()
    from .training_commands import training_command_bases

    # the repo its words name as its source already, however cased ("microsoft/mDeBERTa-v3-base" in a sentence,
    # "microsoft/mdeberta-v3-base" in the code): the Hub's ids are one repo whatever their case
    named = {base.lower() for base, _ in source_base_ids(evidence, own_id)}
    return tuple((repo, f"the card's training code ('{written}')")
                 for repo, written in training_command_bases(evidence.card_body, split_revision(own_id)[0])
                 if repo.lower() not in named)


def undeclared_base_ids(evidence: Evidence, own_id: str) -> BaseIds:
    """The bases a checkpoint's metadata does not declare but its config.json, its card's words or its card's training
    command name."""
    return _once_per_evidence(_UNDECLARED_KIND, evidence, own_id,
                              lambda: config_base_ids(evidence, own_id) or prose_base_ids(evidence, own_id)
                              or command_base_ids(evidence, own_id))


def followed_base_ids(evidence: Evidence, own_id: str) -> list[str]:
    """Every base lineage reads for a checkpoint: those it declares, then those its config.json or card text names
    (the walk of lineage.py; base_license_words asks whether a base a card names is one of them)."""
    return [*base_model_ids(evidence, own_id)[0], *(base for base, _ in source_base_ids(evidence, own_id)),
            *(base for base, _ in undeclared_base_ids(evidence, own_id))]

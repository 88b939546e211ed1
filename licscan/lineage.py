"""Following ``base_model`` to the root: a fine-tune carries its base model's license.

A merge inherits from every parent, an adapter or a quantisation from its base. Each ancestor is
fetched once per run, however many checkpoints share it; the walk stops at a depth limit and on
cycles, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .hub_links import HUB_LINK as _HUB_LINK
from .hub_links import canonical_linked_ids
from .lazy_regex import lazy
from .manifest import hub_refuses
from .model import MERGE_CARD_KEY, MERGED_MODEL_KEY, Ancestor, CardMetadata, Classification, Evidence, ManifestEntry
from .pool import fetch_all
from .rules import KnowledgeBase, LicenseRule, restrictiveness
from .source_words import SOURCE_WORDS
from .sources.lineage_files import LOADED_FROM_KEYS, named_base_records
from .verdict_rules import missing_evidence
from .vocabulary import UNKNOWN, Category, as_category

if TYPE_CHECKING:   # the classifier (and its matcher) are imported only when something must be classified
    from .classification_cache import EvidenceClassifier

MAX_DEPTH = 8
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
        if config.key not in LOADED_FROM_KEYS or not _LOADED_FROM.fullmatch(value) or ".." in value:
            continue
        if value.lower() == own_id.strip("/").lower() or value.lower() in declared or any(value == f for f, _ in found):
            continue
        found.append((value, f"{config.file} '{config.key}'"))
    return tuple(found)


# A Hub repo the card's words give as its base: a link to it ("This is [jinaai/ReaderLM-v2](https://huggingface.co/
# jinaai/ReaderLM-v2) compiled for WebLLM"; hub_links: one to a canonical model with no owner, "[GPT-2](https://
# huggingface.co/gpt2)") or the value of a "Base model:" line.
_BASE_MODEL_LABEL = lazy(r"(?:base[ _-]?model|fine-?tuned from(?: model)?(?: \[optional\])?)\W{0,6}[:：\-–—]\W{0,4}"
                               r"([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95})", re.IGNORECASE)
MAX_PROSE_BASES = 3


def prose_base_ids(evidence: Evidence, own_id: str) -> tuple[tuple[str, str], ...]:
    """The Hub repos the card's text gives as the model it was made from, when the checkpoint has no license
    of its own and neither its metadata nor a config.json names a base: followed as a config.json's are
    (undeclared), so a base outside the families licscan knows is read, not stood in for by a family the
    same sentence names ("jinaai/ReaderLM-v2 (based on Qwen2.5-1.5B-Instruct)": ReaderLM-v2 is CC BY-NC,
    Qwen2.5-1.5B Apache-2.0)."""
    # "No license of its own" is asked here of the evidence before it is classified (the pipeline decides from
    # it which bases to fetch), so of what is there, not what was identified: any metadata license value (a bare
    # "other" too), name or link, any file beside the card. evaluate's own_license and
    # verdict_rules.declares_no_license ask it of the classification, each differently, on purpose: see there.
    card = evidence.card
    if (card.base_models or card.licenses or card.license_name or card.license_link or not evidence.card_body
            or any(f.role not in ("card", "use-guide") for f in evidence.files) or config_base_ids(evidence, own_id)):
        return ()   # only a checkpoint with no license of its own is wholly under a base its words name
    if not (_HUB_LINK.search(evidence.card_body) or _BASE_MODEL_LABEL.search(evidence.card_body)
            or canonical_linked_ids(evidence.card_body)):
        return ()   # no sentence (a part of the body) names a repo: the card words and the classifier stay unimported
    from .classify.card_words import load_card_words, sentences

    words = load_card_words()
    own_owner, _, own_name = split_revision(own_id)[0].strip("/").lower().rpartition("/")
    found: list[tuple[str, str]] = []
    for sentence in sentences(evidence.card_body):
        named = [m.group(1) for m in _HUB_LINK.finditer(sentence)] + [m.group(1) for m in _BASE_MODEL_LABEL.finditer(sentence)]
        named += canonical_linked_ids(sentence)
        if not named or not (_BASE_MODEL_LABEL.search(sentence) or words.gives_a_base(sentence)):
            continue
        for repo in named:
            repo = repo.rstrip(".")
            owner, _, name = repo.lower().rpartition("/")
            if ((owner == own_owner and name.startswith(own_name)) or ".." in repo
                    or any(repo.lower() == f.lower() for f, _ in found)):
                continue   # itself, or its owner's own quantised and converted copies ("MiniCPM-Llama3-V-2_5-gguf")
            found.append((repo, "the card's text"))
    return tuple(found[:MAX_PROSE_BASES])


NAMED_SOURCE = "named-source"   # the relation of a base the card's words name as the model's source


BaseIds = tuple[tuple[str, str], ...]
# Answers by evidence object: the pipeline asks whether any checkpoint has a base, the prefetch and the ancestor
# walk then ask again for each one. Bounded; a dict's get and set are atomic.
_ANSWERS: dict[tuple[str, int, str], tuple[Evidence, BaseIds]] = {}
_ANSWERS_KEPT = 8192


def _once_per_evidence(kind: str, evidence: Evidence, own_id: str, find: Callable[[], BaseIds]) -> BaseIds:
    key = (kind, id(evidence), own_id)
    known = _ANSWERS.get(key)
    if known is not None and known[0] is evidence:
        return known[1]
    found = find()
    if len(_ANSWERS) >= _ANSWERS_KEPT:
        _ANSWERS.clear()
    _ANSWERS[key] = (evidence, found)
    return found


def source_base_ids(evidence: Evidence, own_id: str) -> BaseIds:
    """The Hub repos the card's words name as the model's own source (classify.named_sources), with the sentence
    that names each: followed as a declared base is, also when the card declares a license of its own."""
    def find() -> BaseIds:
        if evidence.base_models or not SOURCE_WORDS.search(evidence.card_body):
            return ()   # the classifier package stays unimported for a card with none of the words
        from .classify.named_sources import named_source_ids

        return named_source_ids(evidence, own_id)

    return _once_per_evidence("named-source", evidence, own_id, find)


def undeclared_base_ids(evidence: Evidence, own_id: str) -> BaseIds:
    """The bases a checkpoint's metadata does not declare but its config.json or its card's words name."""
    return _once_per_evidence("undeclared", evidence, own_id,
                              lambda: config_base_ids(evidence, own_id) or prose_base_ids(evidence, own_id))


def _followed(evidence: Evidence, own_id: str) -> list[str]:
    """Every base lineage reads for a checkpoint: those it declares, then those its config.json or card text names."""
    return [*base_model_ids(evidence, own_id)[0], *(base for base, _ in source_base_ids(evidence, own_id)),
            *(base for base, _ in undeclared_base_ids(evidence, own_id))]


def _recorded_in(child: Evidence, value: str) -> str | None:
    """Where a tool recorded a base value the card's base_model does not give ("adapter_config.json
    'base_model_name_or_path'"); None for the card's own and for a mergekit config's (read as the card's)."""
    if value in child.card.base_models:
        return None
    return next((_where(c.file, c.key) for c in child.config_lineage
                 if c.declares_base and c.key != MERGED_MODEL_KEY and c.value == value), None)


def _where(file: str, key: str) -> str:
    return "the mergekit card's list of models merged" if key == MERGE_CARD_KEY else f"{file} '{key}'"


def _from_cache_path(child: Evidence, repo: str) -> bool:
    """Whether the child names the repo only through a cache folder's path: a repo the Hub no longer has
    then names its family, as a local folder's name does."""
    values = [*child.card.base_models, *(c.value for c in child.config_lineage)]
    return any(hf_cache_repo(v) == repo for v in values) and repo not in values


def base_model_problem(value: str) -> str:
    shown = value if len(value) <= 80 else value[:80] + "…"
    return f"card problem: base_model '{shown}' is neither a Hub repo id nor a https://huggingface.co/ORG/NAME link"


def passed_down(kb: KnowledgeBase, classification: Classification) -> tuple[str, Category]:
    """What a base passes down: the most restrictive license that applies to it, not only its headline
    (a base's card saying "non-commercial research purposes only" beside `license: mit` binds every
    fine-tune of it). A modified copy whose terms are unknown passes down unknown, not the license it
    was modified from."""
    own = classification.license_id
    if own == UNKNOWN or (classification.modified_from == own and classification.category == UNKNOWN):
        return UNKNOWN, "unknown"
    rules = [kb.get(license_id) for license_id in dict.fromkeys((own, *classification.candidates))]
    if any(rule is None for rule in rules):
        return UNKNOWN, "unknown"
    known = [rule for rule in rules if rule is not None]
    strictest = max(known, key=restrictiveness)   # the first of equals: own
    if strictest.id == own:
        return own, classification.category
    return strictest.id, as_category(strictest.category)


class Lineage:
    def __init__(self, fetch: Callable[[ManifestEntry], Evidence], classifier: EvidenceClassifier, jobs: int = 8,
                 pinned: dict[str, str] | None = None):
        self.fetch = fetch
        self.classifier = classifier
        self.jobs = jobs
        self.pinned = pinned or {}      # repo id -> commit, from the lock
        self.evidence: dict[str, Evidence] = {}
        self.classes: dict[str, Classification] = {}

    def prefetch(self, roots: list[Evidence]) -> None:
        """Fetch every ancestor of every root, level by level, concurrently within a level."""
        frontier = sorted({base for e in roots for base in _followed(e, e.entry.ref)})
        for _ in range(MAX_DEPTH):
            new = [repo for repo in frontier if repo not in self.evidence]
            if not new:
                return
            for repo in new:
                refused = hub_refuses(split_revision(repo)[0])
                if refused:   # a card's "a/b--c": huggingface_hub would raise for the whole run; unknown for this base
                    self.evidence[repo] = Evidence(entry=ManifestEntry(ref=repo, kind="hub", line=0), source="hub", revision=None,
                                                   card=CardMetadata(), complete=False, problems=(f"{repo}: {refused}",), fetch_failed=True)
            todo = [repo for repo in new if repo not in self.evidence]
            # a base named at a revision is read at that revision; else at the one the lock pinned, if any
            entries = [ManifestEntry(ref=split_revision(base)[0], kind="hub", line=0,
                                     revision=split_revision(base)[1] or self.pinned.get(base)) for base in todo]
            for repo, evidence in zip(todo, fetch_all(self.fetch, entries, min(self.jobs, len(entries))) if entries else (), strict=True):
                self.evidence[repo] = evidence
            frontier = sorted({b for repo in new for b in _followed(self.evidence[repo], repo)})

    def ancestors(self, evidence: Evidence) -> tuple[Ancestor, ...]:
        found: list[Ancestor] = []
        seen: set[str] = set()

        def walk(child: Evidence, child_id: str, depth: int, path: tuple[str, ...], undeclared: str | None) -> None:
            bases, unreadable = base_model_ids(child, child_id)
            relation = child.base_model_relation or ("merge" if len(bases) + len(unreadable) > 1 else "base")
            for value in unreadable:
                # "/root/model/chatglm2-6b" cannot be fetched, but it names the base's family
                from .classify.strategies.lineage_words import license_named_by

                recorded = _recorded_in(child, value)
                if recorded is not None:
                    found.extend(self._unreadable_record(child, child_id, value, recorded, relation, depth, bases, unreadable, undeclared))
                    continue
                named = license_named_by(self.classifier.kb, value)
                if named is not None:
                    found.append(Ancestor(value, relation, depth, named.id, as_category(named.category), via=child_id, named_by=value,
                                          undeclared=undeclared))
                else:
                    found.append(Ancestor(value, relation, depth, "unknown", "unknown", via=child_id, problem=base_model_problem(value),
                                          undeclared=undeclared))
            found.extend(self._named_records(child, child_id, depth, undeclared))
            followed = [(base, relation, undeclared) for base in bases]
            # a source the card's words name is a base as a declared one is (before the same repo as an undeclared one)
            followed += [(base, NAMED_SOURCE, undeclared) for base, _ in source_base_ids(child, child_id)]
            followed += [(base, LOADED_FROM, undeclared or where) for base, where in undeclared_base_ids(child, child_id)]
            for base, how, named_in in followed:
                repo, named_revision = split_revision(base)   # "org/name@revision": read at that revision
                if base in path:
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id,
                                          problem="cycle in base_model chain", undeclared=named_in))
                    continue
                if base in seen:
                    continue
                if depth > MAX_DEPTH:
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id,
                                          problem=f"lineage deeper than {MAX_DEPTH}", undeclared=named_in))
                    continue
                seen.add(base)
                base_evidence = self.evidence.get(base)
                if base_evidence is None:
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id, problem="not fetched",
                                          undeclared=named_in))
                    continue
                not_on_hub = any("repository not found" in p or "HTTP 404" in p for p in base_evidence.problems)
                if base_evidence.fetch_failed and ("/" not in base or _from_cache_path(child, base)) and not_on_hub:
                    # "internlm-chat-7b": no such repo on the Hub, so the name of a local folder (the Hub's own
                    # repos without an owner, "gpt2", exist and are read); it names its family as a path does
                    from .classify.strategies.lineage_words import license_named_by

                    named = license_named_by(self.classifier.kb, base)
                    if named is not None:
                        found.append(Ancestor(base, how, depth, named.id, as_category(named.category), via=child_id, named_by=base,
                                              undeclared=named_in))
                        continue
                if base_evidence.fetch_failed and how == NAMED_SOURCE and not_on_hub:
                    agreeing = self._declared_family_license(child, base)
                    if agreeing is not None:
                        found.append(Ancestor(base, how, depth, agreeing.id, as_category(agreeing.category), via=child_id,
                                              named_by=base, undeclared=named_in))
                        continue
                classification = self._classify(base, base_evidence)
                problem = "; ".join(base_evidence.problems) if base_evidence.fetch_failed else None
                missing = () if problem else missing_evidence(base_evidence)
                license_id, category = passed_down(self.classifier.kb, classification)
                found.append(Ancestor(repo, how, depth, license_id, category, base_evidence.revision or named_revision, child_id,
                                      problem, missing, undeclared=named_in))
                walk(base_evidence, base, depth + 1, path + (base,), named_in)

        walk(evidence, evidence.entry.ref, 1, (evidence.entry.ref,), None)
        return tuple(found)

    def _unreadable_record(self, child: Evidence, child_id: str, value: str, recorded: str, relation: str, depth: int,
                           bases: tuple[str, ...], unreadable: tuple[str, ...], undeclared: str | None) -> list[Ancestor]:
        """A base a tool recorded as a value licscan cannot fetch (a local path in an adapter's config, a GGUF
        header's name, a mergekit card's list): the family it names stands in, as for a `base_model` path;
        naming none, it is a base to confirm (the checkpoint at best conditional, unknown with no license of its
        own), unless the card declares a base licscan reads: an adapter's or a GGUF's base is the model the card
        names. A merge's local model is one of its parents whatever the card's base_model says, and a family it
        names without a version takes the version its fellow parents pin, else is a base to confirm."""
        from .classify.strategies.lineage_words import license_named_by

        merged = recorded == _where("", MERGE_CARD_KEY)
        siblings = tuple(v for v in (*bases, *unreadable) if v != value) if merged else ()
        named = license_named_by(self.classifier.kb, value, siblings, loose=not merged)
        if named is not None:
            return [Ancestor(value, relation, depth, named.id, as_category(named.category), via=child_id, named_by=value,
                             undeclared=undeclared)]
        if not merged and any(_REPO_ID.fullmatch(b) for b in base_model_ids(child.card, child_id)[0]):
            return []
        problem = "a local path or a name, not a Hub repo: licscan cannot read it"
        return [Ancestor(value, relation, depth, "unknown", "unknown", via=child_id, problem=problem, undeclared=undeclared or recorded)]

    def _named_records(self, child: Evidence, child_id: str, depth: int, undeclared: str | None) -> list[Ancestor]:
        """The bases a LoRA's training metadata, a GGUF's basename or a Modelfile's FROM names by a name: the family it
        names joins, undeclared (its license applies, never in place of one the checkpoint declares). A name of no
        family is a base to confirm (the checkpoint at best conditional), unless the card declares a base licscan reads
        or the name is the model's own (a GGUF's basename)."""
        from .classify.strategies.lineage_words import license_named_by

        out = []
        for value, where, own_name in named_base_records(child):
            named = license_named_by(self.classifier.kb, value)
            if named is not None:
                out.append(Ancestor(value, LOADED_FROM, depth, named.id, as_category(named.category), via=child_id, named_by=value,
                                    undeclared=undeclared or where))
            elif not own_name and not any(_REPO_ID.fullmatch(b) for b in base_model_ids(child.card, child_id)[0]):
                out.append(Ancestor(value, LOADED_FROM, depth, "unknown", "unknown", via=child_id,
                                    problem="a name, not a Hub repo: licscan cannot read its license", undeclared=undeclared or where))
        return out

    def _declared_family_license(self, child: Evidence, source: str) -> LicenseRule | None:
        """The license a source the card's words name but the Hub does not have passes down when its name pins a
        family version licscan knows whose license is the one the card declares ("converted to MLX format from
        mistralai/Mistral-7B-Instruct-v0.3" on a card declaring apache-2.0, or shipping its text): the name agrees with it,
        unconfirmed (named_base_rule). Only for a repo of the family's own publisher (families.yaml
        'publishers'): another owner's model with the family's name may be under any terms. None otherwise: what
        it passes down is unknown, as a declared base's is."""
        from .classify.strategies.lineage_words import license_named_by, published_by_its_family

        if not published_by_its_family(split_revision(source)[0]):
            return None
        kb = self.classifier.kb
        named = license_named_by(kb, source)
        if named is None:
            return None
        declared = {rule.id for value in (*child.card.licenses, child.card.license_name or "")
                    for rule in [kb.get(value) or kb.by_name(value)] if value and rule is not None}
        # or the license text it ships ("a fine-tuned version of openai/whisper-small" beside an Apache-2.0 LICENSE)
        return named if named.id in declared or named.id in self._classify(child.entry.ref, child).detected else None

    def _classify(self, repo: str, evidence: Evidence) -> Classification:
        if repo not in self.classes:
            self.classes[repo] = self.classifier.classify(evidence)
        return self.classes[repo]


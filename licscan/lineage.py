"""Following ``base_model`` to the root: a fine-tune carries its base model's license.

A merge inherits from every parent, an adapter or a quantisation from its base. Each ancestor is
fetched once per run, however many checkpoints share it; the walk stops at a depth limit and on
cycles, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from .base_ids import (
    _REPO_ID,
    LICENSE_LINK,
    LOADED_FROM,
    NAMED_SOURCE,
    base_model_ids,
    followed_base_ids,
    hf_cache_repo,
    source_base_ids,
    split_revision,
    undeclared_base_ids,
)
from .license_link_rules import linked_model_repo
from .manifest import hub_refuses
from .model import MERGE_CARD_KEY, MERGE_TAG_KEY, MERGED_MODEL_KEY, Ancestor, CardMetadata, Classification, Evidence, ManifestEntry
from .pool import fetch_all
from .rules import KnowledgeBase, LicenseRule, restrictiveness
from .sources.lineage_files import named_base_records
from .verdict_rules import declares_no_license, missing_evidence
from .vocabulary import UNKNOWN, Category, as_category

if TYPE_CHECKING:   # the classifier (and its matcher) are imported only when something must be classified
    from .classification_cache import EvidenceClassifier

MAX_DEPTH = 8
def _recorded_in(child: Evidence, value: str) -> str | None:
    """Where a tool recorded a base value the card's base_model does not give ("adapter_config.json
    'base_model_name_or_path'"); None for the card's own and for a mergekit config's (read as the card's)."""
    if value in child.card.base_models:
        return None
    return next((_where(c.file, c.key) for c in child.config_lineage
                 if c.declares_base and c.key != MERGED_MODEL_KEY and c.value == value), None)


def _where(file: str, key: str) -> str:
    if key == MERGE_CARD_KEY:
        return "the mergekit card's list of models merged"
    return "the card's tags listing models merged" if key == MERGE_TAG_KEY else f"{file} '{key}'"


def _from_cache_path(child: Evidence, repo: str) -> bool:
    """Whether the child names the repo only through a cache folder's path: a repo the Hub no longer has
    then names its family, as a local folder's name does."""
    values = [*child.card.base_models, *(c.value for c in child.config_lineage)]
    return any(hf_cache_repo(v) == repo for v in values) and repo not in values


# A folder a training script writes or reads checkpoints in: "base_model: models/gemma-3-270m" (an adapter trained on a
# local copy, its config's base_model_name_or_path the same) is ORG/NAME in shape, but a relative path when the Hub has
# no such repo (acc73, round 41's ChoGathZSD/adapter): its name names its family as "./gemma-3-270m-it" does. Only on the
# Hub's "not found": offline or unreadable, it stays a base that could not be checked.
_LOCAL_FOLDERS = frozenset((
    "models", "model", "checkpoints", "checkpoint", "ckpt", "ckpts", "outputs", "output", "weights", "pretrained",
    "pretrained_models", "pretrained_model", "base_models", "base_model", "saved_models", "saved_model", "local_models",
    "hf_models",
))


def _local_folder_path(repo: str) -> bool:
    """Whether an ORG/NAME value's owner is a folder a script keeps models in ("models/gemma-3-270m")."""
    owner, slash, _ = split_revision(repo)[0].partition("/")
    return bool(slash) and owner.lower() in _LOCAL_FOLDERS


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


def _reads_as_terms(evidence: Evidence, name: str) -> bool:
    """Whether licscan read the file ``name`` of a repo as terms (a license file, or its card): not only as a guide
    to using its model, read for restriction phrases (review34)."""
    return any(f.name == name and f.role != "use-guide" for f in evidence.files)


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
        """Fetch every ancestor of every root, level by level, concurrently within a level: its bases, and the model
        repo its card's license_link points into (read as a base is, with its own bases)."""
        frontier = sorted({base for e in roots for base in (*followed_base_ids(e, e.entry.ref), *self._linked(e))})
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
            frontier = sorted({b for repo in new for b in followed_base_ids(self.evidence[repo], repo)})

    def ancestors(self, evidence: Evidence) -> tuple[Ancestor, ...]:
        found: list[Ancestor] = []
        # the bases followed and where, by id lower-cased: the Hub finds a repo by its id in any case, so two routes naming
        # it differently cased ("skt/ko-gpt-trinity-1.2B-v0.5", "SKT/KO-GPT-TRINITY-1.2B-V0.5") name one base (acc82)
        seen: set[str] = set()
        walked_at: dict[str, int] = {}   # a base followed, at its place in found

        def walk(child: Evidence, child_id: str, depth: int, path: tuple[str, ...], undeclared: str | None) -> None:
            bases, unreadable = base_model_ids(child, child_id)
            relation = child.base_model_relation or ("merge" if len(bases) + len(unreadable) > 1 else "base")
            for value in unreadable:
                # "/root/model/chatglm2-6b" cannot be fetched, but it names the base's family
                from .classify.strategies.families_named import license_named_by

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
            # the bases a readable checkpoint's own card declares are declared, however the walk came to it: a base a
            # config.json named, once read, says what it was made from, and a base it declares that cannot be read
            # leaves its terms unknown (review31: only a guess of the first link is confirmed rather than failed)
            followed: list[tuple[str, str, str | None]] = [(base, relation, None) for base in bases]
            # a source the card's words name is a base as a declared one is (before the same repo as an undeclared one)
            followed += [(base, NAMED_SOURCE, None) for base, _ in source_base_ids(child, child_id)]
            followed += [(base, LOADED_FROM, where) for base, where in undeclared_base_ids(child, child_id)]
            # the checkpoint's card's license_link into another model repo: the terms are in that repo's file, read as a
            # base is (its license applies, and its own bases'), unless it is one of the ancestors read already
            linked = linked_model_repo(child, self.classifier.kb) if depth == 1 else None
            followed += [(linked[0], LICENSE_LINK, None)] if linked else []
            for base, how, named_in in followed:
                repo, named_revision = split_revision(base)   # "org/name@revision": read at that revision
                if how == LICENSE_LINK and any(a.repo_id.lower() == repo.lower() for a in found):
                    # a base read already: the link is to its terms only when it read that file as a license file
                    read_before = self.evidence.get(base)
                    if linked and read_before is not None and not read_before.fetch_failed and not _reads_as_terms(read_before, linked[1]):
                        found.append(Ancestor(repo, how, depth, UNKNOWN, "unknown", read_before.revision or named_revision, child_id,
                                              f"{linked[1]} is not among the license files licscan read of it"))
                    continue
                if base.lower() in (p.lower() for p in path):
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id,
                                          problem="cycle in base_model chain", undeclared=named_in))
                    continue
                if base.lower() in seen:
                    at = walked_at.get(base.lower())
                    if named_in is None and how != LICENSE_LINK and at is not None and found[at].undeclared is not None:
                        # a merge declaring [X, Y] where X's config.json names Y: Y is declared, whichever route came first
                        found[at] = replace(found[at], undeclared=None)
                    continue
                if depth > MAX_DEPTH:
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id,
                                          problem=f"lineage deeper than {MAX_DEPTH}", undeclared=named_in))
                    continue
                seen.add(base.lower())
                base_evidence = self.evidence.get(base)
                if base_evidence is None:
                    found.append(Ancestor(repo, how, depth, "unknown", "unknown", named_revision, via=child_id, problem="not fetched",
                                          undeclared=named_in))
                    continue
                not_on_hub = any("repository not found" in p or "HTTP 404" in p for p in base_evidence.problems)
                if (base_evidence.fetch_failed and how != LICENSE_LINK and ("/" not in base or _from_cache_path(child, base)
                                                                          or _local_folder_path(base))
                        and not_on_hub):
                    # "internlm-chat-7b": no such repo on the Hub, so the name of a local folder (the Hub's own
                    # repos without an owner, "gpt2", exist and are read); it names its family as a path does
                    from .classify.strategies.families_named import license_named_by

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
                missing = () if problem else missing_evidence(base_evidence, classification)
                license_id, category = passed_down(self.classifier.kb, classification)
                if how == LICENSE_LINK and linked and not problem and not _reads_as_terms(base_evidence, linked[1]):
                    # the repo was read, but not the file the link names (gated, absent, a kind licscan does not read), or
                    # only as a guide to using its model, read for restriction phrases, not matched as the terms the
                    # card says it is under (review34: "Personal projects only. Selling this model is not okay.")
                    problem = "; ".join((f"{linked[1]} is not among the license files licscan read of it", *base_evidence.problems))
                    license_id, category = UNKNOWN, "unknown"
                walked_at[base.lower()] = at = len(found)
                found.append(Ancestor(repo, how, depth, license_id, category, base_evidence.revision or named_revision, child_id,
                                      problem, missing, undeclared=named_in))
                walk(base_evidence, base, depth + 1, path + (base,), named_in)
                if license_id == UNKNOWN and not problem:
                    found[at] = self._under_its_bases(found[at], classification, base_evidence, found[at + 1:])

        walk(evidence, evidence.entry.ref, 1, (evidence.entry.ref,), None)
        return tuple(found)

    def _under_its_bases(self, ancestor: Ancestor, classification: Classification, evidence: Evidence,
                         after: list[Ancestor]) -> Ancestor:
        """An ancestor between the checkpoint and its own bases that declares no license of its own (a TRL SFT model
        with no license key under a DPO model, a GGUF copy without one under a re-quant) is under its bases' licenses,
        as a checkpoint in that state is (verdict_rules.inheritance_rule): it passes down the most restrictive of
        theirs, unknown when one of them is. Unknown as before when it has no base the walk read (review42)."""
        under = [a for a in after if a.via and split_revision(a.via)[0] == ancestor.repo_id and a.depth == ancestor.depth + 1]
        if not under or any(a.problem or a.license_id == UNKNOWN for a in under):
            return ancestor
        if ancestor.missing or not evidence.complete:
            return ancestor   # a file of its own licscan could not read (gated, too large) may be its license
        if not declares_no_license(classification, evidence, frozenset(a.license_id for a in under)):
            return ancestor
        rules = [self.classifier.kb.get(a.license_id) for a in under]
        if any(rule is None for rule in rules):
            return ancestor
        strictest = max((rule for rule in rules if rule is not None), key=restrictiveness)
        return replace(ancestor, license_id=strictest.id, category=as_category(strictest.category), passes_on=True)

    def _linked(self, evidence: Evidence) -> tuple[str, ...]:
        linked = linked_model_repo(evidence, self.classifier.kb)
        return (linked[0],) if linked else ()

    def _unreadable_record(self, child: Evidence, child_id: str, value: str, recorded: str, relation: str, depth: int,
                           bases: tuple[str, ...], unreadable: tuple[str, ...], undeclared: str | None) -> list[Ancestor]:
        """A base a tool recorded as a value licscan cannot fetch (a local path in an adapter's config, a GGUF
        header's name, a mergekit card's list): the family it names stands in, as for a `base_model` path;
        naming none, it is a base to confirm (the checkpoint at best conditional, unknown with no license of its
        own), unless the card declares a base licscan reads: an adapter's or a GGUF's base is the model the card
        names. A merge's local model is one of its parents whatever the card's base_model says, and a family it
        names without a version takes the version its fellow parents pin, else is a base to confirm."""
        from .classify.strategies.families_named import license_named_by

        merged = recorded in (_where("", MERGE_CARD_KEY), _where("", MERGE_TAG_KEY))
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
        out: list[Ancestor] = []
        records = named_base_records(child)
        if not records:
            return out
        # (imported only for a record: a warm check of unchanged checkpoints with none never imports the classifier)
        from .classify.strategies.families_named import license_named_by

        for value, where, own_name in records:
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
        from .classify.strategies.families_named import license_named_by, published_by_its_family

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


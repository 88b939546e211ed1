"""Following ``base_model`` to the root: a fine-tune carries its base model's license.

A merge inherits from every parent, an adapter or a quantisation from its base. Each ancestor is
fetched once per run, however many checkpoints share it; the walk stops at a depth limit and on
cycles, and says so.
"""

from __future__ import annotations

from typing import Callable

from .classify import Classifier
from .pool import fetch_all
from .model import Ancestor, Classification, Evidence, ManifestEntry

MAX_DEPTH = 8


class Lineage:
    def __init__(self, fetch: Callable[[ManifestEntry], Evidence], classifier: Classifier, jobs: int = 8, pinned: dict[str, str] | None = None):
        self.fetch = fetch
        self.classifier = classifier
        self.jobs = jobs
        self.pinned = pinned or {}      # repo id -> commit, from the lock
        self.evidence: dict[str, Evidence] = {}
        self.classes: dict[str, Classification] = {}

    def prefetch(self, roots: list[Evidence]) -> None:
        """Fetch every ancestor of every root, level by level, concurrently within a level."""
        frontier = sorted({base for e in roots for base in e.card.base_models if _is_repo_id(base)})
        for _ in range(MAX_DEPTH):
            todo = [repo for repo in frontier if repo not in self.evidence]
            if not todo:
                return
            entries = [ManifestEntry(ref=repo, kind="hub", line=0, revision=self.pinned.get(repo)) for repo in todo]
            for repo, evidence in zip(todo, fetch_all(self.fetch, entries, min(self.jobs, len(entries)))):
                self.evidence[repo] = evidence
            frontier = sorted({b for repo in todo for b in self.evidence[repo].card.base_models if _is_repo_id(b)})

    def ancestors(self, evidence: Evidence) -> tuple[Ancestor, ...]:
        found: list[Ancestor] = []
        seen: set[str] = set()

        def walk(child: Evidence, child_id: str, depth: int, path: tuple[str, ...]) -> None:
            relation = child.card.base_model_relation or ("merge" if len(child.card.base_models) > 1 else "base")
            for base in child.card.base_models:
                if not _is_repo_id(base):
                    found.append(Ancestor(base, relation, depth, "unknown", "unknown", via=child_id, problem=f"'{base}' is not a Hub repo id"))
                    continue
                if base in path:
                    found.append(Ancestor(base, relation, depth, "unknown", "unknown", via=child_id, problem="cycle in base_model chain"))
                    continue
                if base in seen:
                    continue
                if depth > MAX_DEPTH:
                    found.append(Ancestor(base, relation, depth, "unknown", "unknown", via=child_id, problem=f"lineage deeper than {MAX_DEPTH}"))
                    continue
                seen.add(base)
                base_evidence = self.evidence.get(base)
                if base_evidence is None:
                    found.append(Ancestor(base, relation, depth, "unknown", "unknown", via=child_id, problem="not fetched"))
                    continue
                classification = self._classify(base, base_evidence)
                problem = "; ".join(base_evidence.problems) if base_evidence.fetch_failed else None
                found.append(Ancestor(base, relation, depth, classification.license_id, classification.category, base_evidence.revision, child_id, problem))
                walk(base_evidence, base, depth + 1, path + (base,))

        walk(evidence, evidence.entry.ref, 1, (evidence.entry.ref,))
        return tuple(found)

    def _classify(self, repo: str, evidence: Evidence) -> Classification:
        if repo not in self.classes:
            self.classes[repo] = self.classifier.classify(evidence)
        return self.classes[repo]


def _is_repo_id(value: str) -> bool:
    parts = value.split("/")
    return len(parts) == 2 and all(parts) and "://" not in value and not value.startswith((".", "/"))

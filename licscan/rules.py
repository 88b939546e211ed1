"""The license knowledge base: licscan's rule files (and a project's own) joined into one
``KnowledgeBase``, and looking licenses up in it by id, name or link.

Reading one rule file, and the records a rule is made of, is ``licscan/rule_file.py``; the parsed
rules are cached on disk by ``licscan/rules_cache.py``. The names other modules import from here
(``LicenseRule``, ``CATEGORIES``, ``USES`` ...) are re-exported from ``rule_file``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import rules_cache
from .errors import InputError
from .rule_file import (
    CATEGORIES,
    CATEGORIES_FILE,
    CATEGORIES_PATH,
    CATEGORY_LIST,
    CATEGORY_RANK,
    FACTS,
    GRANTS,
    KINDS,
    MAX_REPLACEMENT_WORDS,
    ORIGINS,
    UNDETERMINED,
    USES,
    LicenseCategory,
    LicenseRule,
    Replaceable,
    Term,
    Threshold,
    default_dirs,
    load_categories,
    name_key,
    parse_rule,
)

__all__ = [
    "CATEGORIES", "CATEGORIES_FILE", "CATEGORIES_PATH", "CATEGORY_LIST", "CATEGORY_RANK", "FACTS", "GRANTS", "KINDS",
    "MAX_REPLACEMENT_WORDS", "ORIGINS", "UNDETERMINED", "USES", "CatalogLookup", "KnowledgeBase", "LicenseCategory",
    "LicenseRule", "Replaceable", "Term", "Threshold", "default_dirs", "load_categories", "load_knowledge_base", "restrictiveness",
    "use_catalog",
]
_name_key = name_key   # the name tests/test_rules.py imports

# The license catalog (licscan/catalog.py) registers its lookup here when it is imported: the rules
# do not import the catalog, which is built on the matcher, which is built on the rules.
CatalogLookup = Callable[["KnowledgeBase", str, str], "LicenseRule | None"]
_catalog_lookup: CatalogLookup | None = None


# The rules tuples parsed from files, by id() (the tuple held beside it, so the id is its own), with the key of everything
# their parse read (rules_cache.KeyMaker: the files' bytes, the parser's code): the rules are what that key says, so what is
# remembered between runs rests on the key, not on every rule's repr (remembered_keys: ~6 ms of every check). A tuple made
# otherwise (a test's dataclasses.replace(kb, rules=...)) has none.
_PARSED: dict[int, tuple[tuple[LicenseRule, ...], str]] = {}
_PARSED_KEPT = 16


def parsed_key(rules: tuple[LicenseRule, ...]) -> str | None:
    """The key of the parse that made exactly this rules tuple, or None."""
    found = _PARSED.get(id(rules))
    return found[1] if found is not None and found[0] is rules else None


def _parsed(rules: tuple[LicenseRule, ...], key: str) -> tuple[LicenseRule, ...]:
    if len(_PARSED) >= _PARSED_KEPT:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[id(rules)] = (rules, key)
    return rules


def names_no_license(value: str) -> bool:
    """Whether a declared license value is a placeholder with no letter or digit ('license: ???', '-'): it names no license,
    so no rule licscan lacks would settle it (it is still no license the checkpoint can be judged by)."""
    return not any(character.isalnum() for character in value)


def restrictiveness(rule: LicenseRule | None) -> int:
    """A license's rank among the categories, most restrictive highest; no rule, or a category the
    vocabulary does not know yet, ranks as unknown: fail closed."""
    return CATEGORY_RANK.get(rule.category if rule else "unknown", CATEGORY_RANK["unknown"])


def use_catalog(lookup: CatalogLookup) -> None:
    """Make ``lookup(kb, name, by)`` (by "id" or "name") the fallback for ids and names no rule has."""
    global _catalog_lookup
    _catalog_lookup = lookup


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    rules: tuple[LicenseRule, ...]
    texts_dir: Path
    version: str
    with_catalog: bool = True   # below licscan's rules, the ScanCode LicenseDB (licscan/catalog.py)
    # reference texts that live outside texts_dir (a project's rules_dir): file name -> folder
    text_dirs: tuple[tuple[str, Path], ...] = ()
    _by_id: dict[str, LicenseRule] = field(init=False, repr=False)
    _by_name: dict[str, LicenseRule] = field(init=False, repr=False)
    # link key -> the first rule listing it, built on the first look-up (a card line's every link asks)
    _by_link: dict[str, LicenseRule] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        names: dict[str, LicenseRule] = {}
        for rule in self.rules:
            for name in (rule.id, *rule.hub_ids, *rule.aliases, rule.spdx):
                names.setdefault(name_key(name), rule)
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})
        object.__setattr__(self, "_by_name", names)

    def get(self, rule_id: str) -> LicenseRule | None:
        """A licscan rule by id; else a catalog license by its ScanCode key (only for ids licscan lacks)."""
        rule = self._by_id.get(rule_id)
        if rule is None and self.with_catalog and _catalog_lookup is not None:
            return _catalog_lookup(self, rule_id, "id")
        return rule

    def by_name(self, name: str, *, catalog: bool = False) -> LicenseRule | None:
        """Look up by Hub id, licscan id, alias or SPDX id, ignoring case and spacing. With ``catalog``,
        for a declared name (card metadata, a policy) licscan lacks: the catalog's keys, SPDX ids and
        names (a license a rule describes is the rule). Not for words in prose: the catalog's 2,000
        names include ordinary words."""
        rule = self._by_name.get(name_key(name))
        if rule is None and catalog and self.with_catalog and _catalog_lookup is not None:
            return _catalog_lookup(self, name, "name")
        return rule

    def by_link(self, url: str) -> LicenseRule | None:
        """The rule whose `links` list this vendor URL (scheme, "www.", case of the host and a
        trailing slash or fragment ignored)."""
        by_link = self._by_link
        if by_link is None:
            by_link = {}
            for rule in self.rules:   # the first rule that lists a link, as a walk over the rules finds it
                for link in rule.links:
                    by_link.setdefault(_link_key(link), rule)
            object.__setattr__(self, "_by_link", by_link)
        return by_link.get(_link_key(url))

    def text_path(self, filename: str) -> Path:
        return dict(self.text_dirs).get(filename, self.texts_dir) / filename

    def suggest(self, name: str) -> str | None:
        """The rule id a mistyped or differently spelled license id most likely means: the rule the name
        is an alias, Hub id or SPDX id of, else the closest rule id."""
        import difflib

        rule = self.by_name(name)
        if rule is not None:
            return rule.id
        close = difflib.get_close_matches(name.strip().lower(), [r.id for r in self.rules], n=1, cutoff=0.6)
        return close[0] if close else None


# A Creative Commons license's pages: its deed in any language and its legal code ("/deed.en", "/deed.zh-hans",
# "/legalcode", "/legalcode.en") are the same license as its address without them (review52: a "[license](https://
# creativecommons.org/licenses/by-nc/4.0/deed.en)" under ## License named no license, and the card passed)
_CC_PAGE = re.compile(r"^(creativecommons\.org/(?:licenses|publicdomain)/[^/]+/[^/]+(?:/[a-z]{2})?)"
                      r"/(?:deed|legalcode)(?:\.[a-z]{2,3}(?:[-_][a-z]{2,4})?)?$", re.IGNORECASE)


def _link_key(url: str) -> str:
    match = re.match(r"^\s*(?:https?://)?(?:www\.)?([^/\s]+)(/[^#?\s]*)?", url)
    if not match:
        return url.strip()
    key = match.group(1).lower() + (match.group(2) or "").rstrip("/")
    page = _CC_PAGE.match(key)
    return page.group(1).lower() if page else key



def load_knowledge_base(rules_dir: Path | None = None, texts_dir: Path | None = None, project_dir: Path | None = None) -> KnowledgeBase:
    """licscan's rules, joined by a project's own (``project_dir``: the policy's ``rules_dir``, rule
    files and their verbatim texts side by side) when one is given."""
    default_rules, default_texts = default_dirs()
    rules_dir = rules_dir or default_rules
    texts_dir = texts_dir or default_texts
    base = _load_cached(rules_dir.resolve(), texts_dir.resolve())
    if project_dir is None:
        return base
    project_dir = project_dir.resolve()
    if not project_dir.is_dir():
        raise InputError("the policy's rules_dir is not a folder", project_dir)
    # the files' sizes and times are part of the key: a rule or text edited between two runs in one process counts
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(project_dir.iterdir()) if p.is_file())
    return _with_project(base, project_dir, stamp)


@lru_cache(maxsize=4)
def _with_project(base: KnowledgeBase, project_dir: Path, stamp: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    """The project's rules join licscan's for the run. A project rule may not redefine what licscan
    already knows (an id, a Hub id, alias or SPDX id, a link, a text's file name): that is refused at
    the line that says it, so a verdict never silently rests on a replaced licscan rule."""
    files = sorted(project_dir.glob("*.yaml"))
    # What the parse reads or checks: every file of the project folder, and licscan's rules and texts
    # (a project text may not be one of them, by name or by content).
    key = rules_cache.KeyMaker("project", str(project_dir), base.version, str(base.texts_dir), _files_in(base.texts_dir))
    for path in sorted(project_dir.iterdir()):
        if path.is_file():
            key.add(path.name)
            key.add_bytes(path.read_bytes())
    for rule in base.rules:
        for name in rule.texts:
            stat = base.text_path(name).stat()
            key.add(name, stat.st_size, stat.st_mtime_ns)
    project = rules_cache.read(key.hexdigest())
    if project is None:
        project = tuple(replace(rule, origin="project") for rule in _parse_all(files, project_dir, base))
        rules_cache.write(key.hexdigest(), project)
    rules = [*base.rules, *project]
    _check_references(rules)
    text_dirs = tuple((name, project_dir) for rule in project for name in rule.texts)
    version = f"{base.version}+{_rules_version(files, project_dir, tuple(n for n, _ in text_dirs))[:8]}"
    # the key covers licscan's rules through base.version (their files' bytes) and the parser's code
    return KnowledgeBase(_parsed(tuple(rules), key.hexdigest()), base.texts_dir, version, text_dirs=text_dirs)


@lru_cache(maxsize=4)
def _load_cached(rules_dir: Path, texts_dir: Path) -> KnowledgeBase:
    if not rules_dir.is_dir():
        raise InputError("rules directory not found", rules_dir)
    files = sorted(path for path in rules_dir.glob("*.yaml") if path.name != CATEGORIES_FILE)
    # The categories' ranks decide which license heads a report, and the card words (families, phrases)
    # what a card's prose means: both are part of the knowledge base's version.
    card_words = sorted((rules_dir / "card-words").glob("*.yaml"))
    # The parse reads the rule files and checks each text's file exists; it validates categories
    # against the ones read at import.
    key = rules_cache.KeyMaker("licscan", str(rules_dir), str(texts_dir), _files_in(texts_dir), CATEGORIES, CATEGORY_RANK)
    version = _rules_version([*files, CATEGORIES_PATH, *card_words], texts_dir, key=key)
    rules = rules_cache.read(key.hexdigest())
    if rules is None:
        rules = _parse_all(files, texts_dir)
        rules_cache.write(key.hexdigest(), rules)
    return KnowledgeBase(_parsed(rules, key.hexdigest()), texts_dir, version)


def _parse_all(files: list[Path], texts_dir: Path, known: KnowledgeBase | None = None) -> tuple[LicenseRule, ...]:
    rules: list[LicenseRule] = []
    seen = {rule.id: rule.source for rule in known.rules} if known is not None else {}
    for path in files:
        rule = parse_rule(path, texts_dir, known=known)
        if rule.id in seen:
            raise InputError(f"duplicate rule id '{rule.id}' (also in {seen[rule.id]})", path)
        seen[rule.id] = path.name if known is None else str(path)
        rules.append(rule)
    _check_references([*(known.rules if known is not None else ()), *rules])
    return tuple(rules)


def _files_in(folder: Path) -> tuple[str, ...] | None:
    """The names of the regular files in a folder (a rule's text must be one of them); None if it is none."""
    try:
        return tuple(sorted(entry.name for entry in os.scandir(folder) if entry.is_file()))
    except OSError:
        return None


def _check_references(rules: list[LicenseRule]) -> None:
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        for ref in (*rule.use_policies, *rule.supersedes_text_of):
            if ref not in by_id:
                raise InputError(f"rule '{rule.id}' refers to unknown rule '{ref}'", rule.source)
        for ref in rule.use_policies:
            if by_id[ref].kind != "use-policy":
                raise InputError(f"rule '{rule.id}' lists '{ref}' under use_policies but it is not a use-policy", rule.source)


def _rules_version(files: list[Path], texts_dir: Path, texts: tuple[str, ...] = (), key: rules_cache.KeyMaker | None = None) -> str:
    """A content hash, so a report says exactly which knowledge base judged it. ``key``: also fed every
    file read, with its path (the cache key of the parsed rules)."""
    digest = hashlib.sha256()
    for path in (*files, *(texts_dir / name for name in texts)):
        data = path.read_bytes()
        digest.update(path.name.encode())
        digest.update(data)
        if key is not None:
            key.add(str(path))
            key.add_bytes(data)
    sources = texts_dir / "SOURCES.tsv"
    if sources.is_file():
        data = sources.read_bytes()
        digest.update(data)
        if key is not None:
            key.add_bytes(data)
    return digest.hexdigest()[:12]

"""The field's general catalog: the ScanCode LicenseDB (PyPI ``licensedcode-data``, its data CC-BY-4.0),
about 2,300 licenses with verbatim texts, SPDX ids and categories, as a second layer under licscan's
own rules.

licscan's rules keep authority. A catalog license that a licscan rule also describes (same ScanCode
key, SPDX id or one of its other SPDX ids) is that rule, always; only the others are "catalog
licenses", each with a conservative answer derived from the catalog's category: Permissive and Public
Domain read as permissive, Copyleft and Copyleft Limited as copyleft, both at best conditional (their
terms were never reviewed for licscan); any other category is unknown for every use ("identified as
X; licscan has no commercial-use rule for it").

Nothing here runs for a text or an id licscan knows. The catalog is read once per package version into
licscan's cache folder (``catalog-<version>/``: the metadata, the texts without ScanCode's YAML
header, and a bottom-k sketch of each text's word 3-grams with their posting lists); a text that
matches no licscan reference is compared with the sketches, and the few catalog texts it may be are
aligned by licscan's Matcher (``licscan/catalog_identify.py``). This module is the catalog as a layer of
the knowledge base: its licenses, their names and the rules licscan judges them by, and the cache folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .catalog_identify import MIN_SHARE_OF_FILE, MIN_WORDS, CatalogTexts, has_sketches, shingles, sketch, write_sketches
from .model import TextMatch
from .rules import USES, KnowledgeBase, LicenseRule, Term, use_catalog

DISTRIBUTION = "licensedcode-data"
LICENSES_FOLDER = "licensedcode/data/licenses"
CREDIT = ("License catalog: the ScanCode LicenseDB (PyPI licensedcode-data {version}), "
          "Copyright (c) nexB Inc. and others, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/), "
          "https://github.com/nexB/scancode-toolkit")
SOURCE = "catalog"                      # LicenseRule.source of a catalog license
PERMISSIVE = ("Permissive", "Public Domain")
COPYLEFT = ("Copyleft", "Copyleft Limited")
# Bump when what is written to the cache folder changes (2: the sketches' posting lists per tier).
FORMAT = 2
# Not licenses of their own: replaced keys, exceptions to another license, generic and unknown stand-ins.
_SKIPPED = ("is_deprecated", "is_exception", "is_generic", "is_unknown")
# licscan's own words for "no license": never looked up in the catalog (ScanCode has an "unknown" key).
_NOT_NAMES = frozenset({"unknown", "other", "none", ""})
# A declared name of one bare word ("fair", "nvidia", "python") names a vendor or a project as often as
# the catalog license of that key (the Fair License is not the FAIR Noncommercial Research License):
# it is not resolved through the catalog. Keys and ids with a version or a hyphen are specific enough.
_BARE_WORD = re.compile(r"[a-z]+")
_NAME_SEPARATORS = re.compile(r"[\s_]+")   # compiled once: name_key runs ~4,000 times when the catalog's names are indexed
# re-exported: tests and benchmarks read them here
__all__ = ["MIN_SHARE_OF_FILE", "MIN_WORDS", "Catalog", "CatalogLicense", "catalog_rule", "identify_text", "load_catalog", "shingles"]


@dataclass(frozen=True)
class CatalogLicense:
    key: str
    name: str
    spdx: str
    other_spdx: tuple[str, ...]
    scancode_category: str
    words: int                      # words of its text (0: no text long enough to identify a file by)

    @property
    def category(self) -> str:
        if self.scancode_category in PERMISSIVE:
            return "permissive"
        return "copyleft" if self.scancode_category in COPYLEFT else "unknown"

    def identified(self) -> str:
        """What licscan says of it wherever it is found."""
        found = f"identified as {self.name} (SPDX {self.spdx}) from the ScanCode LicenseDB, category '{self.scancode_category}'"
        if self.category == "unknown":
            return f"{found}; licscan has no commercial-use rule for it"
        return (f"{found}; licscan has no rule of its own for it: {self.category} by that category, at best "
                "conditional (its terms were not reviewed)")


class Catalog:
    def __init__(self, version: str, folder: Path, licenses: dict[str, CatalogLicense]):
        self.version = version
        self.folder = folder
        self.licenses = licenses
        self.credit = CREDIT.format(version=version)
        self._rules: dict[str, LicenseRule] = {}
        self.texts = CatalogTexts(version, folder, licenses, lambda key: self.rule(self.licenses[key]),
                                  lambda kb, key: licscan_rule_for(kb, self.licenses[key]))

    @cached_property
    def colliding_keys(self) -> frozenset[str]:
        """ScanCode keys that are another license's SPDX id: 'bsl-1.0' is the Business Source License
        1.0 to ScanCode and the Boost Software License (BSL-1.0) to SPDX and licscan. Such an entry is
        known by its SPDX id (LicenseRef-scancode-bsl-1.0), never by its key."""
        spdx = {name_key(name): entry.key for entry in self.licenses.values() for name in (entry.spdx, *entry.other_spdx)}
        return frozenset(key for key in self.licenses if spdx.get(name_key(key), key) != key)

    def licscan_id(self, entry: CatalogLicense) -> str:
        """The id licscan shows for a catalog license: its key, or its SPDX id when the key is taken."""
        return entry.spdx if entry.key in self.colliding_keys else entry.key

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in self.licenses.values():   # keys and SPDX ids first: they are unambiguous
            keys = () if entry.key in self.colliding_keys else (entry.key,)
            for name in (*keys, entry.spdx, *entry.other_spdx):
                names.setdefault(name_key(name), entry.key)
        for entry in self.licenses.values():
            names.setdefault(name_key(entry.name), entry.key)
        return names

    def find(self, name: str) -> CatalogLicense | None:
        """The catalog license a name means: a ScanCode key, an SPDX id or the license's full name."""
        key = self._names.get(name_key(name))
        return self.licenses[key] if key else None

    def rule(self, entry: CatalogLicense) -> LicenseRule:
        """A catalog license as licscan judges it (never better than conditional)."""
        rule = self._rules.get(entry.key)
        if rule is None:
            rule = self._rules.setdefault(entry.key, _as_rule(entry, self.version, self.licscan_id(entry)))
        return rule

    def identify(self, text: str, words: list[str], kb: KnowledgeBase, *, exact_only: bool = False) -> TextMatch | None:
        """The catalog license a text is, or None (``CatalogTexts.identify``)."""
        return self.texts.identify(text, words, kb, exact_only=exact_only)


def name_key(name: str) -> str:
    return _NAME_SEPARATORS.sub("-", name.strip().lower())


def licscan_rule_for(kb: KnowledgeBase, entry: CatalogLicense) -> LicenseRule | None:
    """The licscan rule that describes the same license as a catalog entry, if any: by its key (unless
    that key is another license's SPDX id, Catalog.colliding_keys) or its SPDX ids."""
    catalog = load_catalog()
    keys = () if catalog is not None and entry.key in catalog.colliding_keys else (entry.key,)
    for name in (*keys, entry.spdx, *entry.other_spdx):
        rule = kb.by_name(name, catalog=False)
        if rule is not None:
            return rule
    return None


def catalog_rule(kb: KnowledgeBase, name: str, *, by: str) -> LicenseRule | None:
    """The knowledge base's lower layer: ``by="id"`` a catalog license by its key (the id licscan shows
    for it), ``by="name"`` by key, SPDX id or full name. A license a licscan rule describes is that
    rule by name, and no catalog license by id (one identity, licscan's)."""
    if name_key(name) in _NOT_NAMES or (by == "name" and _BARE_WORD.fullmatch(name_key(name))):
        return None
    catalog = load_catalog()
    if catalog is None:
        return None
    if by == "id":
        entry = catalog.licenses.get(name)
        if entry is not None and entry.key in catalog.colliding_keys:
            entry = None   # that id is another license's (licscan's own rule, if it has one, was asked first)
        elif entry is None and name.startswith("LicenseRef-scancode-"):
            entry = catalog.find(name)
    else:
        entry = catalog.find(name)
    if entry is None:
        return None
    own = licscan_rule_for(kb, entry)
    if own is not None:
        return own if by == "name" else None
    return catalog.rule(entry)


def identify_text(text: str, match: TextMatch, kb: KnowledgeBase) -> TextMatch:
    """``licscan classify``: a text licscan's references do not match (or match only as a modified
    copy) is the catalog license it is a faithful copy of; failing that, as it was (a text matching no
    reference may still be a modified catalog license)."""
    from .normalize import tokens

    catalog = load_catalog()
    found = catalog.identify(text, tokens(text), kb, exact_only=match.status == "modified") if catalog is not None else None
    if found is None or (match.status == "modified" and (found.status != "exact" or found.unexplained_terms)):
        return match
    return found


def is_catalog_rule(rule: LicenseRule | None) -> bool:
    return rule is not None and rule.source == SOURCE


def catalog_only(kb: KnowledgeBase) -> list[CatalogLicense]:
    """The catalog licenses no licscan rule describes, by key."""
    catalog = load_catalog()
    if catalog is None:
        return []
    return sorted((e for e in catalog.licenses.values() if licscan_rule_for(kb, e) is None), key=lambda e: e.key)


def _as_rule(entry: CatalogLicense, version: str, rule_id: str) -> LicenseRule:
    obligations: tuple[Term, ...] = ()
    if entry.category == "unknown":
        grant = "unknown"
    else:
        grant = "conditional"
        what = ("its notices and its conditions on sharing the work and modified versions" if entry.category == "copyleft"
                else "its notices and conditions")
        obligations = (Term("follow-catalog-license-terms", f"Follow the terms of {entry.name}: {what}. licscan has no rule of its "
                                                            "own for it, so they were not reviewed; the category comes from the ScanCode LicenseDB.",
                            "whole text"),)
    notes = f"{entry.identified()} (licensedcode-data {version}, CC-BY-4.0)"
    return LicenseRule(
        id=rule_id, name=entry.name, spdx=entry.spdx, kind="license", category=entry.category,
        hub_ids=(), aliases=(), texts=(), use_policies=(), supersedes_text_of=(),
        use=tuple((use, grant) for use in USES), thresholds=(), obligations=obligations, restrictions=(),
        notes=notes, source=SOURCE, origin="catalog",
    )


# --- reading the package once into the cache -----------------------------------------------------

_loaded: list[Catalog | None] = []
_load_lock = threading.Lock()
_scratch: list[tempfile.TemporaryDirectory[str]] = []   # the catalog's folder when no cache folder may be written


def load_catalog() -> Catalog | None:
    """The installed catalog, or None when licensedcode-data is not installed (then licscan knows
    only its own rules, and says so in ``licscan rules``)."""
    with _load_lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _installed() -> tuple[Path, str] | None:
    """Where the installed licensedcode-data keeps its licenses, and its version. Read from the one
    ``licensedcode_data-<version>.dist-info`` folder its installer wrote beside the ``licensedcode``
    package where there is exactly one (importing importlib.metadata and searching the path costs
    ~20 ms a run); through importlib.metadata otherwise."""
    from importlib.util import find_spec

    spec = find_spec(LICENSES_FOLDER.split("/", 1)[0])
    for package in (spec.submodule_search_locations or ()) if spec is not None else ():
        site = Path(package).parent
        found = list(site.glob(f"{DISTRIBUTION.replace('-', '_')}-*.dist-info"))
        source = site / LICENSES_FOLDER
        if len(found) == 1 and source.is_dir():
            return source, found[0].name.split("-", 1)[1].removesuffix(".dist-info")
    from importlib import metadata

    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    source = Path(str(distribution.locate_file(LICENSES_FOLDER)))
    return (source, distribution.version) if source.is_dir() else None


def _load() -> Catalog | None:
    installed = _installed()
    if installed is None:
        return None
    source, version = installed
    folder = _folder(version)
    licenses = _read(folder, version)
    if licenses is None:
        try:
            _build(source, folder, version)
        except OSError:   # a cache folder that cannot be written: a scratch folder for this process
            folder = _scratch_folder() / folder.name
            _build(source, folder, version)
        licenses = _read(folder, version)
        if licenses is None:
            return None
    return Catalog(version, folder, licenses)


def _folder(version: str) -> Path:
    from .matcher import reference_cache_dir

    return (reference_cache_dir() or _scratch_folder()) / f"catalog-{version}-f{FORMAT}"


def _scratch_folder() -> Path:
    if not _scratch:
        _scratch.append(tempfile.TemporaryDirectory(prefix="licscan-catalog-"))
    return Path(_scratch[0].name)


def _read(folder: Path, version: str) -> dict[str, CatalogLicense] | None:
    """The licenses of a complete catalog folder of this version, by key; None when there is none."""
    try:
        raw = json.loads((folder / "licenses.json").read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("version") != version or not has_sketches(folder):
            return None
        rows = raw["licenses"]
    except (OSError, ValueError, KeyError, AttributeError):
        return None
    # each row as _build writes it: key, name, spdx, other spdx ids, scancode category, words
    return {row[0]: CatalogLicense(row[0], row[1], row[2], tuple(row[3]), row[4], row[5]) for row in rows}


def _build(source: Path, folder: Path, version: str) -> None:
    """Read every license of the package; written to a new folder renamed into place, so a reader
    never sees half of it (two processes building at once: the first rename wins)."""
    import yaml

    from .normalize import tokens

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        (building / "texts").mkdir()
        rows, sketches, sizes = [], {}, {}
        for path in sorted(source.glob("*.LICENSE")):
            raw = path.read_text(encoding="utf-8")
            head = re.match(r"\A---\r?\n(.*?)\r?\n---[ \t]*\r?\n?", raw, re.DOTALL)
            if head is None:
                continue
            meta = yaml.load(head.group(1), Loader=loader) or {}
            key = str(meta.get("key") or path.stem)
            if any(meta.get(flag) for flag in _SKIPPED):
                continue
            text = raw[head.end():]
            words = tokens(text)
            if len(words) >= MIN_WORDS:
                (building / "texts" / f"{key}.txt").write_text(text, encoding="utf-8")
                sketches[key], sizes[key] = sketch(words), len(words)
            spdx = str(meta.get("spdx_license_key") or f"LicenseRef-scancode-{key}")
            others = [str(x) for x in meta.get("other_spdx_license_keys") or ()]
            rows.append([key, str(meta.get("name") or key), spdx, others, str(meta.get("category") or "Unstated License"),
                         sizes.get(key, 0)])
        write_sketches(building, sketches, sizes)
        (building / "licenses.json").write_text(json.dumps({"format": FORMAT, "version": version, "licenses": rows}), encoding="utf-8")
        try:
            os.rename(building, folder)
        except OSError:
            if _read(folder, version) is None:   # not another process's complete copy: replace it
                shutil.rmtree(folder, ignore_errors=True)
                os.rename(building, folder)
        # the two newest catalog folders stay (two licscan installs sharing the cache); older ones go
        newest = sorted(folder.parent.glob("catalog-*-f*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in (p for p in newest[2:] if p != folder):
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)


# kb.get() and kb.by_name(..., catalog=True) fall back to the catalog once this module is imported
# (by the classifier's catalog strategy, the policy and the evaluator).
use_catalog(lambda kb, name, by: catalog_rule(kb, name, by=by))

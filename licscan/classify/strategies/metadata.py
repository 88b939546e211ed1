"""The card's YAML metadata: the author's declaration (`license`, `license_name`, and for `license: other`
a `license_link` to a vendor's license page listed in a rule's `links`)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ...lazy_regex import lazy
from ...license_link_rules import own_repo_file
from ...model import CardMetadata as CardMetadataFields
from ...model import Evidence
from ...normalize import plain_latin_letters
from ...rules import LicenseRule
from ..candidates import METADATA_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from .license_lines import license_lines, license_lines_read

# The Hub's license id for a Creative Commons license of unstated variant and version (rules/cc.yaml)
GENERIC_CC = "cc"
# The Hub's `unknown` listed beside other licenses (decide.BARE_UNKNOWN: a license the card does not name)
UNKNOWN_MEMBER = "unknown"


class CardMetadata(EvidenceStrategy):
    name = "card metadata"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        declared = self.declared(evidence, so_far)
        narrowed = self._generic_cc_narrowed(evidence, declared)
        if narrowed is not None:
            rule_id, line = narrowed
            declared = {rule_id if key == GENERIC_CC else key: value for key, value in declared.items()}
        contradicting = self.contradicting(evidence, declared)
        for license_id, written in contradicting.items():
            declared.setdefault(license_id, written)
        card = evidence.card
        # a link or a "license:" tag names a rule without being its name
        named = {license_id for license_id, written in contradicting.items() if written != card.license_name}
        candidates = tuple(
            Candidate(license_id, "metadata", "governs", METADATA_CONFIDENCE, f"card metadata: license {written!r}",
                      known=license_id in named or (self.kb.by_name(written, catalog=True) or self._hub_tag(written)) is not None
                      # `license: other` with a `license_link` to a license's own page: the rule that lists the link
                      or (written == card.license_link and self.kb.by_link(written) is not None))
            for license_id, written in declared.items()
        )
        remarks = tuple(Remark("conflict", f"card metadata declares license {', '.join(card.licenses)} but its "
                                           f"{_field(card, written)} {written!r} is {license_id}; both apply, the most "
                                           "restrictive decides")
                        for license_id, written in contradicting.items())
        if narrowed is not None:
            remarks += (Remark("note", f"card metadata declares the Hub's generic 'cc' (no Creative Commons variant or "
                                       f"version); the card's own license line “{narrowed[1]}” names {narrowed[0]}: read as that"),)
        contradicted = self._name_beside_link(card)
        if contradicted is not None and "other" in card.licenses:
            remarks += (Remark("conflict", f"card metadata names its license {card.license_name!r} (license_name), a name no "
                                           f"rule has, but links to {card.license_link!r}, the page of {contradicted.id}: "
                                           "the name says another license than the link; which one applies is unknown"),)
        named_file = self._linked_text(evidence, so_far)
        if named_file is not None and "other" in declared and card.license_name:
            where = f"links to {named_file[0]}" if card.license_link else f"has one license file, {named_file[0]}"
            remarks += (Remark("note", f"card metadata names its license {card.license_name!r} (license_name), a name no rule "
                                       f"has, and {where}, the {named_file[1]} text verbatim: that file says which license "
                                       "it is"),)
        return Reading(self.name, candidates=candidates, remarks=remarks)

    def _name_beside_link(self, card: CardMetadataFields) -> LicenseRule | None:
        """The license rule a `license_link` to its own page names when the `license_name` beside it is one licscan does
        not know and says another license (`license_name: acme-research-license` linking to apache.org): a name of its
        own words, not a placeholder ('custom', 'model-license', 'other') nor one whose words are the linked license's
        ('apache-license' for apache.org, 'gemma-terms-of-use' for Gemma's page). None when they agree or there is no such pair."""
        if not card.license_name or not card.license_link:
            return None
        linked = self.kb.by_link(card.license_link)
        if linked is None or linked.kind != "license":
            return None
        if self.kb.by_name(card.license_name, catalog=True) is not None or self._hub_tag(card.license_name) is not None:
            return None
        return None if _name_fits(card.license_name, linked, links=True) else linked

    def _linked_text(self, evidence: Evidence, so_far: SoFar) -> tuple[str, str] | None:
        """`license: other` with a `license_name` licscan does not know (a slug: 'license', 'model-license', or the
        author's own: 'custom') and a `license_link` to a file of the checkpoint that is a known license's text,
        verbatim: the name is the author's label for that file, and the file says which license 'other' is, as
        it does with no license_name (review37). (the file, its license), or None. Only an exact copy: a modified
        or partial one, or another file, settles nothing here."""
        card = evidence.card
        if "other" not in card.licenses or not card.license_name:
            return None
        if self.kb.by_name(card.license_name, catalog=True) is not None or self._hub_tag(card.license_name) is not None:
            return None
        if not card.license_link:
            return self._named_file(card, so_far)
        path = own_file_path(card.license_link) or own_repo_file(evidence, card.license_link)
        if path is None:
            return None
        licenses = [finding for finding in so_far.findings if finding.role == "license"]
        # the file the link names; else the one file of that name with another suffix ("LICENSE.txt" for the LICENSE
        # it has, "LICENSE" for its LICENSE.md, review38), never a choice between two
        same = [f for f in licenses if f.file == path] or [f for f in licenses if same_file_name(f.file, path)][:2]
        if len(same) != 1:
            return None
        finding = same[0]
        rule = self.kb.get(finding.match.rule_id) if finding.match.rule_id else None
        if finding.match.status == "exact" and rule is not None and rule.kind == "license" and _name_fits(card.license_name, rule):
            return finding.file, rule.id
        return None

    def _named_file(self, card: CardMetadataFields, so_far: SoFar) -> tuple[str, str] | None:
        """`license: other` with a `license_name` no rule has and no `license_link`, beside one license file that is a known
        license's text verbatim whose names hold every word of the name ('modified-mit' beside the Kimi K2 license's
        text, as moonshotai's cards declare it, review39): the name is the author's short name for that file's license.
        (the file, its license), or None: a name with words of its own, two license files, or a copy that is not exact."""
        texts = [finding for finding in so_far.findings if finding.role == "license" and finding.match.rule_id]
        if len(texts) != 1 or texts[0].match.status != "exact":
            return None
        rule = self.kb.get(texts[0].match.rule_id or "")
        if rule is None or rule.kind != "license":
            return None
        words = _name_words(card.license_name or "")
        return (texts[0].file, rule.id) if words and _name_fits(card.license_name or "", rule) else None

    def _generic_cc_narrowed(self, evidence: Evidence, declared: dict[str, str]) -> tuple[str, str] | None:
        """`license: cc` (the Hub's id for any Creative Commons license) with the card's own License line naming one
        variant, said of nothing else ("## License All the models included in this repository are licensed under
        [Creative Commons Attribution-ShareAlike 3.0]", colorfulscoop/gpt2-small-ja): the line says which, as a
        `license_name` would. (rule id, the line), or None when no such line names one, or the card's lines about
        licensing name two variants or its one beside words about something else: then which one the weights are
        under the card does not settle, and `cc` stays unknown."""
        if GENERIC_CC not in declared or not evidence.card_body:
            return None
        body = plain_latin_letters(evidence.card_body)
        bare = license_lines_read(self.kb, self.matcher, body)[0]
        variants = {rule_id for rule_id, _ in license_lines(self.kb, self.matcher, body) if self._creative_commons(rule_id)}
        if len(variants) != 1 or not variants <= set(bare):
            return None
        rule_id = variants.pop()
        return rule_id, bare[rule_id]

    def _creative_commons(self, rule_id: str) -> bool:
        rule = self.kb.get(rule_id)
        return rule is not None and rule.family == "creative-commons"

    def contradicting(self, evidence: Evidence, declared: dict[str, str]) -> dict[str, str]:
        """A `license_name`, `license_link` or `license:` tag beside a license the Hub knows (`license: apache-2.0` with
        `license_link: https://creativecommons.org/licenses/by-nc/4.0/`): the Hub shows only the former,
        the latter says other terms. Neither is a detail to drop: each license they name applies. A
        link to the repo's own LICENSE file, or to the declared license's page, names nothing else."""
        card = evidence.card
        if not card.licenses or any(value in ("other", "unknown") for value in card.licenses):
            return {}
        out: dict[str, str] = {}
        if card.license_name:
            rule = self.kb.by_name(card.license_name, catalog=True)
            license_id = rule.id if rule else card.license_name
            if license_id not in declared:
                out[license_id] = card.license_name
        linked = self.kb.by_link(card.license_link) if card.license_link else None
        if linked is not None and linked.id not in declared:
            out.setdefault(linked.id, card.license_link or "")
        # the Hub tags a card "license:<its license>"; a tag naming another one was written by hand
        for tag in card.tags:
            rule = self.kb.by_name(tag[len("license:"):].strip()) if tag.lower().startswith("license:") else None
            if rule is not None and rule.id not in declared:
                out.setdefault(rule.id, tag)
        return out

    def declared(self, evidence: Evidence, so_far: SoFar | None = None) -> dict[str, str]:
        """Licscan ids for what the card's metadata declares (unknown names kept as written), each with
        the value as written."""
        card = evidence.card
        out: dict[str, str] = {}

        def add(value: str) -> None:
            rule = self.kb.by_name(value, catalog=True) or self._hub_tag(value)
            out.setdefault(rule.id if rule else value, value)

        for value in card.licenses:
            if value in ("other", "unknown"):
                linked = self.kb.by_link(card.license_link) if value == "other" and card.license_link else None
                if linked is not None and linked.kind != "license":
                    linked = None   # a use policy's page (llama.meta.com/llama3/use-policy) says no license
                if value == "other" and card.license_name and (self.kb.by_name(card.license_name) or not linked) \
                        and (so_far is None or self._linked_text(evidence, so_far) is None):
                    add(card.license_name)
                elif linked is not None:   # `license_link` to a vendor's license page says which license "other" is
                    out.setdefault(linked.id, card.license_link or "")
                    if value == "other" and self._name_beside_link(card) is not None:
                        # unless the name says another one ('acme-research-license' linking to apache.org): both are kept,
                        # the name one licscan does not know, and which the weights are under stays unsettled (review38)
                        add(card.license_name or "")
                elif value == "other":
                    out.setdefault("other", "other")
                elif any(other != "unknown" for other in card.licenses):
                    # `license: [apache-2.0, unknown]`: the Hub's id for a license it does not name, listed beside a known
                    # one, says another license applies too, and none says which (review37); alone, `unknown` declares
                    # nothing (a derivative in that state is under its bases' licenses)
                    out.setdefault(UNKNOWN_MEMBER, value)
                continue
            add(value)
        if not card.licenses and card.license_name:
            add(card.license_name)
        return out

    def _hub_tag(self, value: str) -> LicenseRule | None:
        """`license: license:gemma`: the Hub's tag for a license (as its "license=license:gemma" links write it) pasted
        into the key. Read as that license only when what follows "license:" is one of the Hub's own license ids."""
        if not value.lower().startswith("license:"):
            return None
        hub_id = value[len("license:"):].strip().lower()
        return next((rule for rule in self.kb.rules if hub_id in (h.lower() for h in rule.hub_ids)), None)


def _name_words(name: str) -> set[str]:
    """A license_name's own words: not a placeholder's ('license', 'model', 'custom') nor a version."""
    return {word for word in _NAME_WORD.findall(name.lower()) if word not in _PLACEHOLDER_WORDS and not _VERSION.fullmatch(word)}


def _name_fits(name: str, rule: LicenseRule, *, links: bool = False) -> bool:
    """Whether a license_name no rule has can be the author's label for ``rule``: a placeholder, or words of the rule's
    own names ('modified-mit' for the Kimi K2 license), and of its pages' addresses with ``links`` ('apache-license'
    beside apache.org). 'acme-noncommercial-license' beside the MIT text is not (review43)."""
    names = (rule.id, rule.name, *rule.aliases, *rule.hub_ids, *(rule.links if links else ()))
    return _name_words(name) <= set(_NAME_WORD.findall(" ".join(names).lower()))


def _field(card: CardMetadataFields, written: str) -> str:
    if written == card.license_link:
        return "license_link"
    return "license_name" if written == card.license_name else "tag"


def own_file_path(link: str) -> str | None:
    """The checkpoint's own file a `license_link` names ("LICENSE", "./LICENSE.md"), or None for a URL or a path outside."""
    target = unquote(link.split("#", 1)[0].split("?", 1)[0]).strip()
    parts = [part for part in target.split("/") if part not in ("", ".")]
    if not parts or _URL_SCHEME.match(target) or target.startswith("/") or ".." in parts:
        return None
    return "/".join(parts)


# The words of a `license_name` that say no license of their own: a placeholder ('custom', 'model-license', 'other')
_PLACEHOLDER_WORDS = frozenset("license licence licenses licences licensed model models custom terms term agreement other "
                               "weights weight of use the a an my our own and for this to see file readme".split())
_NAME_WORD = lazy(r"[a-z0-9]+")
_VERSION = lazy(r"v?\d+")
_URL_SCHEME = lazy(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def same_file_name(file: str, path: str) -> bool:
    """Whether a file the checkpoint has is the one a link names but for a suffix: "LICENSE" for "LICENSE.txt" or the
    other way round, "LICENSE.md" for "LICENSE.txt"."""
    return file == path or _without_suffix(file) in (path, _without_suffix(path)) or file == _without_suffix(path)


def _without_suffix(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name

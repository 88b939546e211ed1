"""The rule on a card's metadata `license_link`: a link to terms licscan has not read (another Hub repository's
file, another site's page, a file the checkpoint does not have) leaves the checkpoint's terms unknown, whatever
its other evidence says; a link to a license's own page, to the repository's own file or to a base read for the
lineage changes nothing. Split from verdict_rules.py, which it was growing past one idea."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .model import Ancestor, Classification, Evidence
from .rules import KnowledgeBase
from .vocabulary import OPEN_CATEGORIES, Verdict

# A file of a Hub repository: https://huggingface.co/ORG/NAME/blob/main/LICENSE (also hf.co, resolve, raw, a
# dataset's or a Space's repository)
_HUB_FILE = re.compile(r"^\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(?:datasets|spaces)/)?"
                       r"([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95})/(?:blob|resolve|raw)/[^/\s]+/([^?#\s]+)")


def unread_license_link_rule(verdict: Verdict, evidence: Evidence, ancestors: tuple[Ancestor, ...],
                             kb: KnowledgeBase, classification: Classification | None = None) -> tuple[Verdict, str | None]:
    """Rule: a card metadata ``license_link`` to a file of another Hub repository says the terms are in that
    file. Unless licscan read it (a base model's repository, read for the lineage: its license applies) or the
    URL is a license's own page a rule lists, the terms are unknown, and the checkpoint is never passed on its
    other evidence (a local Apache LICENSE beside a link to another repo's non-commercial one), unless it is the same
    publisher's copy of the file the checkpoint ships and was read (``_sibling_copy``). Returns the verdict and the
    reason; a verdict that already fails stays as it is, with the reason."""
    link = evidence.card.license_link or ""
    if not link.strip() or kb.by_link(link) is not None:
        return verdict, None
    found = _HUB_FILE.match(link)
    if found is None:
        return _unread_link_outside_the_hub(verdict, evidence, link, kb)
    repo, path = found.group(1), unquote(found.group(2))
    entry = evidence.entry
    own = repo.lower() == entry.ref.lower() if entry.kind != "local" else (
        # a local copy of the repository the link names: its folder has that name and carries the file
        posixpath.basename(posixpath.normpath(entry.ref)).lower() == repo.split("/")[1].lower()
        and any(f.name == path for f in evidence.files))
    if own or repo.lower() in {a.repo_id.lower() for a in ancestors if not a.problem}:
        return verdict, None
    if classification is not None and _sibling_copy(evidence, classification, kb, repo, path):
        return verdict, None
    reason = (f"the card's license_link points to {path} of another repository, {repo}, which licscan did not read: the "
              f"terms the card points to are unknown (declare {repo} as base_model if it is the base, or the license itself)")
    return ("unknown" if verdict in ("allowed", "conditional") else verdict), reason


def _sibling_copy(evidence: Evidence, classification: Classification, kb: KnowledgeBase, repo: str, path: str) -> bool:
    """A link to the file of the same name in a sibling repository of the same publisher (Qwen/Qwen3-4B-MLX-4bit's
    `license_link: https://huggingface.co/Qwen/Qwen3-14B/blob/main/LICENSE`, `license: apache-2.0`, its own LICENSE the
    Apache text): the publisher points every model of a release at one copy of the license it ships with each. Only
    when the card declares one license the Hub has an id for, any `license_name` names that same license, and the
    checkpoint's own file of that name is an exact copy of it and the only license text read: the linked file is then
    no unread evidence. Another publisher's file, a `license_name` that says otherwise, a file the checkpoint does not
    ship or one that is not the declared license's text leave the link unread."""
    entry, card = evidence.entry, evidence.card
    if entry.kind != "hub" or repo.split("/")[0].lower() != entry.ref.split("/")[0].lower():
        return False
    if len(card.licenses) != 1:
        return False
    declared = kb.by_name(card.licenses[0])
    if declared is None or not declared.hub_ids or declared.kind != "license":
        return False
    if card.license_name and kb.by_name(card.license_name) is not declared:
        return False
    name = posixpath.basename(path)
    shipped = [f for f in classification.findings if f.role == "license" and posixpath.basename(f.file) == name]
    return (bool(shipped) and all(f.match.rule_id == declared.id and f.match.status == "exact" for f in shipped)
            and set(classification.candidates) == {declared.id} and classification.detected == (declared.id,))


# A Hub page that is no file ("https://huggingface.co/models?license=license:gemma", the license's listing)
_HUB_PAGE = re.compile(r"^\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models|datasets|spaces)?\?", re.IGNORECASE)
_URL = re.compile(r"^\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _unread_link_outside_the_hub(verdict: Verdict, evidence: Evidence, link: str, kb: KnowledgeBase) -> tuple[Verdict, str | None]:
    """A ``license_link`` to another site's page that no rule lists ("https://acme.ai/model-license" beside
    `license: apache-2.0`), or to a file of the repository licscan did not read ("MODEL_LICENSE.md", absent): the
    card says its terms are there, and licscan has not read them (review15); beside `license: other` or `unknown`
    with no name licscan knows too (review16). Beside a `license_name` licscan knows of a vendor's restricted license
    (`license_name: bria-rmbg-1.4` and bria.ai's page) the link is that license's document, read or not as that
    license decides; beside an open one (`license_name: public-domain`, `mit`) a page no rule lists is another
    document, the publisher's own terms (review19)."""
    name = evidence.card.license_name
    named = kb.by_name(name, catalog=True) if name else None
    if (named is not None and named.category not in OPEN_CATEGORIES) or _HUB_PAGE.match(link):
        return verdict, None
    if _URL.match(link):
        reason = (f"the card's license_link points to {link.strip()[:200]}, a page licscan does not read and no rule lists: the "
                  "terms the card points to are unknown (declare the license itself, or clarify the checkpoint in the policy)")
    else:
        path = posixpath.normpath(unquote(link.split("#", 1)[0].split("?", 1)[0]).strip()).lstrip("/")
        if any(f.name == path or _without_suffix(f.name) == path for f in evidence.files):
            return verdict, None   # "license_link: LICENSE" beside LICENSE.md: the file it has
        reason = (f"the card's license_link points to {path[:200]}, which licscan did not read (the checkpoint does not have it "
                  "as a file licscan reads)")
    return ("unknown" if verdict in ("allowed", "conditional") else verdict), reason


def _without_suffix(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name

"""The rule on a card's metadata `license_link`: a link to terms licscan has not read (another Hub repository's
file, another site's page, a file the checkpoint does not have) leaves the checkpoint's terms unknown, whatever
its other evidence says; a link to a license's own page, to the repository's own file or to a base read for the
lineage changes nothing. Split from verdict_rules.py, which it was growing past one idea."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .lazy_regex import lazy
from .model import Ancestor, Evidence
from .rules import KnowledgeBase
from .vocabulary import OPEN_CATEGORIES, Verdict

# A file of a Hub repository: https://huggingface.co/ORG/NAME/blob/main/LICENSE (also hf.co, resolve, raw, a
# dataset's or a Space's repository)
_HUB_FILE = lazy(r"^\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(?:datasets|spaces)/)?"
                       r"([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95})/(?:blob|resolve|raw)/[^/\s]+/([^?#\s]+)")


def unread_license_link_rule(verdict: Verdict, evidence: Evidence, ancestors: tuple[Ancestor, ...],
                             kb: KnowledgeBase) -> tuple[Verdict, str | None]:
    """Rule: a card metadata ``license_link`` to a file of another Hub repository says the terms are in that
    file. Unless licscan read it (a base model's repository, read for the lineage: its license applies) or the
    URL is a license's own page a rule lists, the terms are unknown, and the checkpoint is never passed on its
    other evidence (a local Apache LICENSE beside a link to another repo's non-commercial one), the same publisher's
    sibling repo's file too: it was not read, and may differ from the file the checkpoint ships (review26). Returns the
    verdict and the reason; a verdict that already fails stays as it is, with the reason."""
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
    reason = (f"the card's license_link points to {path} of another repository, {repo}, which licscan did not read: the "
              f"terms the card points to are unknown (declare {repo} as base_model if it is the base, or the license itself)")
    return ("unknown" if verdict in ("allowed", "conditional") else verdict), reason


# A Hub page that is no file ("https://huggingface.co/models?license=license:gemma", the license's listing)
_HUB_PAGE = lazy(r"^\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:models|datasets|spaces)?\?", re.IGNORECASE)
_URL = lazy(r"^\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)


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

"""The rule on a card's metadata `license_link`: a link to terms licscan has not read (another Hub repository's
file, another site's page, a file the checkpoint does not have) leaves the checkpoint's terms unknown, whatever
its other evidence says; a link to a license's own page, to the repository's own file or to a base read for the
lineage changes nothing. Split from verdict_rules.py, which it was growing past one idea."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .base_ids import LICENSE_LINK
from .lazy_regex import lazy
from .model import Ancestor, Classification, Evidence
from .rules import KnowledgeBase
from .vocabulary import OPEN_CATEGORIES, Verdict

# A file of a Hub repository: https://huggingface.co/ORG/NAME/blob/main/LICENSE (also hf.co, resolve, raw, a
# dataset's or a Space's repository, and a repo with one name and no owner, as the Hub's canonical models had until
# 2024: https://huggingface.co/gpt2/blob/main/README.md, still answered by redirect; hub_links)
_HUB_FILE = lazy(r"^\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(?P<kind>datasets|spaces)/)?"
                 r"(?P<repo>(?:[A-Za-z0-9][\w.\-]{0,95}/)?[A-Za-z0-9][\w.\-]{0,95})/(?:blob|resolve|raw)/(?P<rev>[^/\s]+)/"
                 r"(?P<path>[^?#\s]+)", re.IGNORECASE)
_COMMIT = lazy(r"[0-9a-f]{40}")
_BRANCH = lazy(r"[A-Za-z0-9][\w.\-]{0,99}")


def linked_model_repo(evidence: Evidence, kb: KnowledgeBase) -> tuple[str, str] | None:
    """The model repository a card's metadata ``license_link`` points into, and the file it names, when lineage
    must read it: a file of another Hub model repo (not a dataset's or a Space's, not the checkpoint's own, not a
    URL a rule lists as its license's). The repo as lineage names a base: "ORG/NAME", or "ORG/NAME@revision" for a
    link at a commit or at a branch other than main."""
    link = evidence.card.license_link or ""
    found = _HUB_FILE.match(link)
    if found is None or found.group("kind") or kb.by_link(link) is not None:
        return None
    repo, path, revision = found.group("repo"), unquote(found.group("path")), unquote(found.group("rev"))
    if ".." in repo or _is_own(evidence, repo, path):
        return None
    if revision == "main" or not _BRANCH.fullmatch(revision):
        return repo, path
    return f"{repo}@{revision.lower() if _COMMIT.fullmatch(revision.lower()) else revision}", path


def own_repo_file(evidence: Evidence, link: str) -> str | None:
    """The path a ``license_link`` to a file of the checkpoint's own Hub repository names, or None for another URL."""
    found = _HUB_FILE.match(link)
    if found is None or found.group("kind"):
        return None
    path = unquote(found.group("path"))
    return path if _is_own(evidence, found.group("repo"), path) else None


def _is_own(evidence: Evidence, repo: str, path: str) -> bool:
    entry = evidence.entry
    if entry.kind != "local":
        return repo.lower() == entry.ref.lower()
    # a local copy of the repository the link names: its folder has that name and carries the file
    return (posixpath.basename(posixpath.normpath(entry.ref)).lower() == repo.rsplit("/", 1)[-1].lower()
            and any(f.name == path for f in evidence.files))


def unread_license_link_rule(verdict: Verdict, evidence: Evidence, ancestors: tuple[Ancestor, ...],
                             kb: KnowledgeBase, classification: Classification | None = None) -> tuple[Verdict, str | None]:
    """Rule: a card metadata ``license_link`` to a file of another Hub repository says the terms are in that
    file. Unless licscan read it (lineage reads the model repo it names, relation LICENSE_LINK, and that file of it,
    whose license then applies; or it is a base model's repository, read for the lineage) or the URL is a license's
    own page a rule lists, the terms are unknown, and the checkpoint is never passed on its other evidence (a local
    Apache LICENSE beside a link to another repo's non-commercial one), the same publisher's sibling repo's file too:
    a repo that could not be read (not on the Hub, gated, offline without a pin) leaves them unknown (review26).
    Unless the evidence settles what the unread file says (``_settled_without_the_file``, acc63): then the verdict
    stands, with a note saying on what.
    Returns the verdict and the reason; a verdict that already fails stays as it is, with the reason."""
    link = evidence.card.license_link or ""
    if not link.strip() or kb.by_link(link) is not None:
        return verdict, None
    found = _HUB_FILE.match(link)
    if found is None:
        return _unread_link_outside_the_hub(verdict, evidence, link, kb)
    repo, path = found.group("repo"), unquote(found.group("path"))
    if found.group("kind"):
        repo = f"{found.group('kind').lower()}/{repo}"   # a dataset's or a Space's terms: lineage reads model repos only
    elif _is_own(evidence, repo, path):
        return verdict, None
    same = [a for a in ancestors if a.repo_id.lower() == repo.lower()]
    read = [a for a in same if not a.problem and not (a.relation == LICENSE_LINK and a.missing)]
    if read and not any(a.relation == LICENSE_LINK and a.problem for a in same):
        return verdict, None
    unread = next((a for a in same if a.problem), None)
    why = f"which licscan could not read ({unread.problem})" if unread else "which licscan did not read"
    settled = _settled_without_the_file(repo, path, same, classification, kb) if not found.group("kind") else None
    if settled is not None:
        return verdict, f"note: the card's license_link points to {path} of another repository, {repo}, {why}; {settled}"
    reason = (f"the card's license_link points to {path} of another repository, {repo}, {why}: the "
              f"terms the card points to are unknown (declare {repo} as base_model if it is the base, or the license itself)")
    return ("unknown" if verdict in ("allowed", "conditional") else verdict), reason


# The repository's own license file, at its top ("LICENSE", "LICENSE.txt", "LICENCE.md"): the file a model's license is
# in, which licscan reads wherever a repo has one; not another document ("MODEL_LICENSE", "USE_POLICY.md", "LICENSE.pdf")
_PLAIN_LICENSE_FILE = lazy(r"licen[cs]e(?:\.(?:txt|md))?", re.IGNORECASE)


def _settled_without_the_file(repo: str, path: str, same: list[Ancestor], classification: Classification | None,
                              kb: KnowledgeBase) -> str | None:
    """Why the license file of another model repo that a ``license_link`` points to, unread, still cannot say other
    than the license the checkpoint declares (acc63), or None: its terms are unknown.

    * The repo is the checkpoint's declared base, read whole (nothing of it missing), whose license is the one the
      checkpoint declares, and the file is the repo's plain license file (``_PLAIN_LICENSE_FILE``), which licscan
      reads wherever a repo has one: the base has no such file, and its terms are those it declares (unsloth's GGUF
      of Qwen3-Next-80B-A3B-Instruct, its license_link to the base's LICENSE, beside the base's card declaring
      apache-2.0 as the GGUF's does).
    * The checkpoint's own license text is the license it declares, lineage tried the repo and could not read it, and
      the link is to the plain license file of a repo of its family's publisher whose name pins a family version
      licscan knows to be under that license (families.yaml: Qwen/Qwen3-14B, Apache-2.0, beside Qwen3-4B-MLX-4bit's
      `license: apache-2.0` and Apache LICENSE). A link to a repo of another license (meta-llama/...'s LICENSE beside
      an Apache text), another owner's repo, a name that pins no version, or a run without lineage stays unknown."""
    if classification is None or classification.modified_from or not _PLAIN_LICENSE_FILE.fullmatch(path):
        return None
    own = classification.license_id
    if own == "unknown" or own not in classification.declared or kb.get(own) is None:
        return None
    for base in same:
        if (base.relation != LICENSE_LINK and base.depth == 1 and not base.problem and not base.missing and not base.undeclared
                and not base.named_by and base.license_id == own):
            return (f"it is the declared base, read whole without such a file, and under {own} as the checkpoint declares: "
                    f"{own} is taken as the terms the link points to")
    # lineage tried the repo and could not read it (not a run without lineage, which never tried)
    if own not in classification.detected or not any(a.relation == LICENSE_LINK and a.problem for a in same):
        return None
    from .classify.strategies.families_named import license_named_by, published_by_its_family

    named = license_named_by(kb, repo, loose=False) if published_by_its_family(repo) and _a_plain_release(repo) else None
    if named is not None and named.id == own:
        return (f"its publisher's models of the version its name pins are under {own} (licscan's family data), the license "
                f"the checkpoint declares and its own license text is: {own} is taken as the terms the link points to")
    return None


# What a release's repo name adds to its family and version: a size ("14B", "A3B", "8x7B"), a version number, and the
# words of a standard variant or format; not a word that may name another line under other terms ("Qwen3-14B-Research",
# "Qwen3-Max-Preview", "-NonCommercial": review61)
_RELEASE_PART = lazy(r"v?\d+(?:\.\d+)*|\d+(?:\.\d+)?[bmk]|a\d+(?:\.\d+)?b|\d+x\d+(?:\.\d+)?b|instruct|base|chat|it|hf|"
                     r"fp8|bf16|fp16|awq|gptq|gguf|mlx|int[48]|[48]-?bit", re.IGNORECASE)


def _a_plain_release(repo: str) -> bool:
    """Whether a repo's name is a family's name and version and nothing but sizes, versions and standard variants
    after it ("Qwen3-14B", "Qwen2.5-7B-Instruct", "Llama-3.1-8B"): the name the family data's version pins."""
    parts = [part for part in re.split(r"[-_]", repo.rsplit("/", 1)[-1]) if part]
    return len(parts) > 1 and all(_RELEASE_PART.fullmatch(part) for part in parts[1:])


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
        if any(f.name == path or _without_suffix(f.name) in (path, _without_suffix(path)) or f.name == _without_suffix(path)
               for f in evidence.files):
            return verdict, None   # "license_link: LICENSE" beside LICENSE.md, "LICENSE.txt" beside LICENSE: the file it has
        reason = (f"the card's license_link points to {path[:200]}, which licscan did not read (the checkpoint does not have it "
                  "as a file licscan reads)")
    return ("unknown" if verdict in ("allowed", "conditional") else verdict), reason


def _without_suffix(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name

"""KnowledgeBase.by_link answers from an index of the rules' links built on its first look-up: the same rule the
walk over every rule and link it replaced finds (the first rule listing the link), for every link a rule lists as
written and as cards write it (another scheme, "www.", the host's case, a trailing slash or fragment), for the
links and written-out URLs of every real card, and None for a page no rule lists."""

from __future__ import annotations

import re
from pathlib import Path

from licscan.rules import _link_key, load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
URL = re.compile(r"https?://[^\s)\]>\"'`]+")


def _walk(kb, url: str):
    wanted = _link_key(url)
    return next((rule for rule in kb.rules for link in rule.links if _link_key(link) == wanted), None)


def _as_written(link: str) -> list[str]:
    bare = re.sub(r"^\s*(?:https?://)?(?:www\.)?", "", link)
    host, _, path = bare.partition("/")
    return [link, "http://" + bare, "https://www." + bare, host.upper() + "/" + path, link.rstrip("/") + "/", link + "#terms", link + "?x=1"]


def test_by_link_gives_the_rule_the_walk_over_every_rule_gave():
    kb = load_knowledge_base()
    links = [link for rule in kb.rules for link in rule.links]
    assert len(links) > 50
    urls = [written for link in links for written in _as_written(link)]
    urls += sorted({url.rstrip(".,;:") for readme in CASES.glob("*/files/README.md")
                    for url in URL.findall(readme.read_text(encoding="utf-8", errors="replace"))})
    assert len(urls) > 2000
    found = 0
    for url in urls:
        assert kb.by_link(url) is _walk(kb, url), url
        found += kb.by_link(url) is not None
    assert found > len(links)   # the rules' own links as cards write them are found
    assert kb.by_link("https://example.com/not-a-license") is None

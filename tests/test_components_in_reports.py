"""Component licenses (issue 15 item 3) are shown in every human-readable format, not only in JSON: the
licenses of bundled code a NOTICE lists, with the file that lists them, never as the weights' terms.
On a real card: Qwen/Qwen-7B-Chat, whose NOTICE carries the Apache-2.0, MIT and BSD-3-Clause texts of
the code it bundles beside the Tongyi Qianwen LICENSE (benchmarks/real_cards/cases/Qwen__Qwen-7B-Chat)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from licscan.formats import html, markdown, terminal
from licscan.model import Project, Report
from tests.test_real_card_gaps import KB, judge

SHOWN = "apache-2.0, mit, bsd-3-clause (NOTICE)"


@pytest.fixture(scope="module")
def report() -> Report:
    result = judge("Qwen__Qwen-7B-Chat")
    assert result.classification.license_id == "tongyi-qianwen"
    assert result.classification.components == ("apache-2.0", "mit", "bsd-3-clause")
    return Report("models.lock", Project("p", "commercial"), (result,), "0", "r", "2025-01-01T00:00:00Z",
                  summary={result.verdict: 1})


def test_the_terminal_lists_the_component_licenses(report):
    text = terminal.render(report)
    assert f"  - components: {SHOWN}" in text.splitlines()
    # the table's license is the weights' license, not a component's
    assert any(line.startswith("Qwen/Qwen-7B-Chat  tongyi-qianwen ") for line in text.splitlines())


def test_markdown_lists_the_component_licenses(report):
    text = markdown.render(report, kb=KB)
    assert f"| Component licenses (bundled code, not the weights' terms) | {markdown.md(SHOWN)} |" in text.splitlines()


def test_html_lists_the_component_licenses(report):
    soup = BeautifulSoup(html.render(report, kb=KB), "html.parser")
    row = next(th for th in soup.find_all("th") if th.get_text().startswith("Component licenses"))
    assert row.find_next_sibling("td").get_text() == SHOWN

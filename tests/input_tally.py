"""How many generated (hypothesis) inputs the hostile-input tests tried, printed in pytest's summary.

A test calls ``tally(pytestconfig, "what")`` once per input; the first call registers a small plugin
whose ``pytest_terminal_summary`` prints one line per kind, so a run shows the figures without
``--hypothesis-show-statistics``.
"""

from __future__ import annotations

from collections import Counter

import pytest


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.counts:
            return
        terminalreporter.section("hostile inputs tried")
        for what, count in sorted(self.counts.items()):
            terminalreporter.write_line(f"{count:6d}  {what}")


def tally(config: pytest.Config, what: str) -> None:
    """Count one input of kind ``what`` (``config``: the session-scoped ``pytestconfig`` fixture,
    which hypothesis allows in a ``@given`` test)."""
    manager = config.pluginmanager
    plugin = manager.get_plugin("licscan-input-tally")
    if plugin is None:
        plugin = _Tally()
        manager.register(plugin, "licscan-input-tally")
    plugin.counts[what] += 1

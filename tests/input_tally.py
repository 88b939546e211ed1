"""How many inputs the hostile-input tests (hypothesis) and the fail-open matrices tried, printed in pytest's summary.

A test calls ``tally(pytestconfig, "what")`` once per input; the first call registers a small plugin
whose ``pytest_terminal_summary`` prints one line per kind, so a run shows the figures without
``--hypothesis-show-statistics``. Under pytest-xdist (CI runs ``-n auto``) each worker counts its own
inputs and hands them to the controller when it finishes; the controller, which prints the summary,
adds them up (``register_collector``, called from conftest's ``pytest_configure``).
"""

from __future__ import annotations

from collections import Counter

import pytest

_NAME = "licscan-input-tally"
_WORKER_OUTPUT_KEY = "licscan_input_tally"


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        worker_output = getattr(session.config, "workeroutput", None)   # set on xdist workers only
        if worker_output is not None:
            worker_output[_WORKER_OUTPUT_KEY] = dict(self.counts)

    @pytest.hookimpl(optionalhook=True)   # an xdist hook: no such hook without the plugin
    def pytest_testnodedown(self, node, error) -> None:
        self.counts.update(getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT_KEY, {}))

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.counts:
            return
        terminalreporter.section("hostile and incomplete inputs tried")
        for what, count in sorted(self.counts.items()):
            terminalreporter.write_line(f"{count:6d}  {what}")


def register_collector(config: pytest.Config) -> None:
    """Register the tally's plugin at start-up, so that the xdist controller, where no test runs,
    is listening when its workers finish."""
    if config.pluginmanager.get_plugin(_NAME) is None:
        config.pluginmanager.register(_Tally(), _NAME)


def tally(config: pytest.Config, what: str, count: int = 1) -> None:
    """Count ``count`` inputs (one by default) of kind ``what`` (``config``: the session-scoped
    ``pytestconfig`` fixture, which hypothesis allows in a ``@given`` test)."""
    register_collector(config)
    plugin = config.pluginmanager.get_plugin(_NAME)
    plugin.counts[what] += count

"""Output formats. Each module exposes ``render(report, *, kb, **options) -> str``.

All formats are rendered from the same evaluated ``Report``; none re-derives a verdict. ``kb`` is
the knowledge base the report was judged with (license names, SPDX ids, texts), passed by the
caller that ran the pipeline (``Scanner.kb``); a format never loads the rules itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# format name -> module in this package
FORMATS = {
    "terminal": "terminal",
    "json": "json_format",
    "markdown": "markdown",
    "html": "html",
    "csv": "csv_format",
    "sarif": "sarif",
    "spdx-json": "spdx",
    "spdx": "spdx",
    "cyclonedx": "cyclonedx",
}


def renderer(name: str) -> Callable[..., str]:
    """The render function of format NAME, called as ``renderer(name)(report, kb=kb)``."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Callable[..., str] = module.render
    if name in ("spdx", "spdx-json"):
        return lambda report, **kw: render(report, tag_value=(name == "spdx"), **kw)
    return render

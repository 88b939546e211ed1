"""licscan's exit statuses and the decision between them, shared by the CLI and the commands.

0 every checkpoint is acceptable; 1 at least one is not (denied, unknown, or whatever the policy's
fail_on names); 2 usage or input error (bad manifest, policy, path or option); 3 the Hub could not
be read for some checkpoints and nothing else failed (an outage, a repo or revision not found,
gated access not granted): CI may retry, and no license violation is hidden behind it; 4 licscan
itself failed (a bug): nothing was judged, so nothing passed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Report, Result

EXIT_OK, EXIT_VIOLATION, EXIT_INPUT, EXIT_HUB_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4


def gate_status(reports: Iterable[Report]) -> int:
    """0 when nothing fails; 3 when every failing checkpoint failed only because its own Hub
    repository could not be read (so CI can retry); 1 otherwise."""
    failing = [result for report in reports for result in report.results if result.failed]
    if not failing:
        return EXIT_OK
    if all(hub_unreadable(result) for result in failing):
        return EXIT_HUB_UNREADABLE
    return EXIT_VIOLATION


def hub_unreadable(result: Result) -> bool:
    """The checkpoint's verdict rests on a Hub that could not be read, not on a license: nothing
    was fetched (outage, repo or revision not found), or a gated repo's files were refused."""
    evidence = result.evidence
    if result.verdict != "unknown" or result.drift or evidence.entry.kind != "hub":
        return False
    return evidence.fetch_failed or (evidence.gated and not evidence.complete)

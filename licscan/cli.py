"""The licscan command line: options, help and error handling. What each command does is in
commands.py (imported when a command runs, so ``licscan --help`` stays fast); the exit statuses and
the decision between them are in exit_status.py.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .errors import InputError
from .exit_status import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION
from .formats import FORMATS

FORMAT_NAMES = list(FORMATS)

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., int])
# What signal.signal returns and takes back: a handler, SIG_DFL / SIG_IGN, or None (set outside Python).
SignalHandler = Callable[[int, FrameType | None], object] | int | None


class LicscanGroup(click.Group):
    """Turns every expected failure into one line on stderr and exit status 2, never a traceback."""

    # Forwards click's own arguments untouched; it never returns, every way out is sys.exit.
    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        kwargs.setdefault("standalone_mode", False)
        previous = _stop_on_sigterm()
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_INPUT)
        except InputError as exc:
            click.echo(f"licscan: error: {exc}", err=True)
            sys.exit(EXIT_INPUT)
        except (KeyboardInterrupt, click.exceptions.Abort) as exc:
            cause = exc.__cause__ if isinstance(exc, click.exceptions.Abort) else exc
            signal_number = getattr(cause, "signal_number", signal.SIGINT)
            click.echo(f"licscan: interrupted ({signal.Signals(signal_number).name}); no file was changed", err=True)
            sys.stderr.flush()
            # Fetch threads may be waiting on the network; do not wait for them at exit.
            os._exit(128 + signal_number)
        except Exception as exc:
            # A bug must never look like a verdict (exit 1) or a pass: one line saying so, the
            # traceback only on request, and an exit status of its own.
            if os.environ.get("LICSCAN_DEBUG"):
                raise
            click.echo(f"licscan: internal error: {type(exc).__name__}: {exc}; nothing was judged. "
                       "This is a bug in licscan: set LICSCAN_DEBUG=1 to see the traceback and report it.", err=True)
            sys.exit(EXIT_INTERNAL)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


class Terminated(KeyboardInterrupt):
    signal_number = signal.SIGTERM


def _stop_on_sigterm() -> SignalHandler:
    """SIGTERM (CI cancelling a job) unwinds like Ctrl-C, so temporary files are removed."""

    def handler(signum: int, frame: FrameType | None) -> NoReturn:
        raise Terminated()

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. embedded in a test runner thread)
        return None


def _common_fetch_options(function: CommandFunction) -> CommandFunction:
    options = [
        click.option("--offline", is_flag=True, default=None,
                     help="Use only the local Hub cache (also HF_HUB_OFFLINE=1). Needs pinned revisions."),
        click.option("--jobs", "-j", type=click.IntRange(1, 64), default=8, show_default=True,
                     help="Checkpoints fetched at once; with 2 or more, checkpoints are also classified on up to this many CPU cores."),
        click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Policy file: licscan.yaml, or pyproject.toml with a [tool.licscan] table (default: the nearest one beside "
                          "the manifest or in a parent folder up to the git repository root; see 'licscan config')."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _output_options(function: CommandFunction) -> CommandFunction:
    options = [
        click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_NAMES), default="terminal", show_default=True, help="Output format."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report to this file (atomically) instead of stdout."),
        click.option("--verbose", "-v", is_flag=True, help="Show every reason, including for allowed checkpoints."),
        click.option("--quiet", "-q", is_flag=True, help="No progress line on stderr (it is shown only on a terminal, after half a second)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(cls=LicscanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="licscan")
def main() -> None:
    """License compliance for AI model checkpoints.

    licscan reads a model manifest (models.lock), fetches each checkpoint's model card and license
    files from the Hugging Face Hub at its pinned revision (or from a local folder), identifies each
    license by matching its text against verbatim reference texts, and judges it against the use your
    project declares.

    \b
    Start here:
      licscan init --discover src               start a manifest from your code
      licscan check models.lock                 gate CI on the manifest
      licscan scan meta-llama/Llama-3.1-8B --use commercial
      licscan classify path/to/LICENSE          what license is this text?
      licscan rules                             list the licenses licscan knows

    \b
    Exit status: 0 pass, 1 policy violation, 2 usage or input error, 3 the Hub could not be
    read for some checkpoints and nothing else failed (retry; never hides a violation), 4 licscan
    itself failed (a bug; nothing was judged).
    Environment: HF_TOKEN (gated repos), HF_ENDPOINT (mirror), HF_HUB_OFFLINE, HF_HOME / HF_HUB_CACHE, NO_COLOR,
    LICSCAN_CACHE_DIR, LICSCAN_DEBUG (traceback of an internal error).
    """


@main.command()
@click.argument("manifests", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--discover", "discover_paths", multiple=True, metavar="SRC", type=click.Path(exists=True, path_type=Path),
              help="Also fail when code or YAML configs under SRC load a Hub checkpoint that no manifest declares (repeatable).")
@click.option("--no-lineage", is_flag=True,
              help="Do not follow base_model to the base checkpoints (their licenses are then not inherited).")
@_output_options
@_common_fetch_options
def check(manifests: tuple[Path, ...], discover_paths: tuple[Path, ...], no_lineage: bool, fmt: str, output: Path | None,
          verbose: bool, quiet: bool, offline: bool | None, jobs: int, policy_path: Path | None) -> int:
    """Check one or more manifests; exit 1 if any checkpoint is not acceptable.

    A checkpoint fails when its verdict is denied or unknown (or anything the policy's fail_on
    lists). Exit 1 on any such failure; exit 3 instead when the only failures are checkpoints
    whose Hub repository could not be read (retry later); exit 2 on bad input.
    Unknown includes: no license found, a license text licscan cannot match, a modified
    license text, and a checkpoint that could not be fetched. licscan never passes what it could
    not read.

    A fine-tune inherits the license of every base model named in its card (base_model), followed
    on the Hub to the root; --no-lineage turns that off.

    With --discover SRC, the check also fails when the code under SRC loads a Hub checkpoint
    (from_pretrained, pipeline, hf_hub_download, snapshot_download, model: keys in YAML) that is
    not in the manifest; repo ids built at run time are listed as warnings.
    """
    from .commands import run_check

    status = run_check(manifests, fmt=fmt, output=output, verbose=verbose, offline=offline, jobs=jobs,
                       policy_path=policy_path, gate=True, lineage=not no_lineage, quiet=quiet)
    if discover_paths:
        from .init_project import discover_check

        failed, lines = discover_check(manifests, discover_paths)
        for line in lines:
            click.echo(line, err=True)
        if failed:
            status = EXIT_VIOLATION
    return status


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--discover", "discover_paths", multiple=True, metavar="SRC", type=click.Path(exists=True, path_type=Path),
              help="List the Hub checkpoints that code and YAML configs under SRC load (repeatable).")
@click.option("--use", type=click.Choice(["commercial", "internal", "research", "non-commercial"]), default="commercial", show_default=True,
              help="How the project uses its models (project.use).")
@click.option("--force", is_flag=True, help="Overwrite an existing models.lock and licscan.yaml.")
def init(directory: Path, discover_paths: tuple[Path, ...], use: str, force: bool) -> int:
    """Write a starter models.lock and licscan.yaml, every key explained, in DIRECTORY (default: .).

    With --discover SRC the manifest lists the Hub checkpoints found under SRC, pinned where the
    code gives a revision. Existing files are never overwritten without --force.
    """
    from .init_project import init_project

    _, _, lines = init_project(directory, discover_paths, use=use, force=force)
    for line in lines:
        click.echo(line)
    return EXIT_OK


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@_output_options
@_common_fetch_options
def report(manifest: Path, fmt: str, output: Path | None, verbose: bool, quiet: bool, offline: bool | None, jobs: int,
           policy_path: Path | None) -> int:
    """Write a compliance report for a manifest (exit 0 unless the input is bad).

    Same evaluation as check, for people: use --format html or markdown for a legal review,
    sarif for code scanning, spdx-json/spdx for an SBOM, csv for a spreadsheet.
    """
    from .commands import run_check

    run_check([manifest], fmt=fmt, output=output, verbose=verbose, offline=offline, jobs=jobs, policy_path=policy_path, gate=False,
              lineage=True, quiet=quiet)
    return EXIT_OK


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=8, show_default=True, help="Checkpoints fetched at once.")
@click.option("--no-lineage", is_flag=True, help="Do not follow and pin base models.")
def lock(manifest: Path, jobs: int, no_lineage: bool) -> int:
    """Pin every checkpoint: resolve revisions to commits and record license evidence.

    For each entry licscan writes the full commit sha as `revision` and a `lock:` mapping with the
    concluded license, the sha256 of each license file, a hash of the card's license metadata and
    the base models at their commits. Comments, key order and entry order in the file are kept.
    The file is replaced atomically, and not at all if any checkpoint could not be read.
    A later `licscan check` reports any difference as license drift.
    """
    from .commands import run_lock

    return run_lock(manifest, jobs=jobs, lineage=not no_lineage)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def diff(old: Path, new: Path, as_json: bool) -> int:
    """Compare two locked manifests: which checkpoints changed license, category or verdict.

    Works from the lock records (no network), for reviewing a change to models.lock:
    licscan diff <(git show main:models.lock) models.lock. A local folder of NEW that has no lock
    record yet is judged from its files, as check would; a Hub entry without one is shown as not
    locked (unknown). Exit 1 when a checkpoint's verdict got worse or a new checkpoint fails, else 0.
    """
    from .commands import run_diff

    return run_diff(old, new, as_json=as_json)


@main.command()
@click.argument("repo_id")
@click.option("--revision", help="Commit sha, branch or tag (default: main).")
@click.option("--use", type=click.Choice(["commercial", "internal", "research", "non-commercial"]), default="commercial", show_default=True,
              help="How you intend to use the checkpoint.")
@_output_options
@_common_fetch_options
def scan(repo_id: str, revision: str | None, use: str, fmt: str, output: Path | None, verbose: bool, quiet: bool, offline: bool | None,
         jobs: int, policy_path: Path | None) -> int:
    """Check a single Hub checkpoint without a manifest."""
    from .commands import run_scan

    return run_scan(repo_id, revision=revision, use=use, fmt=fmt, output=output, verbose=verbose, offline=offline, policy_path=policy_path,
                    quiet=quiet)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def classify(paths: tuple[Path, ...], as_json: bool) -> int:
    """Identify the license in text files: id, category, score.

    Prints "modified <id>" with the differing passages when a known license was altered, and
    "unknown" when nothing matches well enough. Exit 0 when every file was read.

    \b
    Each file must be a regular file of at most 4 MiB. A longer one is
    refused whole ("too large to be a license text"), not judged on its
    first part; a directory, FIFO, device or socket is refused without
    being opened. Either way: one line "licscan: error: FILE: problem",
    exit 2, nothing on stdout. Control characters and bidi overrides
    quoted from a file are shown escaped (\\x1b, <U+202E>).
    """
    from .commands import run_classify

    return run_classify(paths, as_json=as_json)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path), help="Policy file to show instead of the one found.")
def config(manifest: Path, policy_path: Path | None) -> int:
    """Show the policy that applies to MANIFEST and where each part came from.

    licscan looks for licscan.yaml, or a [tool.licscan] table in pyproject.toml, beside the
    manifest and then in each parent folder up to the git repository root; the nearest wins.
    Keys the file does not set show licscan's defaults, which fail closed.
    """
    from .commands import run_config

    return run_config(manifest, policy_path)


@main.command()
@click.argument("code", required=False)
def explain(code: str | None) -> int:
    """Explain a finding code (LICSCAN001 ... or its name, e.g. LicenseConflict); all codes without one.

    The codes are those of the SARIF report (code scanning alerts) and of the JSON report's
    findings: what each means, when it fails the check, and what to do about it.
    """
    from .findings import RULES, lookup

    if code is None:
        for listed in RULES:
            click.echo(f"{listed.id}  {listed.name:<22} {listed.short}")
        click.echo("\nlicscan explain CODE tells what a code means and what to do.")
        return EXIT_OK
    rule = lookup(code)
    if rule is None:
        raise InputError(f"unknown finding code '{code}'; 'licscan explain' lists them")
    fails = {"error": "fails the check under the default policy",
             "warning": "reported; fails the check only if the policy's fail_on says so",
             "note": "reported for review; does not fail the check by default"}[rule.level]
    click.echo(f"{rule.id} {rule.name}: {rule.short}\n")
    click.echo(f"What it means: {rule.full}\n")
    click.echo(f"What to do: {rule.help}\n")
    click.echo(f"Level {rule.level}: {fails}.")
    return EXIT_OK


@main.command(name="rules")
@click.option("--markdown", is_flag=True,
              help="Print the supported-license table as Markdown (docs/licenses.md is made with it; licscan's own rules only).")
@click.option("--catalog", is_flag=True,
              help="List the licenses known only from the license catalog (the ScanCode LicenseDB) and licscan's answer for each.")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Policy whose rules_dir adds the project's own licenses (default: the nearest one, as for check).")
def rules_command(markdown: bool, catalog: bool, policy_path: Path | None) -> int:
    """List the licenses and use policies licscan knows, and where each came from (validates every rule file).

    Each license shows its origin: licscan (its own rules) or project (the rule files in the
    rules_dir of the policy that applies here: licscan.yaml or [tool.licscan]). The license
    catalog (the ScanCode LicenseDB, CC-BY-4.0) adds more: their count is shown, --catalog lists them.
    """
    from .commands import run_rules

    return run_rules(markdown=markdown, catalog=catalog, policy_path=policy_path)


if __name__ == "__main__":  # pragma: no cover
    main()

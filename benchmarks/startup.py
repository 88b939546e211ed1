"""Whole-process wall time of the licscan command line, and its heaviest imports.

    python benchmarks/startup.py            # 10 runs of each command
    python benchmarks/startup.py -n 30

Each command is run as a fresh `python -m licscan ...` subprocess from the repository root (so the
source checkout is what runs), with HF_HUB_OFFLINE=1: examples/models.lock names local folders
only, nothing touches the network. licscan's reference-token cache (LICSCAN_CACHE_DIR) is a
temporary directory, filled by an untimed warm-up run, so `check` is measured as on a machine that
has run licscan before (the same checkpoints checked again, as a pre-commit hook does: their
classifications remembered); `check` runs once more with the remembered classifications deleted before
each run (the matcher then classifies every file). The breakdown shows the matcher build with and
without the cache. Exit status 1 from `check` is expected (one example checkpoint is non-commercial);
it is reported, not treated as a failure. Each run's CPU time (user + system) is shown beside its wall
time: on a shared machine it is the steadier figure. Not a test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, median, pass_fail, table  # noqa: E402

TARGET_VERSION_MS = 300
# issue 17: whole-process time as a multiple of a bare `python -c pass`, fastest run of each (interleaved)
CHECK = "licscan check examples/models.lock"
TARGET_RATIO = {"licscan --version": 3.0, CHECK: 6.0, f"{CHECK} (classifications forgotten)": 6.0}
# (label, arguments, forget): forget deletes licscan's remembered classifications before each run (a
# first check of these checkpoints; the reference index and parsed rules stay cached)
COMMANDS = [
    ("licscan --version", ["-m", "licscan", "--version"], False),
    (CHECK, ["-m", "licscan", "check", "examples/models.lock"], False),
    (f"{CHECK} (classifications forgotten)", ["-m", "licscan", "check", "examples/models.lock"], True),
]


_CACHE_DIR = tempfile.mkdtemp(prefix="licscan-startup-cache-")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["HF_HUB_OFFLINE"] = "1"
    # licscan's reference-token cache in a private directory, filled by the warm-up run of each command
    env["LICSCAN_CACHE_DIR"] = _CACHE_DIR
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def forget_classifications() -> None:
    for path in [*Path(_CACHE_DIR).glob("classifications-*"), *Path(_CACHE_DIR).glob("pdftext-*")]:
        path.unlink()


def wall_times(commands: list[tuple[list[str], bool]], runs: int) -> list[tuple[list[float], list[float], set[int]]]:
    """Each command ``runs`` times, interleaved round by round (the load of a shared machine then
    falls on all of them alike): wall ms, CPU ms (user + system of the child), exit codes."""
    import resource

    env = environment()
    for args, _forget in commands:
        subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True)  # warm the OS file cache
    out: list[tuple[list[float], list[float], set[int]]] = [([], [], set()) for _ in commands]
    for _ in range(runs):
        for (times, cpu, codes), (args, forget) in zip(out, commands, strict=True):
            if forget:
                forget_classifications()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True)
            times.append((time.perf_counter() - t0) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
            codes.add(done.returncode)
    return out


def compile_bytecode() -> None:
    """Write licscan's .pyc files, as pip does on install: with PYTHONDONTWRITEBYTECODE set (as on the
    shared VM) a source checkout would otherwise compile every module in every run (~70 ms of `check`)."""
    import compileall

    compileall.compile_dir(str(ROOT / "licscan"), quiet=1)


def heaviest_imports(args: list[str], top: int = 10) -> tuple[list[list[str]], float]:
    """Parse `python -X importtime` output: (rows of the `top` imports by cumulative time, total ms)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT, env=environment(), capture_output=True, text=True)
    entries = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            self_us, cumulative_us, name = line[len("import time:"):].split("|", 2)
            entries.append((int(cumulative_us), int(self_us), name.rstrip()))
        except ValueError:
            continue
    # A top-level import is one written with no indentation; their cumulative times add up to the total.
    total = sum(c for c, _s, name in entries if not name.startswith("  ")) / 1000
    entries.sort(reverse=True)
    rows = [[name.strip(), f"{cumulative / 1000:.1f}", f"{self_us / 1000:.1f}", str((len(name) - len(name.lstrip())) // 2)]
            for cumulative, self_us, name in entries[:top]]
    return rows, total


_BREAKDOWN = r"""
import json, time
t0 = time.perf_counter()
import licscan.cli, licscan.commands
t1 = time.perf_counter()
from licscan.rules import load_knowledge_base
kb = load_knowledge_base()
t2 = time.perf_counter()
from licscan.matcher import Matcher
Matcher(kb, cache=CACHE)
t3 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "rules": t2 - t1, "matcher": t3 - t2, "n_rules": len(kb.rules)}))
"""


# Counts the regular expressions a forgotten check compiles (a cache miss in re._compile), by the file that asks.
_COMPILES = r"""
import json, re, runpy, sys, time
from pathlib import Path
original, spent = re._compile, {}
def counted(pattern, flags):
    if isinstance(pattern, re.Pattern) or (type(pattern), pattern, flags) in re._cache:
        return original(pattern, flags)
    t0 = time.perf_counter()
    compiled = original(pattern, flags)
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.endswith(("re/__init__.py", "lazy_regex.py", "compiled_patterns.py")):
        frame = frame.f_back
    where = frame.f_code.co_filename if frame is not None else "?"
    count, ms = spent.get(where, (0, 0.0))
    spent[where] = (count + 1, ms + (time.perf_counter() - t0) * 1000)
    return compiled
re._compile = counted
sys.argv = ["licscan", "check", "examples/models.lock"]
sys.stdout = open("/dev/null", "w")
try:
    runpy.run_module("licscan", run_name="__main__")
except SystemExit:
    pass
sys.stderr.write(json.dumps(spent))
"""


def regex_compiles() -> list[list[str]]:
    """The regular expressions one forgotten check compiles with re: licscan's (by module) and its libraries' (total).
    The lazily compiled ones licscan makes from the engine code kept in its cache folder (compiled_patterns.py)
    are not compiled, so not counted: the warm-up run has kept them."""
    import json

    forget_classifications()
    done = subprocess.run([sys.executable, "-c", _COMPILES], cwd=ROOT, env=environment(), capture_output=True, text=True)
    try:
        spent = json.loads(done.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [["(count failed)", "", ""]]
    package = str(ROOT / "licscan") + os.sep
    own = sorted(((where[len(package):], n, ms) for where, (n, ms) in spent.items() if where.startswith(package)), key=lambda r: -r[2])
    others = [(n, ms) for where, (n, ms) in spent.items() if not where.startswith(package)]
    rows = [[f"licscan/{where}", str(n), f"{ms:.1f}"] for where, n, ms in own]
    rows.append(["(libraries: yaml, html.parser, platform, ...)", str(sum(n for n, _ in others)), f"{sum(ms for _, ms in others):.1f}"])
    rows.append(["total", str(sum(n for _, n, _ in own) + sum(n for n, _ in others)),
                 f"{sum(ms for *_, ms in own) + sum(ms for _, ms in others):.1f}"])
    return rows


def check_breakdown(runs: int) -> list[list[str]]:
    """The fixed costs every `check` pays before looking at a checkpoint, each in a fresh process."""
    import json

    samples: dict[bool, list[dict]] = {True: [], False: []}
    for _ in range(runs):
        for cache in (False, True):
            done = subprocess.run([sys.executable, "-c", _BREAKDOWN.replace("CACHE", str(cache))], cwd=ROOT, env=environment(),
                                  capture_output=True, text=True)
            if done.returncode != 0:
                return [["(breakdown failed)", done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"]]
            samples[cache].append(json.loads(done.stdout))
    both = samples[True] + samples[False]
    n_rules = both[0]["n_rules"]
    return [
        ["import licscan.cli + licscan.commands", f"{median([s['imports'] for s in both]) * 1000:.0f}"],
        [f"load_knowledge_base() ({n_rules} rule files, YAML)", f"{median([s['rules'] for s in both]) * 1000:.0f}"],
        ["Matcher(kb, cache=False) (render + tokenise every reference text)", f"{median([s['matcher'] for s in samples[False]]) * 1000:.0f}"],
        ["Matcher(kb) (reference tokens from the disk cache, as `check` does)", f"{median([s['matcher'] for s in samples[True]]) * 1000:.0f}"],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=10, help="runs per command (default 10)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"interpreter: {sys.executable}\n")

    compile_bytecode()
    rows, ratios = [], []
    measured = wall_times([(["-c", "pass"], False), *((command, forget) for _, command, forget in COMMANDS)], args.runs)
    baseline, baseline_cpu, _ = measured[0]
    rows.append(["python -c pass (interpreter floor)", f"{median(baseline):.0f}", f"{min(baseline):.0f}", f"{max(baseline):.0f}",
                 f"{median(baseline_cpu):.0f}", "0", "", ""])
    for (label, _command, _forget), (times, cpu, codes) in zip(COMMANDS, measured[1:], strict=True):
        target, verdict = "", ""
        if label == "licscan --version":
            target, verdict = f"< {TARGET_VERSION_MS} ms", pass_fail(median(times) < TARGET_VERSION_MS)
        rows.append([label, f"{median(times):.0f}", f"{min(times):.0f}", f"{max(times):.0f}", f"{median(cpu):.0f}",
                     ",".join(map(str, sorted(codes))), target, verdict])
        ratio = min(times) / min(baseline)
        ratios.append([f"{label}, fastest / fastest python -c pass", f"<= {TARGET_RATIO[label]:g}x", f"{ratio:.1f}x",
                       f"{median(cpu) / median(baseline_cpu):.1f}x", pass_fail(ratio <= TARGET_RATIO[label])])
    print(f"== whole-process wall time, {args.runs} runs each (ms) ==\n")
    print(table(["command", "median", "min", "max", "CPU median", "exit", "target", ""], rows, right=(1, 2, 3, 4)))
    print()
    print(table(["target (issue 17)", "goal", "measured (wall)", "CPU ratio (medians)", ""], ratios))
    print("\nThe target is on wall time; the CPU ratio (user + system of each process) is the steadier figure on a shared machine.")
    print()

    print(f"== fixed costs inside `check`, in-process, median of {args.runs} fresh processes (ms) ==\n")
    print(table(["step", "ms"], check_breakdown(args.runs), right=(1,)))
    print()

    print("== regular expressions compiled by one check with classifications forgotten (one run) ==\n")
    print(table(["asked for by", "patterns", "ms"], regex_compiles(), right=(1, 2)))
    print()

    for _label, command, _forget in COMMANDS[:2]:
        top, total = heaviest_imports(command)
        print(f"== python -X importtime {' '.join(command)}: "
              f"10 heaviest imports (total import time {total:.0f} ms, one run) ==\n")
        print(table(["module", "cumulative ms", "self ms", "depth"], top, right=(1, 2, 3)))
        print()


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)

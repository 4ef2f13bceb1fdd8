"""The roundplanner benchmark harness: `python bench/run.py [--json] [--quick]`.

Builds workspaces that look like users' with the demo's realistic generator (12, 200 and
1,000 companies of 5-15 rounds, with rounds in the next 48 hours), measures, and reports
medians against the targets of the performance issues:

* cold start: process start to the first frame showing the companies, for the real app
  in a 120x36 pty and for a minimal Textual app (bench/baseline_app.py), same run, on
  each first screen (Upcoming, as users open it, and the pipeline);
* first open: the same with the persisted summaries deleted before every run;
* save: one edit through Session.update_company at 12 and at 1,000 companies;
* filter: keystroke to refreshed table at 1,000 companies (in-process, Textual's pilot);
* export: .ics of 1,000 rounds against icalendar alone building 1,000 minimal events;
* memory: peak RSS of the app at 1,000 companies against the baseline app;
* sync: `roundplanner sync` with nothing changed at 200 companies, against a real
  Radicale on loopback: requests made (one listing, whatever the size) and time.

Benchmarks are not tests: nothing here fails on a slow machine; `--json` prints one
object for scripts, and the exit code is 0 whether or not the targets are met.
See docs/performance.md for the method and the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for folder in (str(REPO), str(HERE)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

import caldav_sync  # noqa: E402
import coldstart  # noqa: E402
import inprocess  # noqa: E402
import workspaces  # noqa: E402

SIZES = (12, 200, 1000)
COLD_START_TARGETS = {("upcoming", 12): 1.15, ("upcoming", 200): 1.3, ("pipeline", 1000): 1.5}
"""Cold start against the baseline app, by first screen and workspace size."""
FIRST_OPEN_TARGETS = {200: 1.5}
"""First open (no persisted summaries) against the baseline app, on Upcoming."""
TARGETS: dict[str, float] = {
    "save_ms": 5.0,
    "save_ratio": 1.3,
    # filter_ms: the slowest keystroke, two frames at 60 Hz.
    "filter_ms": 33.0,
    "export_ratio": 1.3,
    "memory_ratio": 2.0,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="smallest size only, one run each (a smoke run)"
    )
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs per size (7)")
    parser.add_argument("--keep", metavar="DIR", help="build the workspaces here and keep them")
    parser.add_argument(
        "--no-sync", action="store_true", help="leave out the CalDAV sync figure (minutes)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions to each targeted first frame under callgrind (~2 min)",
    )
    args = parser.parse_args(argv)
    sizes = SIZES[:1] if args.quick else SIZES
    runs = 1 if args.quick else max(1, args.runs)
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="rp-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    log = _Log(quiet=args.json)
    try:
        report = measure(
            scratch,
            sizes,
            runs,
            quick=args.quick,
            log=log,
            sync_too=not args.no_sync,
            instructions_too=args.instructions,
        )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report))
    return 0


class _Log:
    """Progress on stderr (so `--json` stays one clean object on stdout)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:6.1f}s] {text}", file=sys.stderr)


# --------------------------------------------------------------------------- measuring


def measure(
    scratch: Path,
    sizes: Sequence[int],
    runs: int,
    *,
    quick: bool,
    log: Callable[[str], None],
    sync_too: bool = True,
    instructions_too: bool = False,
) -> dict[str, Any]:
    os.environ["ROUNDPLANNER_NOW"] = workspaces.NOW
    os.environ["TZ"] = "UTC"
    time.tzset()
    benches = {}
    for size in sizes:
        log(f"writing a workspace of {size} companies")
        benches[size] = workspaces.build(scratch, size)
    largest = max(sizes)
    report: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "sizes": list(sizes),
            "rounds_per_company": "5-15 (demo.generate_realistic)",
            "cold_start_runs": runs,
            "quick": quick,
            "terminal": f"{coldstart.COLUMNS}x{coldstart.LINES}",
        },
    }
    envs = {screen: child_env(scratch, screen) for screen in workspaces.SCREENS}
    report["cold_start"] = cold_starts(benches, envs, runs, log)
    if instructions_too:
        report["instructions"] = instructions(benches, envs, log)
    report["first_open"] = first_opens(benches, envs["upcoming"], 1 if quick else 5, log)
    report["memory"] = memory(benches[largest], envs["upcoming"], 1 if quick else 3, log)
    report["save"] = save(benches, 20 if quick else 300, log)
    report["filter"] = filter_figures(benches[largest], log)
    report["screens"] = screen_figures(benches[min(sizes, key=lambda n: abs(n - 200))], log, quick)
    report["export"] = export(largest if quick else 200, 3 if quick else 15, log)
    if sync_too:
        report["sync"] = sync(benches, scratch, 1 if quick else 5, log)
    report["targets"] = verdicts(report)
    return report


def child_env(scratch: Path, screen: str) -> dict[str, str]:
    """The environment of the measured processes: fixed clock and zone, the settings file
    that opens on `screen`, a cache folder of its own (the summaries are kept per settings)
    in the scratch folder, bytecode caching on."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        TZ="UTC",
        ROUNDPLANNER_NOW=workspaces.NOW,
        ROUNDPLANNER_CONFIG=str(scratch / f"config-{screen}.toml"),
        ROUNDPLANNER_CACHE=str(scratch / f"cache-{screen}"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    for name in ("TEXTUAL", "NO_COLOR", "TEXTUAL_DRIVER"):
        env.pop(name, None)
    return env


def _app_argv(bench: workspaces.Bench) -> list[str]:
    return [sys.executable, "-m", "roundplanner", "--workspace", str(bench.root)]


def _baseline_argv(size: int) -> list[str]:
    return [sys.executable, str(HERE / "baseline_app.py"), str(size)]


def _launch(argv: list[str], env: dict[str, str], *, settle: bool = False) -> coldstart.Launch:
    return coldstart.launch(argv, workspaces.NAME_PATTERN, env=env, cwd=str(REPO), settle=settle)


def cold_starts(
    benches: dict[int, workspaces.Bench],
    envs: dict[str, dict[str, str]],
    runs: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """App and baseline in turns, after one discarded warm-up run of each (which also
    writes .pyc files and the app's summaries, as any earlier use of the app would have),
    for each first screen."""
    figures: dict[str, Any] = {}
    for screen, env in envs.items():
        for size, bench in benches.items():
            log(f"cold start on {screen} at {size} companies ({runs} runs + warm-up)")
            _launch(_app_argv(bench), env)
            _launch(_baseline_argv(size), env)
            app: list[coldstart.Launch] = []
            base: list[coldstart.Launch] = []
            for _ in range(runs):
                app.append(_launch(_app_argv(bench), env))
                base.append(_launch(_baseline_argv(size), env))
            figures[f"{screen} {size}"] = _pair(app, base, COLD_START_TARGETS.get((screen, size)))
    return figures


def instructions(
    benches: dict[int, workspaces.Bench],
    envs: dict[str, dict[str, str]],
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Instructions to the first frame of each targeted cold start, app and baseline, under
    callgrind (bench/first_frame.py ends the process at its first frame). Deterministic:
    the same count whatever else the machine runs, so a ratio that wall time blurs on a
    shared machine can be read to the percent. After a warm-up run that keeps the
    summaries and writes .pyc files, as in the cold starts."""
    figures: dict[str, Any] = {}
    for screen, size in COLD_START_TARGETS:
        if size not in benches:
            continue
        env = envs[screen]
        log(f"instructions to the first frame on {screen} at {size} companies (callgrind)")
        bench = benches[size]
        _launch(_app_argv(bench), env, settle=True)
        app = _instructions(
            [str(HERE / "first_frame.py"), "roundplanner", "--workspace", str(bench.root)], env
        )
        base = _instructions(
            [str(HERE / "first_frame.py"), str(HERE / "baseline_app.py"), str(size)], env
        )
        figures[f"{screen} {size}"] = {
            "app_minstr": round(app / 1e6),
            "baseline_minstr": round(base / 1e6),
            "ratio": round(app / base, 3),
            "target_ratio": COLD_START_TARGETS[(screen, size)],
        }
    return figures


def _instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions callgrind counts in a process run to its first frame."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        tool = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
        with contextlib.suppress(coldstart.LaunchError):  # it leaves as soon as it matched
            coldstart.launch(
                tool + argv, workspaces.NAME_PATTERN, env=env, cwd=str(REPO), timeout=600
            )
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"callgrind counted nothing for {argv}")


def first_opens(
    benches: dict[int, workspaces.Bench],
    env: dict[str, str],
    runs: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """The same figure with the app's summaries deleted before every run: the first start
    after every file changed under them (or ever)."""
    figures: dict[str, Any] = {}
    cache = Path(env["ROUNDPLANNER_CACHE"])
    for size, bench in benches.items():
        log(f"first open (no cache) at {size} companies ({runs} runs)")
        app: list[coldstart.Launch] = []
        base: list[coldstart.Launch] = []
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            app.append(_launch(_app_argv(bench), env))
            base.append(_launch(_baseline_argv(size), env))
        figures[str(size)] = _pair(app, base, FIRST_OPEN_TARGETS.get(size))
    return figures


def _pair(
    app: list[coldstart.Launch], base: list[coldstart.Launch], target: float | None
) -> dict[str, Any]:
    app_s = statistics.median(r.seconds for r in app)
    base_s = statistics.median(r.seconds for r in base)
    app_cpu = statistics.median(r.cpu_seconds for r in app)
    base_cpu = statistics.median(r.cpu_seconds for r in base)
    figure: dict[str, Any] = {
        "app_ms": _ms(app_s),
        "baseline_ms": _ms(base_s),
        "ratio": round(app_s / base_s, 3),
        "app_cpu_ms": _ms(app_cpu),
        "baseline_cpu_ms": _ms(base_cpu),
        "cpu_ratio": round(app_cpu / base_cpu, 3) if base_cpu else None,
        "runs": len(app),
    }
    if target is not None:
        figure["target_ratio"] = target
        figure["ok"] = figure["ratio"] <= target
    return figure


def memory(
    bench: workspaces.Bench, env: dict[str, str], runs: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """Peak RSS of each process once it has settled: the app with its workspace loaded
    (a quick start loads it just after the first frame), the baseline with its rows."""
    log(f"peak memory at {bench.companies} companies ({runs} runs, each until idle)")
    app = [_launch(_app_argv(bench), env, settle=True).peak_rss for _ in range(runs)]
    base = [
        _launch(_baseline_argv(bench.companies), env, settle=True).peak_rss for _ in range(runs)
    ]
    app_mb = statistics.median(app) / 2**20
    base_mb = statistics.median(base) / 2**20
    ratio = app_mb / base_mb
    return {
        "companies": bench.companies,
        "app_mb": round(app_mb, 1),
        "baseline_mb": round(base_mb, 1),
        "ratio": round(ratio, 3),
        "target_ratio": TARGETS["memory_ratio"],
        "ok": ratio <= TARGETS["memory_ratio"],
    }


def save(
    benches: dict[int, workspaces.Bench], repetitions: int, log: Callable[[str], None]
) -> dict[str, Any]:
    small, large = min(benches), max(benches)
    log(f"save: {repetitions} edits at {small} and at {large} companies")
    settings = inprocess.bench_settings()
    sessions = {
        size: inprocess.open_session(benches[size].root, settings) for size in {small, large}
    }
    samples = inprocess.save_samples(sessions, repetitions)
    small_s = statistics.median(samples[small])
    large_s = statistics.median(samples[large])
    ratio = large_s / small_s
    return {
        "small_companies": small,
        "large_companies": large,
        "small_ms": _ms(small_s),
        "large_ms": _ms(large_s),
        "ratio": round(ratio, 3),
        "repetitions": repetitions,
        "target_ms": TARGETS["save_ms"],
        "target_ratio": TARGETS["save_ratio"],
        "ok": max(small_s, large_s) * 1000 <= TARGETS["save_ms"] and ratio <= TARGETS["save_ratio"],
    }


def filter_figures(bench: workspaces.Bench, log: Callable[[str], None]) -> dict[str, Any]:
    queries = " and ".join(repr(q) for q in inprocess.QUERIES)
    log(f"filter: typing {queries} and erasing them at {bench.companies} companies")
    result = inprocess.filter_samples(bench.root, inprocess.bench_settings())
    median = statistics.median(result.keystrokes)
    slowest = max(result.keystrokes)
    return {
        "companies": bench.companies,
        "queries": list(inprocess.QUERIES),
        "keystrokes": len(result.keystrokes),
        "keystroke_ms": _ms(median),
        "keystroke_max_ms": _ms(max(result.keystrokes)),
        "keystroke_cpu_ms": _ms(statistics.median(result.keystrokes_cpu)),
        "keystroke_cpu_max_ms": _ms(max(result.keystrokes_cpu)),
        "full_refresh_ms": _ms(statistics.median(result.full_refresh)),
        "rows_shown": result.rows_shown,
        "target_ms": TARGETS["filter_ms"],
        "ok": slowest * 1000 <= TARGETS["filter_ms"],
    }


def screen_figures(
    bench: workspaces.Bench, log: Callable[[str], None], quick: bool
) -> dict[str, Any]:
    """Opening a company's and a round's screen: no target, watched so the rebuilt screens
    are no slower (issue 14)."""
    opens = 2 if quick else 15
    log(f"screens: opening {opens} companies and rounds at {bench.companies} companies")
    result = inprocess.screen_samples(bench.root, inprocess.bench_settings(), opens)
    return {
        "companies": bench.companies,
        "opens": opens,
        "company_cpu_ms": _ms(statistics.median(result.company)),
        "round_cpu_ms": _ms(statistics.median(result.round)),
    }


def export(companies: int, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    from roundplanner.demo import generate

    data = generate(companies, 5, 10)
    log(f"export: {companies * 5} rounds, {runs} runs")
    result = inprocess.export_samples(data, inprocess.bench_settings(), runs)
    ours = statistics.median(result.ours)
    minimal = statistics.median(result.minimal)
    same = statistics.median(result.same)
    return {
        "rounds": result.events,
        "app_ms": _ms(ours),
        "icalendar_ms": _ms(minimal),
        "ratio": round(ours / minimal, 3),
        "same_content_icalendar_ms": _ms(same),
        "same_content_ratio": round(ours / same, 3),
        "app_bytes": result.ours_bytes,
        "minimal_bytes": result.minimal_bytes,
        "runs": runs,
        "target_ratio": TARGETS["export_ratio"],
        "ok": ours / minimal <= TARGETS["export_ratio"],
    }


def sync(
    benches: dict[int, workspaces.Bench], scratch: Path, runs: int, log: Callable[[str], None]
) -> dict[str, Any]:
    size = 200 if 200 in benches else min(benches)
    log(f"sync: nothing changed, {size} companies, {runs} runs against Radicale")
    return caldav_sync.measure(benches[size].root, scratch, size, runs)


def verdicts(report: dict[str, Any]) -> dict[str, bool]:
    found = {
        f"cold_start_{name.replace(' ', '_')}": figure["ok"]
        for name, figure in report["cold_start"].items()
        if "ok" in figure
    }
    found |= {
        f"first_open_{size}": figure["ok"]
        for size, figure in report["first_open"].items()
        if "ok" in figure
    }
    for name in ("save", "filter", "export", "memory"):
        found[name] = report[name]["ok"]
    if "ok" in report.get("sync", {}):
        found["sync"] = report["sync"]["ok"]
    found["all"] = all(found.values())
    return found


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import icalendar
    import pydantic
    import textual

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": textual.__version__,
        "pydantic": pydantic.VERSION,
        "icalendar": icalendar.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# --------------------------------------------------------------------------- report


def render(report: dict[str, Any]) -> str:
    """The report as a short table a person reads."""
    m = report["machine"]
    lines = [
        f"roundplanner benchmark — {m['cpus']} CPU(s), {m['cpu']}, Python {m['python']}, "
        f"Textual {m['textual']}, load {m['load_average']}",
        "",
        f"{'figure':<38}{'app':>11}{'baseline':>11}{'ratio':>7}{'target':>10}  ok",
    ]
    for name, app, base, ratio, target, ok in _rows(report):
        mark = "" if ok is None else ("yes" if ok else "NO")
        lines.append(f"{name:<38}{app:>11}{base:>11}{ratio:>7}{target:>10}  {mark}")
    lines.append("")
    lines.append("all targets met" if report["targets"]["all"] else "some targets NOT met")
    return "\n".join(lines)


Row = tuple[str, str, str, str, str, "bool | None"]


def _rows(report: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for name, f in report["cold_start"].items():
        target = f"<= {f['target_ratio']}x" if "target_ratio" in f else ""
        rows.append((f"cold start, {name} companies", *_vs(f, "ms"), target, f.get("ok")))
    for name, f in report.get("instructions", {}).items():
        rows.append(
            (
                f"  instructions to it, {name}",
                f"{f['app_minstr']} M",
                f"{f['baseline_minstr']} M",
                f"{f['ratio']:.2f}",
                f"<= {f['target_ratio']}x",
                f["ratio"] <= f["target_ratio"],
            )
        )
    for size, f in report["first_open"].items():
        target = f"<= {f['target_ratio']}x" if "target_ratio" in f else ""
        rows.append((f"first open (no cache), {size}", *_vs(f, "ms"), target, f.get("ok")))
    s = report["save"]
    rows.append(
        (
            f"save, {s['small_companies']} companies",
            f"{s['small_ms']:.2f} ms",
            "",
            "",
            f"<= {s['target_ms']:.0f} ms",
            None,
        )
    )
    rows.append(
        (
            f"save, {s['large_companies']} companies",
            f"{s['large_ms']:.2f} ms",
            f"{s['small_ms']:.2f} ms",
            f"{s['ratio']:.2f}",
            f"<= {s['target_ratio']}x",
            s["ok"],
        )
    )
    f = report["filter"]
    rows.append(
        (
            f"filter keystroke, {f['companies']} companies",
            f"{f['keystroke_ms']:.1f} ms",
            "",
            "",
            "",
            None,
        )
    )
    rows.append(
        (
            "  slowest keystroke",
            f"{f['keystroke_max_ms']:.1f} ms",
            "",
            "",
            f"<= {f['target_ms']:.0f} ms",
            f["ok"],
        )
    )
    rows.append(
        (
            "  CPU: median key, slowest key",
            f"{f['keystroke_cpu_ms']:.1f} ms",
            f"{f['keystroke_cpu_max_ms']:.1f} ms",
            "",
            "",
            None,
        )
    )
    rows.append(("  full list refresh", f"{f['full_refresh_ms']:.1f} ms", "", "", "", None))
    o = report["screens"]
    for kind in ("company", "round"):
        name = f"open a {kind} screen, {o['companies']} co. (CPU)"
        rows.append((name, f"{o[kind + '_cpu_ms']:.1f} ms", "", "", "", None))
    e = report["export"]
    rows.append(
        (
            f"export, {e['rounds']} rounds (minimal events)",
            f"{e['app_ms']:.0f} ms",
            f"{e['icalendar_ms']:.0f} ms",
            f"{e['ratio']:.2f}",
            f"<= {e['target_ratio']}x",
            e["ok"],
        )
    )
    rows.append(
        (
            "  vs icalendar making the same .ics",
            f"{e['app_ms']:.0f} ms",
            f"{e['same_content_icalendar_ms']:.0f} ms",
            f"{e['same_content_ratio']:.2f}",
            "",
            None,
        )
    )
    r = report["memory"]
    rows.append(
        (
            f"peak RSS, {r['companies']} companies",
            f"{r['app_mb']:.0f} MB",
            f"{r['baseline_mb']:.0f} MB",
            f"{r['ratio']:.2f}",
            f"<= {r['target_ratio']}x",
            r["ok"],
        )
    )
    c = report.get("sync", {})
    if "nochange_requests" in c:
        rows.append(
            (
                f"sync, nothing changed, {c['companies']} co.",
                f"{c['nochange_requests']} req",
                "",
                "",
                f"{c['target_requests']} req",
                c["ok"],
            )
        )
        rows.append(
            (f"  time ({c['objects']} objects)", f"{c['nochange_ms']:.0f} ms", "", "", "", None)
        )
        rows.append(
            (
                "  first sync (creates all)",
                f"{c['first_sync_ms']:.0f} ms",
                f"{c['first_requests']} req",
                "",
                "",
                None,
            )
        )
    return rows


def _vs(figure: dict[str, Any], unit: str) -> tuple[str, str, str]:
    return (
        f"{figure['app_ms']:.0f} {unit}",
        f"{figure['baseline_ms']:.0f} {unit}",
        f"{figure['ratio']:.2f}",
    )


if __name__ == "__main__":
    raise SystemExit(main())

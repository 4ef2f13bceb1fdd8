"""The read model: one summary per company, the same rules as the model, and a persisted
copy that can never disagree with the files it summarises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_import_hygiene import loaded_after_import  # tests/ is on sys.path

from roundplanner import summary as summary_module
from roundplanner.demo import demo_companies, generate, generate_realistic, write_generated
from roundplanner.model import (
    Company,
    offer_deadlines,
    rounds_awaiting_debrief,
    upcoming_rounds,
)
from roundplanner.settings import Settings
from roundplanner.store import Store, parse_model
from roundplanner.summary import (
    SummaryCache,
    WorkspaceSummary,
    content_digest,
    summarise,
    summarise_workspace,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
"""The instant of the fixed clock (conftest)."""

ROOT = Path(__file__).resolve().parent.parent


def _fresh(root: Path, settings: Settings) -> dict[str, object]:
    """Every company file parsed from disk now, and summarised: the truth to compare with."""
    found: dict[str, object] = {}
    companies = root / "companies"
    for path in sorted(companies.glob("*.toml")):
        if path.name.startswith("."):
            continue
        model, _ = parse_model(Company, path.read_bytes(), path.name, {"kinds": settings.kinds})
        if model is not None:
            found[path.stem] = summarise(model, settings.kind_labels)
    return found


def _first_run(root: Path, settings: Settings) -> SummaryCache:
    """What a first start does: load, learn the summaries of what it loaded, save."""
    cache = SummaryCache.open(root, "k")
    store = Store(root, settings.kinds)
    workspace = store.load()
    summary = summarise_workspace(root, workspace.companies, settings.kind_labels, [])
    digests = {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies}
    cache.learn(digests, summary)
    cache.save(store, settings)
    return cache


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("hours", [-800, -30, -1, 0, 1, 24, 49, 200, 800])
def test_lists_and_model_agree_on_next_due_and_deadlines(settings: Settings, hours: int) -> None:
    """One definition each: the summary and the model answer every question alike."""
    companies = generate_realistic(30, settings, NOW) | demo_companies(NOW, settings)
    now = NOW + timedelta(hours=hours)
    ws = summarise_workspace(Path("."), companies, settings.kind_labels, [])
    stamp = now.timestamp()
    for slug, company in companies.items():
        model_next = company.next_round(now)
        summary_next = ws.companies[slug].next_round(stamp)
        assert (model_next.id if model_next else None) == (
            summary_next.id if summary_next else None
        )
        assert [r.id for r in company.rounds_needing_debrief(now)] == [
            r.id for r in ws.companies[slug].rounds_needing_debrief(stamp)
        ]
    assert [(r.slug, r.round.id) for r in upcoming_rounds(companies, now)] == [
        (r.slug, r.round.id) for r in ws.upcoming(now)
    ]
    within = timedelta(hours=48)
    assert [(r.slug, r.round.id) for r in upcoming_rounds(companies, now, within)] == [
        (r.slug, r.round.id) for r in ws.upcoming(now, within)
    ]
    assert [(r.slug, r.round.id) for r in rounds_awaiting_debrief(companies, now)] == [
        (r.slug, r.round.id) for r in ws.awaiting_debrief(now)
    ]
    today = now.date()
    assert [(s, d) for s, _c, d in offer_deadlines(companies, today)] == [
        (s, d) for s, _c, d in ws.offer_deadlines(today)
    ]


def test_a_summary_holds_instants_not_facts_about_now(settings: Settings) -> None:
    """Countdowns and "next" are worked out when read: the same summary gives another next
    round an hour later."""
    company = generate_realistic(1, settings, NOW)["company-00000"]
    made = summarise(company, settings.kind_labels)
    later = NOW + timedelta(days=60)
    assert made.next_round(later.timestamp()) is None
    assert made.next_round(NOW.timestamp()) is not None
    assert all(isinstance(r.start, float) for r in made.rounds)


def test_the_digest_is_the_stores(demo_ws: Path, settings: Settings) -> None:
    store = Store(demo_ws, settings.kinds)
    store.load()
    for key in store.company_keys_on_disk():
        assert store.digest_of(key) == content_digest((demo_ws / key).read_bytes())


def test_the_realistic_workspace_opens_on_upcoming(settings: Settings) -> None:
    companies = generate_realistic(12, settings, NOW)
    ws = summarise_workspace(Path("."), companies, settings.kind_labels, [])
    assert ws.opens_on_upcoming(NOW, 48)
    assert not ws.opens_on_upcoming(NOW, 0)
    assert all(5 <= len(c.rounds) <= 15 for c in companies.values())


# --------------------------------------------------------------------------- persisted


def test_a_saved_cache_reads_back_what_the_files_say(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "w"
    write_generated(root, generate_realistic(8, settings, NOW))
    _first_run(root, settings)
    read = SummaryCache.open(root, "k").read()
    assert read is not None
    assert read.companies == _fresh(root, settings)
    assert list(read.companies) == sorted(read.companies)


def test_another_settings_key_or_code_misses(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "w"
    write_generated(root, generate(3, 2, 2))
    _first_run(root, settings)
    assert SummaryCache.open(root, "other").read() is None
    stamp = summary_module.code_stamp()
    try:
        summary_module.code_stamp = lambda: (*stamp, "changed")  # type: ignore[assignment]
        assert SummaryCache.open(root, "k").read() is None
    finally:
        summary_module.code_stamp = lambda: stamp  # type: ignore[assignment]


def test_a_cache_others_could_write_is_never_read(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "w"
    write_generated(root, generate(3, 2, 2))
    _first_run(root, settings)
    path = summary_module.cache_file(root)
    assert path is not None and path.exists()
    os.chmod(path, 0o666)
    assert SummaryCache.open(root, "k").read() is None
    os.chmod(path, 0o600)
    path.write_bytes(b"not a pickle")
    assert SummaryCache.open(root, "k").read() is None


def test_the_cache_can_be_turned_off(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(summary_module.CACHE_ENV, "off")
    root = tmp_path / "w"
    write_generated(root, generate(2, 1, 1))
    _first_run(root, settings)
    assert SummaryCache.open(root, "k").read() is None


def test_a_broken_file_misses_and_is_never_summarised(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "w"
    write_generated(root, generate(3, 2, 2))
    _first_run(root, settings)
    (root / "companies" / "broken.toml").write_text("name = [", encoding="utf-8")
    assert SummaryCache.open(root, "k").read() is None
    cache = SummaryCache.open(root, "k")
    cache.save(Store(root, settings.kinds), settings)
    assert SummaryCache.open(root, "k").read() is None  # still broken: load and report it


# An edit on disk: what it does to which file. Same-size edits keep the mtime too, so a
# cache keyed by timestamps would be fooled; one keyed by content is not.
EDITS = st.sampled_from(
    ["tick", "same_size_same_mtime", "move_round", "rename_company", "delete", "add", "break"]
)


def _edit(root: Path, slug: str, edit: str, index: int) -> None:
    path = root / "companies" / f"{slug}.toml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    info = path.stat()
    if edit == "tick":
        text = text.replace("done = false", "done = true", 1)
    elif edit == "same_size_same_mtime":
        # One digit of a start hour changes: same size, and the mtime is put back.
        text = text.replace("T09:", "T10:", 1) if "T09:" in text else text.replace("T1", "T0", 1)
    elif edit == "move_round":
        text = text.replace("start = 2026-1", "start = 2025-1", 1)
    elif edit == "rename_company":
        text = text.replace('name = "Company', 'name = "Renamed', 1)
    elif edit == "delete":
        path.unlink()
        return
    elif edit == "add":
        (root / "companies" / f"added-{index}.toml").write_text(
            f'name = "Added {index}"\nstage = "applied"\n', encoding="utf-8"
        )
        return
    elif edit == "break":
        text = text.replace("[[rounds]]", "[[rounds]", 1)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    size=st.integers(min_value=1, max_value=5),
    seed=st.integers(min_value=0, max_value=1000),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=4), EDITS), max_size=4),
)
def test_the_persisted_summary_never_disagrees_with_the_files(
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    size: int,
    seed: int,
    edits: list[tuple[int, str]],
) -> None:
    """Any workspace, any edits on disk (same size and mtime included): what is read back
    is either nothing (load first) or exactly the summary of the files parsed now; and
    after the next save, it is that summary."""
    root = tmp_path_factory.mktemp("ws")
    write_generated(root, generate(size, 3, 3, seed=seed, today=NOW.date()))
    _first_run(root, settings)
    for number, (which, edit) in enumerate(edits):
        _edit(root, f"company-{which % size:05d}", edit, number)
    fresh = _fresh(root, settings)
    read = SummaryCache.open(root, "k").read()
    if read is not None:
        assert read.companies == fresh
    cache = SummaryCache.open(root, "k")
    cache.save(Store(root, settings.kinds), settings)
    again = SummaryCache.open(root, "k").read()
    names = {p.stem for p in (root / "companies").glob("*.toml")}
    if names and set(fresh) == names:  # nothing broken: the cache serves the workspace
        assert again is not None
        assert again.companies == fresh
    else:
        assert again is None


# --------------------------------------------------------------------------- first frame


def test_the_first_frame_does_not_need_pydantic() -> None:
    """The read model and the list screens import neither pydantic nor the model."""
    loaded = loaded_after_import(
        [
            "roundplanner.summary",
            "roundplanner.cli",
            "roundplanner.output.text",
            "roundplanner.output.json_data",
            "roundplanner.output.phrases",
            "roundplanner.timefmt",
            "roundplanner.tui.app",
            "roundplanner.tui.screens.pipeline",
            "roundplanner.tui.screens.upcoming",
        ]
    )
    assert "pydantic" not in loaded
    assert "roundplanner.model" not in loaded


def test_the_quick_start_reaches_the_app_without_pydantic(demo_ws: Path) -> None:
    """Not just the modules: `roundplanner` itself, run on a workspace whose summaries are
    kept, gets to the app without importing the model (the command line's error
    handling once imported the store, and with it pydantic, before every TUI start)."""
    from roundplanner import cli

    assert cli.main(["agenda"]) == 0  # keeps the summaries
    code = (
        "import json, sys\n"
        "from roundplanner import cli\n"
        "seen = {}\n"
        "def run_app(app, cache, args=None):\n"
        "    seen['modules'] = sorted(sys.modules)\n"
        "    seen['quick'] = app.loaded_session is None\n"
        "    return 0\n"
        "cli._run_app = run_app\n"
        "assert cli.main([]) == 0\n"
        "print(json.dumps(seen))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    seen = json.loads(result.stdout)
    assert seen["quick"], "the app should start from the kept summaries"
    assert "pydantic" not in seen["modules"]
    assert "roundplanner.model" not in seen["modules"]


def test_an_empty_workspace_has_no_summary_to_read(tmp_path: Path) -> None:
    assert SummaryCache.open(tmp_path / "none", "k").read() is None
    empty = WorkspaceSummary(tmp_path, {}, summary_module.stages())
    assert not empty.opens_on_upcoming(datetime.now(UTC), 48)
    assert [count for _s, _l, count in empty.counts()] == [0] * len(empty.stages)


@pytest.mark.parametrize("as_json", [False, True])
def test_the_agenda_from_kept_summaries_is_the_agenda_from_files(
    demo_ws: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    """The first agenda loads the workspace and keeps its summaries; the next one reads
    only them (the workspace is never opened) and prints the very same text."""
    from roundplanner import cli

    argv = ["agenda", "--days", "30", *(["--json"] if as_json else [])]
    assert cli.main(argv) == 0
    first = capsys.readouterr().out

    def no_load(args: object) -> None:
        raise AssertionError("the workspace was loaded")

    monkeypatch.setattr(cli, "open_context", no_load)
    assert cli.main(argv) == 0
    assert capsys.readouterr().out == first
    assert "Acme Robotics" in first


@pytest.mark.parametrize("as_json", [False, True])
def test_stats_from_kept_summaries_are_the_stats_from_files(
    demo_ws: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    """`stats` reads the funnel, silences and gaps from the read model: the second run
    opens no file and says the very same; a file changed meanwhile is loaded again."""
    from roundplanner import cli

    argv = ["stats", *(["--json"] if as_json else [])]
    assert cli.main(argv) == 0
    first = capsys.readouterr().out
    real_open = cli.open_context

    def no_load(args: object) -> None:
        raise AssertionError("the workspace was loaded")

    monkeypatch.setattr(cli, "open_context", no_load)
    assert cli.main(argv) == 0
    assert capsys.readouterr().out == first
    assert "Harbor Bank" in first
    # A company that moved on (and a gap more) since: the files, never the kept copy.
    path = demo_ws / "companies" / "harbor-bank.toml"
    path.write_text(path.read_text().replace('stage = "applied"', 'stage = "ghosted"'))
    monkeypatch.setattr(cli, "open_context", real_open)
    assert cli.main(argv) == 0
    changed = capsys.readouterr().out
    assert changed != first
    if as_json:
        assert json.loads(first)["possibly_ghosted"][0]["slug"] == "harbor-bank"
        assert json.loads(changed)["possibly_ghosted"] == []
    else:
        assert "Harbor Bank — applied" in first and "Harbor Bank —" not in changed


def test_a_broken_company_file_makes_stats_load_and_report_it(
    demo_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from roundplanner import cli

    assert cli.main(["stats"]) == 0
    (demo_ws / "companies" / "broken.toml").write_text("name = [", encoding="utf-8")
    assert cli.main(["stats"]) == 1
    assert "broken.toml" in capsys.readouterr().err


def test_a_broken_story_bank_makes_the_agenda_load_and_report_it(
    demo_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from roundplanner import cli

    assert cli.main(["agenda"]) == 0
    (demo_ws / "stories.toml").write_text("stories = [", encoding="utf-8")
    assert cli.main(["agenda"]) == 1
    assert "stories.toml" in capsys.readouterr().err

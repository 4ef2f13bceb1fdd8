"""The bad-input corpus: every broken file gets one clear line naming the file and the line
or field; `validate` exits 1; the rest of the workspace loads; no file is ever touched.

The files are in tests/data/broken/ (company files; story banks under stories/). Files that
look odd but are valid TOML a person may well produce (a BOM, CRLF line ends, comments,
other TOML styles) are in tests/data/tolerated/ and must load.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from roundplanner.cli import main
from roundplanner.model import Company
from roundplanner.settings import Settings
from roundplanner.store import STORIES, SaveStatus, Store, StoreError, init_workspace
from roundplanner.toml_io import model_to_toml

DATA = Path(__file__).resolve().parent / "data"
BROKEN = DATA / "broken"
TOLERATED = DATA / "tolerated"

ENUM_STAGES = "is not one of 'interested', 'applied', 'screening'"

# file -> (line, field, what the message says). A line of None: the problem is the whole
# file (empty, too big) or the line cannot be known; then the field, if any, says where.
EXPECTED: dict[str, tuple[int | None, str, str]] = {
    # TOML syntax
    "syntax_unterminated_string.toml": (2, "", "TOML syntax: a string is not closed on its line"),
    "syntax_missing_value.toml": (5, "", "TOML syntax: Invalid value"),
    "syntax_bad_table_header.toml": (6, "", "TOML syntax: Expected ']]' at the end of an array"),
    "syntax_unclosed_array.toml": (7, "", "TOML syntax: Unclosed array"),
    "syntax_bare_word_value.toml": (3, "", "TOML syntax: Invalid value"),
    "syntax_newline_in_inline_table.toml": (5, "", "TOML syntax: Invalid initial character"),
    "syntax_raw_control_char.toml": (5, "", "TOML syntax: Illegal character '\\x07'"),
    "syntax_invalid_date.toml": (8, "", "TOML syntax: Invalid date or datetime"),
    "syntax_unterminated_multiline.toml": (7, "", "TOML syntax: Unterminated string"),
    "duplicate_key.toml": (5, "", "TOML syntax: a key is set twice"),
    "duplicate_table.toml": (9, "", "TOML syntax: a table is declared twice"),
    # wrong types
    "wrong_type_name.toml": (2, "name", "Input should be a valid string"),
    "wrong_type_rounds.toml": (5, "rounds", "Input should be a valid list"),
    "wrong_type_links.toml": (5, "links", "Input should be a valid list"),
    "wrong_type_duration.toml": (11, "rounds[0].duration_minutes", "a valid integer"),
    "wrong_type_topic_done.toml": (15, "rounds[0].topics[0].done", "a valid boolean"),
    "wrong_type_offer_base.toml": (7, "offer.base", "a valid integer"),
    "wrong_type_start.toml": (9, "rounds[0].start", "a valid datetime"),
    # time
    "unknown_zone.toml": (14, "rounds[1].timezone", "unknown time zone 'PST8'"),
    "unknown_zone_made_up.toml": (10, "rounds[0].timezone", "unknown time zone 'Europe/Atlantis'"),
    "dst_gap.toml": (9, "rounds[0].start", "2026-03-08 02:30 does not exist in America/"),
    "dst_ambiguous.toml": (9, "rounds[0].start", "2026-11-01 01:30 happens twice"),
    "start_with_offset.toml": (9, "rounds[0].start", "without offset; put the zone in 'timezone'"),
    "end_before_start.toml": (11, "rounds[0].duration_minutes", "end before start"),
    "negative_duration.toml": (11, "rounds[0].duration_minutes", "end before start"),
    # identity and vocabulary
    "duplicate_round_ids.toml": (14, "rounds[1].id", "duplicate round id 'r-1'"),
    "bad_round_id.toml": (7, "rounds[0].id", "round id '../../etc/passwd' must be letters"),
    "unknown_stage.toml": (3, "stage", f"'hired' {ENUM_STAGES}"),
    "unknown_stage_in_history.toml": (11, "stage_history[1].stage", f"'hired' {ENUM_STAGES}"),
    "unknown_source.toml": (3, "source", "'linkedin' is not one of 'referral'"),
    "unknown_round_status.toml": (12, "rounds[0].status", "'postponed' is not one of"),
    "unknown_debrief_outcome.toml": (14, "rounds[0].debrief.outcome", "'great' is not one of"),
    "unknown_kind.toml": (8, "rounds[0].kind", "unknown round kind 'lunch' (known: behavioral,"),
    "missing_name.toml": (None, "name", "Field required"),
    "empty_name.toml": (2, "name", "name must not be empty"),
    "interviewer_without_name.toml": (13, "rounds[0].interviewers[0].name", "Field required"),
    "offer_cliff_after_vesting.toml": (9, "offer.cliff_months", "24 months is longer than"),
    "newer_schema.toml": (1, "schema", "written by a newer roundplanner (schema 2"),
    "bad_schema.toml": (2, "schema", "schema must be a whole number from 1, not 'one'"),
    # not TOML at all
    "empty.toml": (None, "", "file is empty"),
    "whitespace_only.toml": (None, "", "file is empty"),
    "binary_junk.toml": (2, "", "not a text file (contains NUL bytes)"),
    "utf16.toml": (1, "", "not a text file (contains NUL bytes)"),
    "invalid_utf8.toml": (5, "", "not valid UTF-8 text"),
    # absurd shapes
    "deep_nesting_arrays.toml": (5, "", "TOML nested too deeply"),
    "deep_nesting_tables.toml": (6, "box", "nested more than 32 levels deep"),
    # story banks
    "stories/duplicate_story_ids.toml": (8, "stories[1].id", "duplicate story id 's-1'"),
    "stories/story_without_title.toml": (3, "stories[0].title", "Field required"),
}


def corpus() -> list[str]:
    return sorted(str(p.relative_to(BROKEN)) for p in BROKEN.rglob("*.toml"))


def install(root: Path, name: str) -> tuple[str, Path]:
    """Copy a corpus file into a workspace; return its key and where it went."""
    init_workspace(root)
    key = STORIES if name.startswith("stories/") else f"companies/{Path(name).stem}.toml"
    target = root / key
    shutil.copyfile(BROKEN / name, target)
    return key, target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_is_complete() -> None:
    assert len(corpus()) >= 30
    assert corpus() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file(tmp_path: Path, settings: Settings, name: str) -> None:
    line, field, fragment = EXPECTED[name]
    key, path = install(tmp_path / "ws", name)
    before = digest(path)
    store = Store(tmp_path / "ws", settings.kinds)
    workspace = store.load()

    assert len(workspace.problems) == 1, workspace.problems
    problem = workspace.problems[0]
    text = str(problem)
    assert (problem.path, problem.line, problem.field) == (key, line, field), text
    assert fragment in problem.message, text
    assert "\n" not in text and "\r" not in text
    assert text.startswith(key if line is None else f"{key}:{line}: ")
    assert line is not None or field or problem.message.startswith("file is")

    with pytest.raises(StoreError, match="not overwritten"):
        if key == STORIES:
            store.save_stories(workspace.stories)
        else:
            store.save_company(Path(key).stem, Company(name="Overwrite me"))
    assert digest(path) == before


def test_the_whole_corpus_at_once(
    demo_ws: Path, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    """Every broken file beside the demo: validate lists each once, the demo still loads."""
    companies = [name for name in EXPECTED if not name.startswith("stories/")]
    for name in companies:
        install(demo_ws, name)
    install(demo_ws, "stories/duplicate_story_ids.toml")
    before = {p: digest(p) for p in demo_ws.rglob("*") if p.is_file()}

    workspace = Store(demo_ws, settings.kinds).load()
    assert len(workspace.companies) == 12
    assert len(workspace.problems) == len(companies) + 1

    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    # Every problem once, on its own line; plus the demo's story references, now unknown
    # because the story bank itself is broken.
    for problem in workspace.problems:
        assert lines.count(str(problem)) == 1
    assert all(line.startswith(("companies/", "stories.toml")) for line in lines)
    assert err.endswith("problem(s)\n")

    assert main(["agenda"]) == 1
    out, err = capsys.readouterr()
    assert "Acme Robotics" in out
    assert err.count("warning: ") == len(workspace.problems)

    after = {p: digest(p) for p in demo_ws.rglob("*") if p.is_file()}
    assert after == before


def test_a_20_mb_file(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Generated here, not stored in git. Refused by its size before it is read."""
    path = demo_ws / "companies" / "huge.toml"
    size = 20 * 1024 * 1024
    with path.open("w") as handle:
        handle.write('schema = 1\nname = "Huge"\n')
        row = 0
        while handle.tell() < size - 2048:
            handle.write(f'k{row} = "{"x" * 1000}"\n')
            row += 1
        handle.write("#" * (size - handle.tell() - 1) + "\n")
    assert path.stat().st_size == size
    before = digest(path)

    workspace = Store(demo_ws).load()
    assert [str(p) for p in workspace.problems] == [
        "companies/huge.toml: file is 20.0 MB; the limit is 2 MB"
    ]
    assert len(workspace.companies) == 12
    assert main(["validate"]) == 1
    assert "companies/huge.toml: file is 20.0 MB; the limit is 2 MB\n" in capsys.readouterr().out
    assert digest(path) == before


# --------------------------------------------------------------------------- tolerated


def tolerated() -> list[str]:
    return sorted(p.name for p in TOLERATED.glob("*.toml"))


def test_there_are_tolerated_files() -> None:
    assert {"bom.toml", "crlf.toml", "bom_crlf.toml"} <= set(tolerated())


@pytest.mark.parametrize("name", tolerated())
def test_tolerated_files_load_and_stay_untouched(
    tmp_path: Path, settings: Settings, name: str
) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    path = root / "companies" / name
    shutil.copyfile(TOLERATED / name, path)
    before = path.read_bytes()
    store = Store(root, settings.kinds)
    workspace = store.load()
    assert workspace.problems == []
    slug = path.stem
    company = workspace.companies[slug]
    assert company.name.startswith(("Acme", "Ærøskøbing"))
    assert path.read_bytes() == before
    # An edit is saved in the usual layout (UTF-8 without BOM, LF) and keeps every key and
    # value; comments and the hand-made layout are not kept (TOML readers drop them).
    company.domain = "acme.example"
    assert store.save_company(slug, company).status is SaveStatus.WRITTEN
    written = path.read_bytes()
    assert written == model_to_toml(company)
    assert not written.startswith(b"\xef\xbb\xbf") and b"\r\n" not in written
    assert Store(root, settings.kinds).load().companies[slug] == company


def test_crlf_multi_line_notes_read_as_lf(tmp_path: Path) -> None:
    """TOML reads a CRLF inside a multi-line string as LF, so an edited CRLF file's notes
    come back with LF endings: the text is the same, only the line ends are normalised."""
    root = tmp_path / "ws"
    init_workspace(root)
    shutil.copyfile(TOLERATED / "crlf.toml", root / "companies" / "crlf.toml")
    company = Store(root).load().companies["crlf"]
    assert company.notes == "First line.\nSecond line.\n"

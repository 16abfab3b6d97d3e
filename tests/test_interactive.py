"""The reflection loop, driven by scripted input (the real terminal is in test_pty.py)."""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import UTC, entry_files
from rich.console import Console

from ticli import store
from ticli.cli.editor import editor_command
from ticli.cli.terminal import reflect_in_editor, run_reflection
from ticli.errors import UsageError
from ticli.usecases.journal import Journal, open_journal
from ticli.usecases.write import Plan

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
STOP = object()  # raise KeyboardInterrupt here
EOF_ = object()  # raise EOFError here
BAD = object()  # a line that was not UTF-8


class Script:
    """Plays typed lines to the reflection, failing if it asks for more than scripted."""

    def __init__(self, *lines: object) -> None:
        self.lines: Iterator[object] = iter(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        try:
            line = next(self.lines)
        except StopIteration:
            raise AssertionError(f"unexpected question: {prompt!r}") from None
        if line is STOP:
            raise KeyboardInterrupt
        if line is EOF_:
            raise EOFError
        if line is BAD:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        assert isinstance(line, str)
        return line


@pytest.fixture
def journal(journal_home: Path) -> Journal:
    return open_journal()


def plan(journal: Journal, *prompt_ids: str, ratings: tuple[str, ...] = ()) -> Plan:
    return Plan(
        [journal.library.prompt(pid) for pid in prompt_ids],
        [journal.library.rating(r) for r in ratings],
    )


def screen() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=100, color_system=None), buffer


def reflect(journal: Journal, the_plan: Plan, script: Script) -> tuple[str, list]:  # type: ignore[type-arg]
    out, buffer = screen()
    run_reflection(journal, the_plan, out, NOW, read_line=script)
    return buffer.getvalue(), [store.read_entry(p) for p in entry_files(journal.root)]


THREE = ("strengths-today", "triggers-what-helped", "belonging-peers")


def test_answer_skip_and_finish(journal: Journal) -> None:
    script = Script("Line one", "line two", "", "", "Tea together", "", "4", "", "", "", "", "team")
    shown, entries = reflect(
        journal, plan(journal, *THREE, ratings=tuple(journal.library.ratings)), script
    )
    (entry,) = entries
    assert [(a.prompt_id, a.text) for a in entry.answers] == [
        ("strengths-today", "Line one\nline two"),
        ("belonging-peers", "Tea together"),
    ]
    assert entry.ratings == {"capacity": 4}
    assert entry.tags == ("team",)
    assert "You'll see 3 prompts" in shown
    assert "1 of 3" in shown and "3 of 3" in shown
    assert "Skipped." in shown
    assert "(2 answers) is saved in" in shown


def test_each_answer_is_on_disk_before_the_next_question(journal: Journal) -> None:
    seen: list[list[str]] = []

    def read_line(prompt: str) -> str:
        entries = map(store.read_entry, entry_files(journal.root))
        seen.append([a.text for e in entries for a in e.answers])
        reply = replies.pop(0)
        if reply is None:
            raise KeyboardInterrupt
        return reply

    replies: list[str | None] = ["first", "", "second", "", None]
    out, _ = screen()
    run_reflection(journal, plan(journal, *THREE), out, NOW, read_line=read_line)  # type: ignore[arg-type]
    assert seen == [[], [], ["first"], ["first"], ["first", "second"]]


@pytest.mark.parametrize("stop", [STOP, EOF_, "q", " q "])
def test_stopping_keeps_what_was_answered(journal: Journal, stop: object) -> None:
    shown, entries = reflect(journal, plan(journal, *THREE), Script("kept", "", stop))
    (entry,) = entries
    assert [a.text for a in entry.answers] == ["kept"]
    assert "Stopped. Everything so far (one answer) is kept in:" in shown


@pytest.mark.parametrize("stop", [STOP, EOF_])
def test_stopping_mid_answer_keeps_the_lines_typed(journal: Journal, stop: object) -> None:
    script = Script("kept", "", "half an", "answer", stop)
    shown, entries = reflect(journal, plan(journal, *THREE), script)
    assert [a.text for a in entries[0].answers] == ["kept", "half an\nanswer"]
    assert "(2 answers) is kept" in shown


def test_stopping_before_anything_writes_nothing(journal: Journal) -> None:
    shown, entries = reflect(journal, plan(journal, *THREE), Script(STOP))
    assert entries == []
    assert "Stopped. Nothing was saved, because no answer was finished." in shown


def test_skipping_everything_writes_nothing(journal: Journal) -> None:
    shown, entries = reflect(
        journal, plan(journal, *THREE, ratings=("capacity",)), Script("", "", "", "", "")
    )
    assert entries == []
    assert "Nothing was written" in shown


def test_q_later_in_an_answer_is_just_text(journal: Journal) -> None:
    _, entries = reflect(journal, plan(journal, "strengths-today"), Script("so", "q", "", ""))
    assert entries[0].answers[0].text == "so\nq"


@pytest.mark.parametrize("bad", [BAD, "caf\udce9"])
def test_non_utf8_line_is_asked_again(journal: Journal, bad: object) -> None:
    script = Script("one", bad, "two", "", "")
    shown, entries = reflect(journal, plan(journal, "strengths-today"), script)
    assert entries[0].answers[0].text == "one\ntwo"
    assert "not UTF-8" in shown


def test_markup_and_escapes_are_shown_and_kept_literally(journal: Journal) -> None:
    typed = "[bold]not bold[/] \x1b[31mred"
    shown, entries = reflect(journal, plan(journal, "strengths-today"), Script(typed, "", ""))
    assert entries[0].answers[0].text == typed
    assert "\x1b" not in shown


def test_bad_ratings_are_asked_again(journal: Journal) -> None:
    script = Script("x", "", "9", "three", "2", "", "")
    shown, entries = reflect(
        journal, plan(journal, "strengths-today", ratings=("capacity", "carried")), script
    )
    assert entries[0].ratings == {"capacity": 2}
    assert shown.count("Please type a number from 1 to 5") == 2


def test_a_bad_tag_is_asked_again(journal: Journal) -> None:
    _, entries = reflect(
        journal, plan(journal, "strengths-today"), Script("x", "", "a/b", "ok, fine")
    )
    assert entries[0].tags == ("ok", "fine")


@pytest.fixture
def heavy(journal: Journal) -> str:
    return next(p.id for p in journal.library.prompts.values() if p.heavy and "daily" in p.kinds)


def test_a_heavy_prompt_offers_a_pause(journal: Journal, heavy: str) -> None:
    script = Script("It was hard", "", "y", "", "")
    shown, entries = reflect(journal, plan(journal, heavy), script)
    assert "short pause" in script.prompts[2]
    assert "Breathe in slowly" in shown
    assert entries[0].answers[0].text == "It was hard"


def test_the_pause_can_be_declined(journal: Journal, heavy: str) -> None:
    shown, _ = reflect(journal, plan(journal, heavy), Script("It was hard", "", "", ""))
    assert "Breathe in slowly" not in shown


def test_no_pause_after_a_skipped_heavy_prompt(journal: Journal, heavy: str) -> None:
    script = Script("", "")
    reflect(journal, plan(journal, heavy), script)
    assert not any("pause" in p for p in script.prompts)


# ---------------------------------------------------------------- the editor


def fake_editor(tmp_path: Path, body: str, code: int = 0) -> str:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\ncat >> \"$1\" <<'EOF'\n{body}\nEOF\nexit {code}\n")
    script.chmod(0o755)
    return str(script)


def test_editor_answers_are_saved(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake editor appends an answer under the last question.
    monkeypatch.setenv(
        "EDITOR", fake_editor(tmp_path, "Written in my editor.\n\\## kept literally")
    )
    out, _ = screen()
    reflect_in_editor(journal, plan(journal, *THREE), out, NOW, read_line=Script(""))
    (path,) = entry_files(journal.root)
    entry = store.read_entry(path)
    assert [(a.prompt_id, a.text) for a in entry.answers] == [
        ("belonging-peers", "Written in my editor.\n## kept literally")
    ]
    assert [p.name for p in journal.root.iterdir() if p.name.startswith(".draft")] == []


def test_editor_failure_keeps_the_draft(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "Precious words", code=3))
    out, _ = screen()
    with pytest.raises(UsageError, match="exit code 3") as caught:
        reflect_in_editor(journal, plan(journal, *THREE), out, NOW, read_line=Script())
    drafts = [p for p in journal.root.iterdir() if p.name.startswith(".draft")]
    assert len(drafts) == 1
    assert "Precious words" in drafts[0].read_text()
    assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600
    assert str(drafts[0]) in str(caught.value.hint)
    assert entry_files(journal.root) == []


def test_editor_left_empty_writes_nothing(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")
    out, buffer = screen()
    reflect_in_editor(journal, plan(journal, *THREE), out, NOW, read_line=Script())
    assert entry_files(journal.root) == []
    assert "Nothing was written" in buffer.getvalue()


def test_editor_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.setenv("VISUAL", "code --wait")
    assert editor_command(None) == ["code", "--wait"]
    assert editor_command("nano -w") == ["nano", "-w"]
    monkeypatch.delenv("VISUAL")
    assert editor_command(None) == ["vim"]

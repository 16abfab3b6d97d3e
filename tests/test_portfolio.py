"""Issue 15: `ticli portfolio` writes the period's records as files to hand over, outside
the journal, through the privacy guard, and never as plain text from an encrypted journal
unless asked."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest
from conftest import entry_files
from encryption_support import PASSPHRASE, secret_file
from typer.testing import CliRunner

from ticli.cli.app import app


def run(runner: CliRunner, *args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


def nmc(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('profession = "nmc"\n', encoding="utf-8")


def session_account(runner: CliRunner, what: str, *extra: str) -> str:
    """A session reflection and an account made from it; the account's id."""
    written = run(runner, "session", "--answer", f"session-what-happened={what}")
    assert written.exit_code == 0, written.output
    (session,) = json.loads(run(runner, "list", "--json", "--kind", "session").stdout)
    made = run(runner, "account", "new", session["id"], "--answer", "learned=Go slowly", *extra)
    assert made.exit_code == 0, made.output
    accounts = json.loads(run(runner, "account", "list", "--json").stdout)
    return str(accounts[-1]["id"])


def portfolio(runner: CliRunner, out: Path, *extra: str) -> object:
    return run(runner, "portfolio", "--out", out, *extra)


def test_the_cpd_log_has_the_bodys_exact_header(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    added = run(
        runner, "cpd", "add", "--title", "Pacing course", "--activity", "peer-discussion",
        "--hours", "6", "--participatory", "4",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    fed = run(runner, "feedback", "add", "--from", "a colleague", "--said", "Calm, and kind")
    assert fed.exit_code == 0, fed.output
    account = session_account(runner, "A hard first meeting", "--theme", "1")
    out = tmp_path / "portfolio"
    result = portfolio(runner, out)
    assert result.exit_code == 0, result.output
    log = (out / "cpd-log.csv").read_bytes().decode("utf-8")
    assert log.startswith(
        "Dates,Method,Topic,Link to the Code,Number of hours,Number of participatory hours\r\n"
    )
    rows = list(csv.reader(io.StringIO(log)))
    assert rows[1][1:] == ["peer discussion", "Pacing course", "", "6", "4"]
    feedback = list(csv.reader(io.StringIO((out / "feedback.csv").read_text(encoding="utf-8"))))
    assert feedback[0] == ["Date", "From (a role)", "What it said", "What I did with it"]
    assert feedback[1][1:] == ["a colleague", "Calm, and kind", ""]
    markdown = (out / f"account-{account}.md").read_text(encoding="utf-8")
    assert "A hard first meeting" in markdown and "- [x] Prioritise people" in markdown
    page = (out / f"account-{account}.html").read_text(encoding="utf-8")
    assert "What did I learn from it?" in page and "Go slowly" in page
    assert "☑ Prioritise people" in page and "☐ Preserve safety" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "6 of 35 hours of CPD" in index and "1 of 5 reflective accounts" in index
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert "Wrote the portfolio to" in result.stdout


def test_the_pages_refer_to_nothing_off_the_machine(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    session_account(runner, "Looked up https://example.org//x together")
    run(runner, "cpd", "add", "--title", "Read //server/share notes", "--hours", "1")
    out = tmp_path / "p"
    assert portfolio(runner, out).exit_code == 0
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # The user's own words are the only place such text could come from: escaped, they
        # are shown, never followed; the page's own markup names nothing outside.
        markup = re.sub(r">[^<]*<", "><", text)
        assert "http" not in markup and "//" not in markup, page
        assert "<script" not in text and "src=" not in text and "url(" not in text
        for target in re.findall(r'href="([^"]*)"', text):
            assert (out / target).is_file(), target


def test_markup_and_escapes_are_shown_never_run(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    account = session_account(runner, '<script>alert("x")</script> [bold]loud[/] \x1b[31mred & co')
    out = tmp_path / "p"
    assert portfolio(runner, out).exit_code == 0
    for page in (out / f"account-{account}.html", out / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>" not in text and "\x1b" not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
        assert "[bold]loud[/]" in text and "\\x1b[31mred &amp; co" in text


def test_a_formula_in_the_log_is_kept_as_text(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    added = run(
        runner, "cpd", "add", "--title", "=HYPERLINK(1)", "--learned", "-2+3", "--hours", "1"
    )
    assert added.exit_code == 0, added.output
    out = tmp_path / "p"
    assert portfolio(runner, out).exit_code == 0
    rows = list(csv.reader(io.StringIO((out / "cpd-log.csv").read_text(encoding="utf-8"))))
    assert rows[0] == [
        "Date", "Activity", "Kind of activity", "Hours", "Hours with others", "What I learned",
    ]  # fmt: skip
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][5] == "'-2+3"


def test_a_clients_name_is_caught_before_anything_is_written(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    session_account(runner, "Mrs Sarah Jones told me about her week")
    out = tmp_path / "p"
    refused = portfolio(runner, out)
    assert refused.exit_code == 1, refused.output
    assert "may identify someone" in refused.output and "Sarah" in refused.output
    assert not out.exists()
    allowed = portfolio(runner, out, "--allow-identifiers")
    assert allowed.exit_code == 0, allowed.output
    assert "Sarah Jones" in next(out.glob("*.md")).read_text(encoding="utf-8")


def test_a_name_in_the_watch_list_is_caught_in_a_cpd_title(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    journal_home.mkdir(parents=True, exist_ok=True)
    (journal_home / "config.toml").write_text('watch_list = ["Quenneville"]\n', encoding="utf-8")
    run(runner, "cpd", "add", "--title", "Case talk about Quenneville", "--hours", "1")
    out = tmp_path / "p"
    refused = portfolio(runner, out)
    assert refused.exit_code == 1 and not out.exists()


def test_an_empty_period_writes_empty_logs_and_says_so(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    run(runner, "cpd", "add", "--title", "This period only", "--hours", "2")
    out = tmp_path / "p"
    result = portfolio(runner, out, "--period", "previous")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["cpd-log.csv", "feedback.csv", "index.html"]
    assert len((out / "cpd-log.csv").read_text(encoding="utf-8").splitlines()) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "No CPD activities in this period." in index and "This period only" not in index
    assert "No reflective accounts in this period." in index
    assert "0 of 35 hours of CPD" in index


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "needs --out DIR"),
        (["--out", "p", "--period", "last"], "no period 'last'"),
        (["--out", "journal/exports"], "inside the journal"),
        (["--out", "a-file.txt"], "is a file"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(
    runner: CliRunner,
    journal_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    run(runner, "cpd", "add", "--title", "A course", "--hours", "2")
    (tmp_path / "a-file.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "cache" not in p.parts)
    result = run(runner, "portfolio", *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "cache" not in p.parts)
    assert after == before
    assert (tmp_path / "a-file.txt").read_text(encoding="utf-8") == "mine"


def test_an_encrypted_journal_needs_unencrypted(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    nmc(journal_home)
    run(runner, "cpd", "add", "--title", "Encrypted course", "--hours", "3")
    pf = secret_file(tmp_path / "secrets", PASSPHRASE + "\n")
    encrypted = run(
        runner, "encrypt", "--recovery-key-out", tmp_path / "recovery.txt", "--yes",
        "--passphrase-file", pf,
    )  # fmt: skip
    assert encrypted.exit_code == 0, encrypted.output
    assert len(entry_files(journal_home)) == 0  # every entry is an .age file now
    out = tmp_path / "p"
    refused = portfolio(runner, out, "--passphrase-file", pf)
    assert refused.exit_code == 2, refused.output
    assert "--unencrypted" in refused.output and not out.exists()
    written = portfolio(runner, out, "--unencrypted", "--passphrase-file", pf)
    assert written.exit_code == 0, written.output
    assert "Encrypted course" in (out / "cpd-log.csv").read_text(encoding="utf-8")
    assert "Written unencrypted" in written.stderr


def test_a_file_that_cannot_be_read_is_named_and_left_alone(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    run(runner, "cpd", "add", "--title", "Kept", "--hours", "2")
    run(runner, "cpd", "add", "--title", "Broken later", "--hours", "1")
    (broken,) = [p for p in entry_files(journal_home) if "Broken later" in p.read_text()]
    data = broken.read_bytes().replace(b"hours = 1.0", b"hours = 1.0\n\xff\xfe")
    broken.write_bytes(data)
    out = tmp_path / "p"
    result = portfolio(runner, out)
    assert result.exit_code == 0, result.output
    assert broken.name in result.output
    assert broken.read_bytes() == data
    log = (out / "cpd-log.csv").read_text(encoding="utf-8")
    assert "Kept" in log and "Broken later" not in log

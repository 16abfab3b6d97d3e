"""`ticli portfolio` as files: the CPD and feedback logs as CSV, each reflective account as
Markdown and as one print-ready HTML page laid out like the body's form, and an index page.

Every page is self-contained (its style inline, no script, nothing fetched, no link off
the machine) and everything the user wrote is escaped, so it is shown and never run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from ticli.analysis.cpd import (
    Piece,
    account_answers,
    account_title,
    feedback_rows,
    log_rows,
    progress,
)
from ticli.model import Entry
from ticli.render.console import literal, plural, say

if TYPE_CHECKING:
    from rich.console import Console

    from ticli.analysis.professions import Body
    from ticli.usecases.cpd import Records
    from ticli.usecases.portfolio import Written

CPD_LOG = "cpd-log.csv"
FEEDBACK_LOG = "feedback.csv"
INDEX = "index.html"

_STYLE = """
:root { color: #1a1a1a; background: #fff; font: 16px/1.5 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .4rem; border-bottom: 2px solid #0072b2; }
.muted { color: #4d4d4d; }
.answer { border: 1px solid #999; padding: .4rem .8rem; min-height: 4rem; }
.answer p { margin: .3rem 0; }
table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }
ul.themes { list-style: none; padding-left: 0; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .answer, tr, li { break-inside: avoid; }
}
@page { size: A4; margin: 18mm; }
"""

#: Control characters (a terminal's escapes among them) are shown as \\xNN, never passed on.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _h(text: str) -> str:
    """User text, safe in HTML: control characters made visible, markup escaped."""
    return escape(_visible(text), quote=True)


def _paragraphs(text: str) -> str:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "".join("<p>" + "<br>".join(_h(x) for x in b.split("\n")) + "</p>" for b in blocks)


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _page(title: str, body: Sequence[str]) -> str:
    return "".join(
        [
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_h(title)}</title><style>{_STYLE}</style></head><body><main>\n",
            "\n".join(body),
            "\n</main></body></html>\n",
        ]
    )


def _table(rows: Sequence[Sequence[str]]) -> str:
    header, *body = rows
    head = "".join(f'<th scope="col">{_h(h)}</th>' for h in header)
    cells = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"


# ---------------------------------------------------------------- the logs


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with = + - or @ as a formula: make it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def log_csv(rows: Sequence[Sequence[str]]) -> str:
    """A log as CSV for a spreadsheet: the header as the body's template has it, then rows."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    header, *body = rows
    writer.writerow(header)
    writer.writerows([_cell(c) for c in row] for row in body)
    return stream.getvalue()


# ---------------------------------------------------------------- reflective accounts


def account_stem(entry: Entry) -> str:
    """The file name of an account, without its extension: from its id, safe in any folder."""
    return "account-" + re.sub(r"[^A-Za-z0-9._-]", "-", entry.id).lstrip(".")


def account_markdown(body: Body, entry: Entry) -> str:
    lines = [
        f"# Reflective account, {_day(entry.created.date())}",
        "",
        f"For {body.name}." + (f" Written from entry {entry.source}." if entry.source else ""),
    ]
    for number, (question, text) in enumerate(account_answers(body, entry), 1):
        lines += ["", f"## {number}. {question.text}", "", text.strip() or "(not answered yet)"]
    if body.themes:
        lines += ["", "## Themes", ""]
        lines += [f"- [{'x' if t in entry.themes else ' '}] {t}" for t in body.themes]
    return "\n".join(lines) + "\n"


def account_html(body: Body, entry: Entry) -> str:
    """One account as a page laid out like the body's form: the questions in order, each
    answer in its box, and the themes with the chosen ones ticked."""
    day = _day(entry.created.date())
    parts = [
        "<header><h1>Reflective account</h1>",
        f'<p class="muted">{_h(day)}. For {_h(body.name)}.'
        + (f" Written from entry {_h(entry.source)}." if entry.source else "")
        + "</p></header>",
    ]
    for number, (question, text) in enumerate(account_answers(body, entry), 1):
        answer = _paragraphs(text) or '<p class="muted">Not answered yet.</p>'
        parts.append(f'<h2>{number}. {_h(question.text)}</h2><div class="answer">{answer}</div>')
    if body.themes:
        ticks = "".join(
            f"<li>{'☑' if t in entry.themes else '☐'} {_h(t)}</li>" for t in body.themes
        )
        parts.append(f'<h2>Themes</h2><ul class="themes">{ticks}</ul>')
    return _page(f"Reflective account, {day}", parts)


# ---------------------------------------------------------------- the index


def _summary_lines(made: Records) -> list[str]:
    from ticli.render.cpd import period_line, progress_line

    lines = [period_line(made.profile)]
    lines += [progress_line(p) for p in progress(made.profile.body, made.totals)]
    return lines


def _accounts(made: Records) -> list[Entry]:
    return [e for e in made.entries if e.kind == "account"]


def index_html(made: Records, today: date) -> str:
    body = made.profile.body
    summary, *figures = _summary_lines(made)
    parts = [
        f"<header><h1>Portfolio: {_h(body.name)}</h1><p>{_h(summary)}</p>",
        f'<p class="muted">Made by ticli on {_day(today)}. ticli sends nothing anywhere: '
        "check these files, then hand them over yourself.</p></header>",
    ]
    if figures:
        parts.append("<h2>In this period</h2><ul>")
        parts += [f"<li>{_h(line)}</li>" for line in figures]
        parts.append("</ul>")
    cpd = log_rows(body, made.entries)
    parts.append(f'<h2>CPD log</h2><p>As a spreadsheet: <a href="{CPD_LOG}">{CPD_LOG}</a></p>')
    parts.append(_table(cpd) if len(cpd) > 1 else "<p>No CPD activities in this period.</p>")
    feedback = feedback_rows(made.entries)
    parts.append(
        f'<h2>Feedback</h2><p>As a spreadsheet: <a href="{FEEDBACK_LOG}">{FEEDBACK_LOG}</a></p>'
    )
    parts.append(
        _table(feedback) if len(feedback) > 1 else "<p>No feedback recorded in this period.</p>"
    )
    parts.append("<h2>Reflective accounts</h2>")
    accounts = _accounts(made)
    if not accounts:
        parts.append("<p>No reflective accounts in this period.</p>")
    else:
        parts.append("<ul>")
        for entry in accounts:
            stem = account_stem(entry)
            name = _h(account_title(entry))
            parts.append(
                f'<li>{_day(entry.created.date())}: <a href="{stem}.html">{name}</a>'
                f' (<a href="{stem}.md">Markdown</a>)</li>'
            )
        parts.append("</ul>")
    return _page(f"Portfolio: {body.name}", parts)


def _index_words(made: Records) -> str:
    titles = [account_title(e) for e in _accounts(made)]
    return "\n".join([*_summary_lines(made), *titles])


def pieces(made: Records, today: date) -> list[Piece]:
    """Every file of the portfolio, index last."""
    body = made.profile.body
    cpd = log_csv(log_rows(body, made.entries))
    feedback = log_csv(feedback_rows(made.entries))
    made_pieces = [
        Piece(CPD_LOG, cpd, "The CPD log", cpd),
        Piece(FEEDBACK_LOG, feedback, "The feedback log", feedback),
    ]
    for entry in _accounts(made):
        stem = account_stem(entry)
        words = account_markdown(body, entry)
        what = f"The reflective account {entry.id}"
        made_pieces.append(Piece(f"{stem}.md", words, what, words))
        made_pieces.append(Piece(f"{stem}.html", account_html(body, entry), what, words))
    made_pieces.append(Piece(INDEX, index_html(made, today), "The index page", _index_words(made)))
    return made_pieces


def portfolio_written(out: Console, written: Written) -> None:
    accounts = len(_accounts(written.records))
    say(out, "Wrote the portfolio to ", literal(str(written.folder)))
    say(out, "  ", literal(INDEX), ": open it in a browser to read or print the whole")
    logs = (literal(CPD_LOG), " and ", literal(FEEDBACK_LOG))
    say(out, "  ", *logs, ": the logs, for a spreadsheet")
    if accounts:
        say(
            out,
            f"  {plural(accounts, 'reflective account', 'reflective accounts')}, "
            "each as Markdown and as a page to print",
        )
    say(out, "ticli sends nothing anywhere: check the files, then hand them over yourself.")

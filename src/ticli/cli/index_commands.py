"""Commands about the index and tags: `index`, `tags`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from ticli.cli.options import (
    Kind,
    Principle,
    Since,
    Until,
    filter_options,
    opened,
    report_skipped,
    reports_errors,
)
from ticli.dates import local_now


@reports_errors
def index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Throw the index away and build it again.")
    ] = False,
) -> None:
    """Say what the index holds; --rebuild builds it again.

    The index is a copy of your entries in your cache folder, for speed. Every
    command keeps it up to date by itself; you never need this command, but it
    shows progress on a big journal you have just imported, and --rebuild
    mends an index you do not trust.

    Example: ticli index --rebuild
    """
    from ticli.render import about as render_about
    from ticli.render import console as render
    from ticli.usecases.indexing import index_state

    state = index_state(opened(), rebuild=rebuild)
    report_skipped(state.problems)
    render_about.index_report(render.console(), state)


@reports_errors
def tags(
    since: Since = None,
    until: Until = None,
    principle: Principle = None,
    kind: Kind = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the tags as JSON (docs/json.md).")
    ] = False,
) -> None:
    """List your tags, most used first, with their counts.

    Example: ticli tags --since 3m
    """
    from ticli.render import about as render_about
    from ticli.render import console as render
    from ticli.usecases.indexing import tag_counts

    options = filter_options(since, until, None, principle, kind, None)
    counts = tag_counts(opened(), local_now().date(), options)
    if as_json:
        typer.echo(render_about.tags_json(counts), nl=False)
    elif counts:
        typer.echo(render_about.tags_listing(counts), nl=False)
    else:
        render.say(render.console(), "No tags yet. Add some with --tag, or #tag in a note.")


COMMANDS: dict[str, Callable[..., Any]] = {"index": index, "tags": tags}

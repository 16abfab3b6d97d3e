"""What every command shares: one boundary from ticli's errors to messages and exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from ticli import render
from ticli.errors import TicliError

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn ticli's own errors into a message on stderr and an exit code: one boundary."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TicliError as problem:
            render.error(render.console(stderr=True), problem)
            raise typer.Exit(problem.exit_code) from None
        except KeyboardInterrupt:
            render.console(stderr=True).print("\nStopped.")
            raise typer.Exit(130) from None

    return wrapper

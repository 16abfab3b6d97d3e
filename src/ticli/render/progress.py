"""A progress bar for long work the user waits on (indexing a big journal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticli.render.console import console, plain, say

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class IndexProgress:
    """Shows "Indexing your journal" with a bar on the terminal (stderr) while the index
    reads many files; shows nothing when stderr is not a terminal."""

    def __init__(
        self, label: str = "Indexing your journal (once; later commands are quick)"
    ) -> None:
        self.label = label
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.said = False

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            out = console(stderr=True)
            if not out.is_terminal:
                return
            if plain():
                if not self.said:  # once, in words, with no bar
                    say(
                        out,
                        f"Indexing your journal: {total} files (once; later commands are quick).",
                    )
                    self.said = True
                return
            # Imported here: most commands never need it.
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=out,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("index", total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()
            self.bar = None

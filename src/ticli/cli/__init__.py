"""The command line: thin Typer commands (parse options, call one use case, render),
and the terminal input and output of the reflection and the privacy review."""


def run() -> None:
    """Run the app (the console script), built with only the command being run."""
    import sys

    from ticli.cli.app import narrowed

    narrowed(sys.argv[1:], sys.stdin is not None and sys.stdin.isatty())()

"""The command line: thin Typer commands (parse options, call one use case, render),
and the terminal input and output of the reflection and the privacy review."""


def run() -> None:
    """Run the app (the console script)."""
    from ticli.cli.app import app

    app()

"""Entry point for the `ticli` command and `python -m ticli`."""

import sys


def main() -> None:
    """Run the command line; answer `--version` before importing anything heavy."""
    if sys.argv[1:] == ["--version"]:
        from ticli import __version__

        print(f"ticli {__version__}")
        return
    from ticli.cli import run

    run()


if __name__ == "__main__":
    main()

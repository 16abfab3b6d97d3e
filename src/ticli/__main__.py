"""Entry point for the `ticli` command and `python -m ticli`."""

import sys


def main() -> None:
    """Run the command line; answer `--version` before importing anything heavy."""
    try:
        _main()
    except KeyboardInterrupt:
        # Ctrl-C while ticli was still starting (loading its modules, say), before any
        # command could take it: stopped, as a command says it, with no traceback.
        print("\nStopped.", file=sys.stderr)
        sys.exit(130)


def _main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ticli import __version__

        print(f"ticli {__version__}")
        return
    import signal

    # Started from a script with `&` or by nohup, a process inherits SIGINT as ignored,
    # and Ctrl-C would do nothing at ticli's questions: take the usual handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # Given a passphrase file, the passphrase's scrypt starts now, beside the start-up.
    from ticli.cli import ahead

    ahead.start(sys.argv[1:])
    try:
        # `ticli list` as most often typed is answered without loading Typer (cli/quick.py).
        from ticli.cli.quick import answer

        code = answer(sys.argv[1:], sys.stdout)
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
        from ticli.cli import run

        run()
    finally:
        ahead.finish()  # no thread outlives the command


if __name__ == "__main__":
    main()

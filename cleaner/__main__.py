"""``python -m cleaner`` runs the command line; the ``cleaner`` script runs ``run`` below."""

import sys


def run() -> None:
    """The command line, with an interrupt during its imports answered as one inside it."""
    try:
        from cleaner.cli import main
    except KeyboardInterrupt:
        if sys.stderr is not None:  # closed (2>&-), print would write to stdout: the status tells
            print("cleaner: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())


if __name__ == "__main__":
    run()

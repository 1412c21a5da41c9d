"""The `payfair` command. Each sub-command lives in payfair/commands/<name>.py and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int`.

Exit codes: 0 done; 1 rows were rejected and --strict was given; 2 an input or setting cannot be
used (the message names the file and how to fix it); 3 payfair itself failed (a bug: a short
message is printed and the traceback is written to a log file, never to the screen).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import tempfile
import textwrap
import traceback
from pathlib import Path

from payfair import __version__
from payfair.errors import RotaError
from payfair.resources import docs_path, samples_path

#: The sub-commands, in the order `payfair --help` lists them: payfair/commands/<name>.py.
COMMANDS = (
    "analyse",
    "inspect",
    "sample",
    "scenarios",
    "scenario",
    "price",
    "fund",
    "market",
    "explain",
    "topup",
    "evidence",
    "app",
)


_EPILOG = """\
start with the bundled sample rota:
  payfair analyse {sample}

the rules payfair applies, with their legal sources ("payfair rules §n"):
  {rules}

exit codes:
  0  done (workers below the minimum wage are a finding, not an error)
  1  rows were rejected and --strict was given
  2  an input file or setting cannot be used (the message says which and how to fix it)
  3  a fault in payfair itself (a short message; the details go to a log file)
"""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. When `argv` starts with a command's name, only that command is
    registered: each command module imports what it runs (the costing, the market view, Excel),
    and loading all twelve for `payfair analyse` cost about 0.08 s of every run (measured with
    `python -X importtime`). Otherwise (`payfair --help`, a mistyped command) all are loaded."""
    chosen = COMMANDS if not argv or argv[0] not in COMMANDS else (argv[0],)
    parser = argparse.ArgumentParser(
        prog="payfair",
        description=textwrap.fill(
            "The truth about homecare pay. Reads a rota or call-monitoring export and works out, "
            "per worker and pay reference period, the working time (contact, travel, waiting), "
            "the true hourly rate, any National Minimum Wage shortfall and the arrears owed; "
            "models pay scenarios; and prices the fee per contact hour that funds them.",
            width=79,
        ),
        epilog=_EPILOG.format(
            sample=samples_path("canonical_branch.csv"), rules=docs_path("rules.md")
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"payfair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in chosen:
        importlib.import_module(f"payfair.commands.{name}").register(sub)
    return parser


#: Exit code when payfair itself fails (not the user's input): see the module docstring.
EXIT_BUG = 3
#: Set this to choose where crash logs go (default: the user's cache folder, see log_dir()).
LOG_DIR_ENV = "PAYFAIR_LOG_DIR"


def log_dir() -> Path:
    """Where crash logs are written: $PAYFAIR_LOG_DIR if set; else the user's cache folder
    (%LOCALAPPDATA%\\payfair\\logs on Windows, ~/Library/Caches/payfair/logs on macOS,
    $XDG_CACHE_HOME/payfair/logs or ~/.cache/payfair/logs elsewhere)."""
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "payfair" / "logs"


def write_crash_log(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the traceback of an unexpected error to a new log file; None if nowhere writable
    (the user's cache folder first, then the system temporary folder)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"payfair {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"command: payfair {' '.join(argv)}\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "payfair"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _report_bug(exc: BaseException, argv: list[str]) -> int:
    path = write_crash_log(exc, argv)
    where = f"The details are in {path}." if path else "No log file could be written."
    print(
        f"payfair: something went wrong inside payfair ({type(exc).__name__}). This is a fault "
        f"in payfair, not in your file or settings. {where}\n"
        "Please report it to the payfair project (an issue on its repository) with the command "
        "you ran and that log file; read the log first, as error messages can quote your data.",
        file=sys.stderr,
    )
    return EXIT_BUG


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if argv is None:  # a real command line, one run and exit (not a test calling main)
        from payfair.allocator import tune_for_batch

        tune_for_batch()
    try:
        return int(args.func(args) or 0)
    except RotaError as exc:
        print(f"payfair: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("payfair: stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # the top-level guard: no traceback reaches a user
        return _report_bug(exc, sys.argv[1:] if argv is None else list(argv))


if __name__ == "__main__":
    sys.exit(main())

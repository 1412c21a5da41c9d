"""Options every command that reads a rota shares: a mapping file, the sheet, planned times.

Kept in one place so `analyse`, `scenarios` and `price` read a rota the same way `inspect` shows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair.importers import load_rota
from payfair.rota import RotaRead


def add_rota_options(p: argparse.ArgumentParser) -> None:
    """Add --mapping, --sheet and --use-planned to a command's parser."""
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="a TOML mapping file for an export payfair does not recognise: under [columns], "
        'canonical name = "Your header" (see `payfair inspect FILE` for what was found)',
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="the Excel sheet that holds the visits (default: the one whose headers look like "
        "visits)",
    )
    p.add_argument(
        "--use-planned",
        action="store_true",
        help="use planned (rostered) times instead of actual (call-monitoring) times where an "
        "export has both",
    )


def read_rota(path: str | Path, args: argparse.Namespace) -> RotaRead:
    """Read a rota with the shared options (a mapping file, sheet, planned times)."""
    return load_rota(
        Path(path),
        mapping=Path(args.mapping) if getattr(args, "mapping", None) else None,
        sheet=getattr(args, "sheet", None),
        use_planned=True if getattr(args, "use_planned", False) else None,
    )

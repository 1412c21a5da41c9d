"""Where payfair's own data files are: rates, pay policies, scenarios, sample rotas, the app.

One place decides, so that payfair works the same from a git checkout and from an installed
wheel. The files live at the top of the repository (`rates/`, `rota_samples/`, `docs/`), where
people find and edit them. A wheel carries copies inside the package, at `payfair/_data/`
(setup.py copies them there when the wheel is built). `importlib.resources` finds that folder
in an installed package; in a checkout or an editable install there is none, and the
repository's own folders are used, so an edit to `rates/nmw.toml` takes effect at once.

pip installs wheels unpacked, so these are ordinary files on disk and are returned as `Path`s.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

#: The folder inside the installed package that holds the bundled data (see setup.py).
PACKAGED_DATA = "_data"


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding `rates/`, `rota_samples/`, `docs/` and `.streamlit/`."""
    packaged = Path(str(files("payfair").joinpath(PACKAGED_DATA)))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent  # a checkout: the repository root


def rates_path(*parts: str) -> Path:
    """A file or folder under `rates/`, e.g. `rates_path("policies", "default.toml")`."""
    return data_root().joinpath("rates", *parts)


def samples_path(*parts: str) -> Path:
    """A file under `rota_samples/`, e.g. `samples_path("canonical_branch.csv")`."""
    return data_root().joinpath("rota_samples", *parts)


def docs_path(*parts: str) -> Path:
    """A file under `docs/`, e.g. `docs_path("rules.md")` (the rules payfair applies)."""
    return data_root().joinpath("docs", *parts)


def app_script() -> Path:
    """The Streamlit app's entry script, run by `payfair app`.

    Streamlit finds the app's pages (`payfair/ui/*.py`) from the entry script's folder, so the
    script sits beside the `payfair` package: `app.py` at the root of a checkout, and
    `payfair_app.py` (a copy made by setup.py) in site-packages for an installed wheel."""
    beside_package = Path(__file__).resolve().parent.parent
    installed = beside_package / "payfair_app.py"
    return installed if installed.is_file() else beside_package / "app.py"

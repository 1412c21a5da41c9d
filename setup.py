"""Build hook: put the repository's data folders inside the wheel, at payfair/_data/.

`rates/`, `rota_samples/`, `docs/rules.md` and `app.py` stay at the top of the repository, where
people find and edit them. pyproject.toml cannot declare package data outside the package folder,
so this build step copies them into the built package (and app.py beside it, as
payfair_app.py); payfair/resources.py finds them there
with importlib.resources. Editable installs and checkouts skip the copy and read the repository
folders directly (payfair/resources.py falls back to them), so edits take effect without a rebuild.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: Repository path -> path inside payfair/_data/ (folders are copied whole, without code caches).
BUNDLED = {
    "rates": "rates",
    "rota_samples": "rota_samples",
    "docs/rules.md": "docs/rules.md",
    ".streamlit/config.toml": ".streamlit/config.toml",
}
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "make_samples.py")


class BuildWithData(build_py):
    """build_py, then copy the bundled data into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders directly
        target = Path(self.build_lib) / "payfair" / "_data"
        # The app's entry script goes beside the package (site-packages/payfair_app.py): Streamlit
        # resolves the app's page paths ("payfair/ui/provider.py") from the entry script's folder.
        shutil.copy2(HERE / "app.py", Path(self.build_lib) / "payfair_app.py")
        for source, dest in BUNDLED.items():
            src, out = HERE / source, target / dest
            if not src.exists():
                raise FileNotFoundError(f"payfair build: {source} is missing from the source tree")
            out.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, out, ignore=SKIP, dirs_exist_ok=True)
            else:
                shutil.copy2(src, out)


setup(cmdclass={"build_py": BuildWithData})

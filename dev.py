#!/usr/bin/env python3
"""Set up and run payfair with nothing installed beyond Python 3.11+.

    python3 dev.py app     # make .venv, install payfair, start the app (on localhost)
    python3 dev.py test    # make .venv, install payfair, its test tools and Chromium; run tests

Why a script and not a Makefile: a fresh machine may not have `make`, but it has Python.
Only the standard library is used here. The virtual environment lives in `.venv/` beside this file
and is reused; it is reinstalled when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def _say(msg: str) -> None:
    print(f"[dev.py] {msg}", flush=True)


def _run(cmd: list[str], **kw) -> int:
    _say(" ".join(str(c) for c in cmd))
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def ensure_venv(extras: str = "") -> None:
    """Create .venv and install payfair (editable) unless it is already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py must explain itself on old Pythons
        sys.exit("payfair needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not PY.exists():
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed{extras or '-base'}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    target = f".[{extras}]" if extras else "."
    if _run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target]):
        sys.exit("pip install failed: see the messages above")
    stamp.write_text(want)


def ensure_chromium() -> bool:
    """Install Debian's Chromium for the browser test when we can (root with apt-get)."""
    if CHROMIUM.exists():
        return True
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        _say("installing Debian's chromium for the end-to-end browser test")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        _run(["apt-get", "update", "-qq"], env=env)
        _run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
    if not CHROMIUM.exists():
        _say("no /usr/bin/chromium: the browser test will be skipped (apt-get install chromium)")
        return False
    return True


def cmd_app(args: list[str]) -> int:
    """`payfair app`: the app on this computer only (localhost); `--address`/`--port` pass on."""
    ensure_venv()
    return _run([PY, "-m", "payfair.cli", "app", *args])


def cmd_test(args: list[str]) -> int:
    ensure_venv("test")
    ensure_chromium()
    rc = _run([PY, "-m", "ruff", "check", "."])
    if rc:
        _say("ruff found problems (see above); run `.venv/bin/ruff check --fix .`")
        return rc
    return _run([PY, "-m", "pytest", *args])


COMMANDS = {"app": cmd_app, "test": cmd_test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))

"""payfair installs from a wheel and works anywhere (issue 10 item 8).

The slow test builds the wheel with `python -m build` (sdist, then the wheel from the sdist, as a
release would), installs it with its dependencies into a fresh virtual environment in a temporary
folder outside the checkout (no system site-packages, so nothing leaks in from the development
environment; pip takes the dependencies from the same index or cache as the development install),
and runs `payfair analyse` and `payfair price` there from a folder outside the repository, on the
sample rota bundled in the wheel. About a minute; deselect with `-m "not packaging"`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from payfair import resources
from payfair.cli import main
from payfair.commands.app import DEFAULT_ADDRESS, streamlit_command

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- fast: the checkout


def test_resources_in_a_checkout_are_the_repository_folders():
    assert resources.data_root() == ROOT
    assert resources.rates_path("nmw.toml") == ROOT / "rates" / "nmw.toml"
    assert resources.rates_path("policies", "default.toml").is_file()
    assert resources.samples_path("canonical_branch.csv").is_file()
    assert resources.docs_path("rules.md").is_file()
    assert resources.app_script() == ROOT / "app.py"


def test_every_reader_uses_the_one_resources_module():
    """No module works out the repository root for itself (that breaks in a wheel)."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "payfair").rglob("*.py")
        if p.name != "resources.py"
        and ("parent.parent" in p.read_text(encoding="utf-8") or "parents[" in p.read_text())
    ]
    assert offenders == []


def test_the_app_listens_on_this_computer_only_unless_told_otherwise():
    cmd = streamlit_command(DEFAULT_ADDRESS, 8501)
    assert DEFAULT_ADDRESS == "localhost"
    assert cmd[cmd.index("--server.address") + 1] == "localhost"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert cmd[cmd.index("run") + 1] == str(resources.app_script())
    other = streamlit_command("0.0.0.0", 8000)
    assert other[other.index("--server.address") + 1] == "0.0.0.0"
    assert other[other.index("--server.port") + 1] == "8000"


# ---------------------------------------------------------------- slow: a built wheel


def _run(cmd: list, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert out.returncode == 0, (
        f"{cmd}\nstdout:\n{out.stdout[-3000:]}\nstderr:\n{out.stderr[-3000:]}"
    )
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(python of a fresh venv holding the built wheel, a work folder outside the repository)."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "build", "--outdir", dist, ROOT], cwd=tmp)
    wheels = list(dist.glob("payfair-*.whl"))
    assert len(wheels) == 1
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    _run([python, "-m", "pip", "install", "--quiet", wheels[0]], cwd=tmp)
    work = tmp / "work"
    work.mkdir()
    (work / "wheel.txt").write_text(str(wheels[0]), encoding="utf-8")
    return python, work


def _payfair(python: Path) -> Path:
    return python.parent / ("payfair.exe" if os.name == "nt" else "payfair")


@pytest.mark.packaging
def test_the_wheel_carries_its_data_and_reads_it_from_the_package(installed):
    python, work = installed
    with zipfile.ZipFile((work / "wheel.txt").read_text(encoding="utf-8")) as wheel:
        names = set(wheel.namelist())
    for name in (
        "payfair_app.py",
        "payfair/_data/rates/nmw.toml",
        "payfair/_data/rates/policies/default.toml",
        "payfair/_data/rates/scenarios/minimum_lawful_2026_27.toml",
        "payfair/_data/rota_samples/canonical_branch.csv",
        "payfair/_data/docs/rules.md",
        "payfair/_data/.streamlit/config.toml",
        "payfair/ui/provider.py",
    ):
        assert name in names, name
    assert not any(n.startswith("tests/") or n.endswith("make_samples.py") for n in names)
    out = _run(
        [
            python,
            "-c",
            "import payfair, payfair.resources as r; print(payfair.__file__); "
            "print(r.rates_path('nmw.toml')); print(r.samples_path('canonical_branch.csv')); "
            "print(r.app_script()); print(r.docs_path('rules.md'))",
        ],
        cwd=work,
    ).stdout.split("\n")
    package, nmw, sample, app, rules = (Path(line) for line in out[:5])
    site = package.parent.parent
    assert ROOT not in package.parents and site.name == "site-packages"
    assert nmw == site / "payfair" / "_data" / "rates" / "nmw.toml" and nmw.is_file()
    assert sample.is_file() and rules.is_file() and app == site / "payfair_app.py"
    assert nmw.read_bytes() == (ROOT / "rates" / "nmw.toml").read_bytes()


@pytest.mark.packaging
def test_analyse_and_price_work_from_the_installed_wheel(installed, tmp_path):
    python, work = installed
    sample = resources.samples_path  # the checkout's copy, to compare figures with
    bundled = Path(
        _run(
            [python, "-c", "from payfair.resources import samples_path as s; print(s())"],
            cwd=work,
        ).stdout.strip()
    )
    args = [
        "analyse",
        bundled / "canonical_branch.csv",
        "--workers",
        bundled / "canonical_branch_workers.csv",
        "--as-of",
        "2026-11-01",
        "--json",
        "out.json",
    ]
    analysed = _run([_payfair(python), *args], cwd=work)
    assert "Traceback" not in analysed.stderr
    # The same figures as the checkout gives on the same file (the wheel's rates are the same).
    here = tmp_path / "here.json"
    assert (
        main(
            [
                "analyse",
                str(sample("canonical_branch.csv")),
                "--workers",
                str(sample("canonical_branch_workers.csv")),
                "--as-of",
                "2026-11-01",
                "--json",
                str(here),
            ]
        )
        == 0
    )
    got = json.loads((work / "out.json").read_text(encoding="utf-8"))
    want = json.loads(here.read_text(encoding="utf-8"))
    assert got["periods"] == want["periods"]
    assert sum(p["arrears"] for p in got["periods"]) > 0  # the sample has underpaid workers

    priced = _run([_payfair(python), "price", "--scenario", "minimum_lawful_2026_27"], cwd=work)
    assert "per contact hour" in priced.stdout
    priced_rota = _run(
        [
            _payfair(python),
            "price",
            "--scenario",
            "real_living_wage_2026",
            "--rota",
            bundled / "canonical_branch.csv",
        ],
        cwd=work,
    )
    assert "Traceback" not in priced_rota.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.packaging
def test_payfair_app_serves_the_app_from_the_installed_wheel(installed):
    python, work = installed
    # The app script runs end to end from the wheel (its pages are found beside the package).
    script = (
        "from streamlit.testing.v1 import AppTest\n"
        "from payfair.resources import app_script\n"
        "at = AppTest.from_file(str(app_script()), default_timeout=120)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print('ok')\n"
    )
    assert _run([python, "-c", script], cwd=work).stdout.strip().endswith("ok")
    # And `payfair app` starts a server on this computer.
    port = _free_port()
    server = subprocess.Popen(
        [_payfair(python), "app", "--port", str(port)],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, healthy = time.monotonic() + 90, False
        while time.monotonic() < deadline and not healthy:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    healthy = r.read().strip() == b"ok"
            except OSError:
                time.sleep(0.5)
        assert healthy, "payfair app did not answer on localhost within 90 s"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

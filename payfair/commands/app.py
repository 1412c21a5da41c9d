"""`payfair app`: start the Streamlit app, on this computer only unless told otherwise."""

from __future__ import annotations

import argparse
import subprocess
import sys

from payfair.resources import app_script, data_root

#: Listen on this computer only: rotas hold personal data (names, pay, dates of birth).
DEFAULT_ADDRESS = "localhost"
DEFAULT_PORT = 8501


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "app",
        help="start the app in your browser (on this computer only)",
        description=(
            "Start payfair's app. It listens on this computer only (localhost) unless you give "
            "--address; open the address it prints in a browser. Uploaded rotas stay in the "
            "app's memory on the computer running it and are never sent anywhere else. "
            "Stop it with Ctrl+C."
        ),
    )
    p.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        help=(
            "network address to listen on (localhost). To serve colleagues, give this "
            "computer's address on your own network, e.g. 0.0.0.0 inside a container; "
            "see the README, 'Running it for your staff'"
        ),
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    p.set_defaults(func=run)


def streamlit_command(address: str, port: int) -> list[str]:
    """The command that serves the app: Streamlit on `address`:`port`, no usage statistics."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_script()),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def run(args: argparse.Namespace) -> int:
    host = "localhost" if args.address in ("localhost", "127.0.0.1") else args.address
    print(f"payfair: starting the app at http://{host}:{args.port} (Ctrl+C to stop)", flush=True)
    try:
        # Streamlit reads .streamlit/config.toml (upload limit, theme, no error details) from
        # the folder it starts in: the repository root, or the installed package's data folder.
        return subprocess.call(streamlit_command(args.address, args.port), cwd=data_root())
    except KeyboardInterrupt:
        return 0

"""Download buttons whose bytes are built inside the script run, with the settings of that run.

Why: Streamlit runs a callable given as a download's `data` later, when the button is clicked,
outside the script run, where the session's settings are not in force. A callable that reads the
"Pseudonymise names" switch there sees the default (off) and writes real names into a file the
screen shows as codes. So every download here is built now, from frames already pseudonymised by
`state.view`, and its file name is built from names as shown (`state.show_name`).

Small files (the common case) are built on every run. For a large rota, building every file on
every run would slow each click, so a "Prepare" button builds the file in the run it starts and
offers it there; any later change of a setting takes the file away again, so a file is never
older than the settings on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from payfair.ui import state

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


def offer(
    where: Any,
    label: str,
    build: Callable[[], bytes],
    file_name: str,
    key: str,
    *,
    mime: str = CSV,
    icon: str = ":material/download:",
    primary: bool = False,
    heavy: bool | None = None,
) -> None:
    """A download button for `build()`'s bytes, built in this run (see the module docstring).

    `heavy` defaults to "the current rota is large" (`state.large_rota()`).
    """
    heavy = state.large_rota() if heavy is None else heavy
    kind = "primary" if primary else "secondary"
    with where.container():
        if heavy and not st.button(
            f"Prepare: {label}",
            key=f"prepare_{key}",
            icon=":material/build:",
            type=kind,
            width="stretch",
            help="A large rota: the file is made when you ask for it, with the settings shown.",
        ):
            return
        st.download_button(
            label,
            data=build(),
            file_name=file_name,
            mime=mime,
            key=key,
            on_click="ignore",
            icon=icon,
            type=kind,
            width="stretch",
        )

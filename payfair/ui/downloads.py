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
    cache: tuple | None = None,
) -> None:
    """A download button for `build()`'s bytes, built in this run (see the module docstring).

    `heavy` defaults to "the current rota is large" (`state.large_rota()`). `cache`: what the
    bytes depend on besides the results and the privacy settings (see `reuse`); None = build
    on every run.
    """
    heavy = state.large_rota() if heavy is None else heavy
    kind = "primary" if primary else "secondary"
    with where.container():
        ready = cache is not None and _signature((key, *cache)) in st.session_state.get(
            _CACHE, {}
        )  # made earlier with the same results and settings: offered at once
        if (
            heavy
            and not ready
            and not st.button(
                f"Prepare: {label}",
                key=f"prepare_{key}",
                icon=":material/build:",
                type=kind,
                width="stretch",
                help="This file takes a moment to make: it is made when you ask for it, with "
                "the settings shown.",
            )
        ):
            return
        st.download_button(
            label,
            data=reuse((key, *cache), build) if cache is not None else build(),
            file_name=file_name,
            mime=mime,
            key=key,
            on_click="ignore",
            icon=icon,
            type=kind,
            width="stretch",
        )


_CACHE = "_download_bytes"
_KEEP = 16


def _signature(what: tuple) -> tuple:
    return (*what, state.results_signature())


def reuse(what: tuple, build: Callable[[], Any]) -> Any:
    """`build()`'s bytes, made once per results and privacy settings: a file built for the
    same rota, workers file, read options, settings and pseudonymisation (switch and key) is
    the same file. Kept in this session's memory only (never on disk, never shared), the last
    few files only."""
    signature = _signature(what)
    store: dict = st.session_state.setdefault(_CACHE, {})
    # the most recently used goes last
    data = store.pop(signature) if signature in store else build()
    store[signature] = data
    while len(store) > _KEEP:
        store.pop(next(iter(store)))
    return data

"""Commissioner page (being wired to payfair.costing)."""

from __future__ import annotations

import streamlit as st

from payfair.ui import state, tables


def render() -> None:
    st.title("Commissioner")
    loaded = state.load()
    if tables.problem(loaded):
        return


if __name__ == "__main__":
    render()

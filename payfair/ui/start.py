"""Start page: what payfair does for each of its three users, and an invitation to upload a
rota (or look at the bundled sample first)."""

from __future__ import annotations

import streamlit as st

from payfair.ui import state

USERS = [
    (
        ":material/payments: Care providers",
        "Check every care worker's **true hourly rate**: pay that counts for the minimum wage "
        "divided by all working time, including travel between visits and short waits. See who "
        "was paid below the National Minimum Wage, in which pay period, by how much, and the "
        "arrears owed now, with the reason for each figure.",
        [
            ("payfair/ui/provider.py", "True hourly rates"),
            ("payfair/ui/worker_day.py", "A worker's day"),
        ],
    ),
    (
        ":material/groups: Union officers",
        "Compare pay offers on a real rota: paying travel time, a higher rate, the Real Living "
        "Wage. See what each offer means for each worker a week and what it costs the employer.",
        [("payfair/ui/union.py", "Pay scenarios")],
    ),
    (
        ":material/account_balance: Commissioners",
        "Price the fee per contact hour a council must pay so that providers can pay care "
        "workers lawfully, built up from the rota's own travel and visit lengths, and compare it "
        "with published fees.",
        [("payfair/ui/commissioner.py", "Fee per contact hour")],
    ),
]


def _on_upload() -> None:
    up = st.session_state.get("start_uploader")
    if up is not None:
        state.remember_upload(state.UPLOAD_KEY, up.name, up.getvalue())
        st.session_state.pop("read_options", None)


def render() -> None:
    st.title("payfair: the truth about homecare pay")
    st.markdown(
        "Homecare workers are often paid only for the minutes they spend in clients' homes, "
        "while the law counts the travel between visits and the waiting as working time. "
        "payfair reads the rota or call-monitoring export you already have and works out, for "
        "every worker and pay period, what they were really paid per hour of work."
    )
    cols = st.columns(3)
    for col, (who, what, links) in zip(cols, USERS, strict=True):
        with col.container(border=True, height="stretch"):
            st.markdown(f"#### {who}")
            st.markdown(what)
            for page, label in links:
                st.page_link(page, label=label, icon=":material/arrow_forward:")
    st.subheader("Start with your rota")
    left, right = st.columns([3, 2])
    with left:
        st.file_uploader(
            "Upload a rota or call-monitoring export (CSV or Excel)",
            type=state.ROTA_TYPES,
            key="start_uploader",
            on_change=_on_upload,
            help="One row per visit, with the care worker, start and end.",
        )
        got = st.session_state.get(state.UPLOAD_KEY)
        if got:
            st.success(
                f"**{got[0].name}** is loaded. Check how payfair read it, then see the results.",
                icon=":material/check_circle:",
            )
            st.page_link(
                "payfair/ui/rota_page.py", label="Check your rota", icon=":material/upload_file:"
            )
            st.page_link(
                "payfair/ui/provider.py",
                label="See the true hourly rates",
                icon=":material/payments:",
            )
    with right:
        st.markdown(
            "**Your data stays with you.** The file is kept in this browser session's memory "
            "only: never saved to disk, never seen by anyone else using payfair, gone when you "
            "close the tab. Switch on *Pseudonymise names* in the sidebar to show codes instead "
            "of names on every page and in every download."
        )
        st.markdown(
            "**No rota to hand?** Every page opens on a bundled sample rota (a made-up homecare "
            "branch), marked *Sample data*."
        )
        st.page_link(
            "payfair/ui/provider.py",
            label="Look at the sample's results",
            icon=":material/science:",
        )
    st.caption(
        "Every rule payfair applies, and its legal source, is in the sidebar and in the project's "
        "rules document (docs/rules.md). payfair works out figures; it is not legal advice."
    )


if __name__ == "__main__":
    render()

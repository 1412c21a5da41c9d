"""payfair's Streamlit app: `python3 dev.py app` (or `streamlit run app.py`).

Wiring only: the sidebar (rules), and the pages grouped for the three kinds of user. Each page is
a module in payfair/ui/; every figure comes from payfair itself.
"""

import streamlit as st

from payfair.ui import sidebar

st.set_page_config(
    page_title="payfair: the truth about homecare pay",
    page_icon=":material/balance:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = {
    "payfair": [
        st.Page("payfair/ui/start.py", title="Start here", icon=":material/home:", default=True),
    ],
    "Rota": [
        st.Page("payfair/ui/rota_page.py", title="Your rota", icon=":material/upload_file:"),
    ],
    "Provider": [
        st.Page(
            "payfair/ui/provider.py",
            title="True hourly rates",
            icon=":material/payments:",
        ),
        st.Page("payfair/ui/worker_day.py", title="A worker's day", icon=":material/schedule:"),
    ],
    "Union": [
        st.Page("payfair/ui/union.py", title="Pay scenarios", icon=":material/groups:"),
        st.Page("payfair/ui/scenario_builder.py", title="Build a scenario", icon=":material/tune:"),
    ],
    "Commissioner": [
        st.Page(
            "payfair/ui/commissioner.py",
            title="Fee per contact hour",
            icon=":material/account_balance:",
        ),
        st.Page("payfair/ui/market.py", title="Market view", icon=":material/storefront:"),
    ],
}

page = st.navigation(PAGES, expanded=True)
sidebar.render()
page.run()

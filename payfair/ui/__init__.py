"""payfair's Streamlit app: one module per page, plus shared state, sidebar, charts and tables.

The app only calls payfair and draws: no pay logic lives here. `app.py` wires the pages.
"""

"""payfair's Streamlit app (placeholder until the app issue lands): `python3 dev.py app`."""

import streamlit as st

st.set_page_config(page_title="payfair", layout="wide")
st.title("payfair")
st.write("The truth about homecare pay. The app is being built; use `payfair analyse` meanwhile.")

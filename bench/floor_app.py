"""The benchmark's floor: the least a Streamlit page with one chart costs to rerun."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["UN", "NATO", "EU"], y=[70, 6, 20])))

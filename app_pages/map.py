"""Map: where the operations in view were, year by year (deployment sites, headquarters or host
countries), with a year slider that plays, region views, and a card for a clicked operation."""

import streamlit as st

from components.data_access import get_dataset
from components.map_view import map_explorer
from components.view import current_view, show_description, show_empty_state

dataset = get_dataset()
view = current_view(dataset)

st.title("Map", anchor=False)
show_description(view)

if view.missions.empty:
    show_empty_state(view)
    st.stop()

map_explorer(dataset, view)

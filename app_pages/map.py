"""Map: where the missions in view were, with a year control and a card for a clicked mission."""

import html

import streamlit as st

from components.data_access import get_country_outlines, get_dataset
from components.maps import HQ_LAYER_ID, mission_deck
from components.palette import organization_color
from components.shared_cache import cached_for_view
from components.view import current_view, show_description, show_empty_state
from components.year import year_control
from missions.dates import format_span
from missions.filters import active_in
from missions.markdown import markdown_literal

dataset = get_dataset()
view = current_view(dataset)

st.title("Map", anchor=False)
show_description(view)

year = year_control(dataset)
missions = view.missions if year is None else active_in(view.missions, year)
if missions.empty:
    if year is not None and not view.missions.empty:
        st.info(f"None of the missions in view was active in {year}.", icon=":material/event_busy:")
    else:
        show_empty_state(view)
    st.stop()

placed = missions["hq_lat"].notna()
unplaced = missions.loc[~placed, "acronym"].tolist()
shown_line = f"**{int(placed.sum())} of {len(missions)} missions** shown"
if year is not None:
    shown_line += f" (active in {year})"
if unplaced:
    shown_line += (
        f". Not on the map, because no source we saw places their headquarters inside a host "
        f"country: {markdown_literal(', '.join(unplaced))}."
    )
st.markdown(shown_line)

event = st.pydeck_chart(
    cached_for_view(
        "map",
        view,
        lambda: mission_deck(missions, get_country_outlines(), dataset.labels("mission_type")),
        year,
    ),
    on_select="rerun",
    selection_mode="single-object",
    key="map_selection",
    height=560,
)

organizations = sorted(missions.loc[placed, "organization"].unique())
legend = " ".join(
    f'<span style="white-space:nowrap;margin-right:1em">'
    f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
    f'background:{organization_color(code)};margin-right:0.3em"></span>{html.escape(code)}</span>'
    for code in organizations
)
st.markdown(legend, unsafe_allow_html=True)
st.caption(
    "Circles mark headquarters, sized by peak personnel (a minimum size where unknown) and "
    "coloured by organization. Countries are shaded by how many missions in view they hosted. "
    "Click a circle for the mission's card. Outlines: Natural Earth 1:110m; no map tiles."
)

selected = event.selection.objects.get(HQ_LAYER_ID, []) if event and event.selection else []
if selected:
    mission_id = selected[0]["mission_id"]
    row = dataset.missions_by_id.loc[mission_id]
    with st.container(border=True):
        st.subheader(
            f"{markdown_literal(row['acronym'])} — {markdown_literal(row['name'])}", anchor=False
        )
        st.markdown(
            markdown_literal(
                f"{row['organization']} · {dataset.labels('mission_type')[row['mission_type']]} · "
                f"{format_span(row['start_date'], row['end_date'])}"
            )
        )
        st.text(row["summary"])
        with st.container(horizontal=True):
            st.page_link(
                "app_pages/profile.py",
                label="Open its profile",
                icon=":material/description:",
                query_params={"mission": mission_id},
            )
            st.page_link(
                "app_pages/compare.py",
                label="Compare it",
                icon=":material/compare_arrows:",
                query_params={"compare": [mission_id]},
            )

"""The Map page's explorer: a year slider with play and pause, region views, the map of the
year, its legend, the operations with no known point, and the card of a clicked operation.

Everything that changes with the year lives in one fragment (`st.fragment`): moving the slider,
choosing a region or clicking the map reruns only the fragment, and while playing the fragment
reruns itself every `PLAY_INTERVAL_S` seconds (`run_every`) and steps one year. Starting and
stopping play rerun the whole page, because `run_every` is fixed when the fragment is drawn.

The map's deck (and its JSON) is built once per view, year and map view and shared by every
session (`components/shared_cache.py`). Where the app serves the country outlines (`static/`),
the deck names their URL instead of embedding them: the browser fetches them once, and a new
year resends the points and a few country codes only.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from components.data_access import get_country_outlines
from components.maps import MARKER_LAYER_ID, MapLabels, map_deck
from components.palette import organization_color
from components.shared_cache import cached_for_view, cached_result
from components.view import View
from missions.dataset import COUNTRY_OUTLINES_FILE, Dataset
from missions.dates import format_span
from missions.filters import MAP_VIEWS
from missions.markdown import markdown_literal
from missions.places import (
    MAP_HEIGHT_PX,
    SERVED_OUTLINES_URL,
    YearPlaces,
    deployment_span,
    filter_bounds,
    places_in_year,
    served_outlines_match,
    view_state,
)
from missions.summary import year_span

PLAY_INTERVAL_S = 1.0
# A rerun sooner than this after the last step (a click while playing) does not step again.
MIN_STEP_S = 0.6 * PLAY_INTERVAL_S
PLAYING = "map_playing"
LAST_STEP = "map_last_step"
SHOWN_YEAR = "map_shown_year"
MAX_CARDS = 6
GEOPKO_CITATION = (
    "Geo-PKO v2.3: Cil, Fjelde, Hultman & Nilsson (2020), “Mapping blue helmets”, *Journal "
    "of Peace Research* 57(2): 360–370"
)


def _outlines_for_deck(dataset: Dataset) -> dict | str:
    """The URL of the served outlines when the server serves them and they are this data's
    outlines (checked once per data directory); the outlines themselves otherwise."""
    served = st.get_option("server.enableStaticServing") and cached_result(
        "served_outlines",
        str(dataset.data_dir),
        lambda: served_outlines_match(dataset.data_dir, COUNTRY_OUTLINES_FILE),
    )
    return SERVED_OUTLINES_URL if served else get_country_outlines()


def _labels(dataset: Dataset) -> MapLabels:
    return MapLabels(dataset.labels("mission_type"), dataset.labels("hq_level"))


def year_places(dataset: Dataset, view: View, year: int) -> YearPlaces:
    return cached_for_view(
        "map_places",
        view,
        lambda: places_in_year(view.missions, dataset.deployments, year),
        year,
    )


def deck_for(dataset: Dataset, view: View, year: int, preset: str | None):
    """The deck of one year and map view, built once and shared."""
    outlines = _outlines_for_deck(dataset)
    served = isinstance(outlines, str)

    def build():
        bounds = None
        if preset == "fit":
            bounds = cached_for_view(
                "map_fit",
                view,
                lambda: filter_bounds(view.missions, dataset.deployments, dataset.country_bounds),
            )
        return map_deck(
            year_places(dataset, view, year),
            outlines,
            _labels(dataset),
            view_state(preset, bounds),
        )

    return cached_for_view("map_deck", view, build, year, preset, served)


def _start_or_stop(first: int, last: int) -> None:
    """The play button was clicked: start (from the first year if at the end) or stop."""
    state = st.session_state
    if state.get(PLAYING):
        state[PLAYING] = False
    else:
        if state.get("year", last) >= last:
            state["year"] = first
        state[PLAYING] = True
        state[LAST_STEP] = time.monotonic()
        state[SHOWN_YEAR] = state.get("year", last)
    st.rerun(scope="app")


def _step(last: int) -> None:
    """While playing: one year on, unless a step was just taken or the year was moved by hand;
    at the last year, stop."""
    state = st.session_state
    if not state.get(PLAYING) or "year" not in state:
        return
    now = time.monotonic()
    if state["year"] != state.get(SHOWN_YEAR):
        state[LAST_STEP] = now  # moved by hand: play on from there
        return
    if now - state.get(LAST_STEP, 0.0) < MIN_STEP_S:
        return
    if state["year"] >= last:
        state[PLAYING] = False
        st.rerun(scope="app")
    state["year"] = state["year"] + 1
    state[LAST_STEP] = now


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def year_caption(places: YearPlaces, span: tuple[int, int] | None) -> str:
    """The year in one line: how many operations were active, how each is placed, and which
    data cover the year (Geo-PKO's sites for UN operations in its years, headquarters else)."""
    year = places.year
    covered = span is not None and span[0] <= year <= span[1]
    parts = []
    if not places.by_sites.empty:
        sites = _count(len(places.sites), "deployment site")
        geopko = f"Geo-PKO, {span[0]}–{span[1]}" if span else "Geo-PKO"
        parts.append(f"{_count(len(places.by_sites), 'UN operation')} at {sites} ({geopko})")
    if not places.by_headquarters.empty:
        parts.append(f"{len(places.by_headquarters):,} at headquarters")
    if not places.unplaced.empty:
        parts.append(f"{len(places.unplaced):,} by host countries only (listed below the map)")
    line = f"**{year}**: {_count(len(places.active), 'operation')} active"
    if parts:
        line += " — " + ", ".join(parts)
    if not covered:
        where = f": Geo-PKO covers UN operations {span[0]}–{span[1]}" if span else ""
        line += f". No deployment sites for {year}{where}"
    return line + "."


def legend(dataset: Dataset, view: View) -> None:
    """One swatch per organization in view (the shared palette), then the symbols."""
    names = dataset.labels("organization")
    order = {code: index for index, code in enumerate(dataset.codes("organization"))}
    present = sorted(view.missions["organization"].unique(), key=lambda code: order.get(code, 99))

    def dot(color: str, extra: str = "") -> str:
        return (
            '<span style="display:inline-block;width:0.85em;height:0.85em;border-radius:50%;'
            f'background:{color};margin-right:0.3em;vertical-align:-0.1em;{extra}"></span>'
        )

    swatches = " ".join(
        f'<span style="white-space:nowrap;margin-right:0.9em">{dot(organization_color(code))}'
        f"{html.escape(code)} <small>{html.escape(names.get(code, code))}</small></span>"
        for code in present
    )
    # st.html (sanitized by DOMPurify), not Markdown with unsafe HTML: its small script loads
    # faster on a first visit than the Markdown HTML parser's. Every text in it is escaped.
    st.html(f"<div>{swatches}</div>")
    symbols = (
        '<span style="white-space:nowrap;margin-right:1.2em">'
        f"{dot('#888888')}a site: area by troops there (Geo-PKO's yearly average)</span> "
        '<span style="white-space:nowrap;margin-right:1.2em">'
        f"{dot('#888888', 'box-shadow:inset 0 0 0 0.25em #888888,inset 0 0 0 0.45em #ffffff')}"
        "white centre: mission headquarters (area by peak personnel where no sites)</span> "
        '<span style="white-space:nowrap;margin-right:1.2em"><b>12</b> on a circle: nearby '
        "sites of one operation, grouped</span> "
        '<span style="white-space:nowrap;margin-right:1.2em">— line: circle moved aside from its '
        "place so it does not hide another</span> "
        '<span style="white-space:nowrap;margin-right:1.2em">'
        '<span style="display:inline-block;width:1.2em;height:0.8em;'
        'background:rgba(70,110,160,0.6);margin-right:0.3em;vertical-align:-0.05em"></span>'
        "host country (darker: more operations)</span> "
        '<span style="white-space:nowrap"><span style="display:inline-block;width:1.2em;'
        'height:0.8em;border:2px solid #888888;margin-right:0.3em;vertical-align:-0.05em">'
        "</span>thick outline in an organization's colour: host of an operation no source "
        "places</span>"
    )
    st.html(f'<div style="font-size:0.85em">{symbols}</div>')


def mission_card(dataset: Dataset, mission_id: str) -> None:
    """A clicked operation: its name, organization, type and dates, summary, and links."""
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


def unplaced_list(dataset: Dataset, places: YearPlaces) -> None:
    """The operations of the year that no source places: named, with a link to each profile."""
    if places.unplaced.empty:
        return
    names = dataset.country_names()
    st.markdown(
        f"**Not placed on the map in {places.year}** (no deployment site or headquarters "
        "coordinates in our sources; their host countries are outlined):"
    )
    with st.container(horizontal=True, gap="small"):
        for mission in places.unplaced.sort_values("acronym").itertuples(index=False):
            hosts = ", ".join(
                names.get(code.strip(), code.strip()) for code in mission.host_countries.split(";")
            )
            st.page_link(
                "app_pages/profile.py",
                label=markdown_literal(f"{mission.acronym} ({hosts})"),
                icon=":material/description:",
                query_params={"mission": mission.mission_id},
            )


def _explorer_body(dataset: Dataset, view: View) -> None:
    first, last = year_span(dataset.missions, dataset.as_of)
    view_first = view.missions["start_year"].min()
    play_from = int(view_first) if view_first == view_first else first
    _step(last)
    playing = bool(st.session_state.get(PLAYING))
    play, slider, views = st.columns([1.1, 6.4, 2.5], vertical_alignment="bottom")
    with play:
        if st.button(
            "Pause" if playing else "Play",
            key="map_play",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            help="Step through the years, one a second; the map keeps your zoom.",
            width="stretch",
        ):
            _start_or_stop(max(first, play_from), last)
    with slider:
        year = st.slider(
            "Year",
            min_value=first,
            max_value=last,
            value=last,
            key="year",
            bind="query-params",
            help=f"The operations in view that were active in this year ({first}–{last}).",
        )
    st.session_state[SHOWN_YEAR] = year
    with views:
        preset = st.selectbox(
            "Map view",
            MAP_VIEWS,
            key="view",
            bind="query-params",
            help="The world, a region (the regions of the Region filter), or fit: every "
            "operation of the current filter, in every year. Drag and scroll to move and zoom.",
        )
    places = year_places(dataset, view, year)
    if places.active.empty:
        st.info(f"None of the missions in view was active in {year}.", icon=":material/event_busy:")
    event = st.pydeck_chart(
        deck_for(dataset, view, year, preset),
        on_select="rerun",
        selection_mode="single-object",
        key="map_selection",
        height=MAP_HEIGHT_PX,
    )
    st.caption(year_caption(places, deployment_span(dataset.deployments)))
    selected = event.selection.objects.get(MARKER_LAYER_ID, []) if event and event.selection else []
    for mission_id in list(dict.fromkeys(item["mission_id"] for item in selected))[:MAX_CARDS]:
        if mission_id in dataset.missions_by_id.index:
            mission_card(dataset, mission_id)
    unplaced_list(dataset, places)
    legend(dataset, view)
    st.caption(
        f"Sites: {GEOPKO_CITATION} (UN operations; troops inferred from UN deployment maps). "
        "Headquarters: the sources cited on each operation's profile. Outlines: Natural Earth "
        "1:110m; no map tiles. Hover for details; click a circle for the operation's card. "
        "Nearby sites of one operation are grouped at the chosen view: choose a region to see "
        "them apart."
    )
    if st.session_state.get(PLAYING) and year < last:
        # Build the next year's map now, once this one is on its way, so the next tick finds it.
        deck_for(dataset, view, year + 1, preset)


def map_explorer(dataset: Dataset, view: View) -> None:
    """The year slider, play button, region views and the map, in one fragment."""
    every = PLAY_INTERVAL_S if st.session_state.get(PLAYING) else None
    st.fragment(_explorer_body, run_every=every)(dataset, view)

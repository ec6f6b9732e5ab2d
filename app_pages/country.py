"""Country (`?country=KEN`, ISO 3166 alpha-3): the operations it hosted, the UN personnel it
contributed (2010–2021) and where, the operations it led or joined, the UN fatalities among its
nationals, a locator map and the ranking of UN contributors."""

import pandas as pd
import streamlit as st

from components.charts import latest_lifespans
from components.country_charts import (
    contributions_figure,
    hosted_timeline_figure,
    locator_deck,
    nationality_fatalities_figure,
)
from components.country_parts import (
    CHART_CONFIG,
    contributions_citation,
    country_label,
    known_countries,
    mission_link_column,
    mission_url,
    show_ranking,
    year_caveat,
)
from components.data_access import get_country_outlines, get_dataset
from components.pickers import seed_from_link, write_to_link
from components.series import cited
from components.shared_cache import cached_result
from missions.countries import (
    CONTRIBUTION_YEARS,
    DEFAULT_RANKING_YEAR,
    LEADING_RELATIONS,
    check_country_link,
    country_profile,
    fatalities_by_mission,
)
from missions.dates import format_span
from missions.markdown import markdown_literal
from missions.series import FATALITIES_SOURCE, Coverage, year_spans

dataset = get_dataset()
pages = known_countries(dataset)
requested = [value for value in st.query_params.get_all("country") if value]
chosen, left_out = check_country_link(requested, pages)
seed_from_link("country", [chosen] if chosen else [], single=True)

st.title("Country", anchor=False)
code = st.selectbox(
    "Country",
    list(pages),
    index=None,
    format_func=country_label(dataset),
    key="country",
    on_change=write_to_link,
    args=("country", True),
    placeholder="Type a country's name or code, e.g. Kenya or NPL",
    help="Search by name or by ISO 3166 alpha-3 code. The link keeps the code, e.g. ?country=KEN.",
)
if code is None and left_out:
    st.warning(
        f"There is no country with the code “{markdown_literal(left_out[0][:60])}” in the "
        "atlas. Codes are ISO 3166 alpha-3, e.g. KEN for Kenya: choose one above.",
        icon=":material/search_off:",
    )
elif left_out:
    shown = ", ".join(f"“{markdown_literal(value[:60])}”" for value in left_out[:5])
    st.warning(
        f"Ignored in the link: {shown} — the page shows one country at a time.",
        icon=":material/link_off:",
    )
st.caption("The sidebar filters do not limit this page: it shows everything the atlas holds.")
if code is None:
    if not left_out:
        st.info(
            "Choose a country above, or open one from the ranking below.", icon=":material/flag:"
        )
    with st.container(border=True):
        show_ranking(dataset)
    st.stop()

profile = cached_result(
    "country_profile", (str(dataset.data_dir), code), lambda: country_profile(dataset, code)
)
acronyms = dataset.missions_by_id["acronym"]
name = markdown_literal(profile.name)
first, last = CONTRIBUTION_YEARS
st.header(f"{name} ({code})", anchor=False)
if profile.is_empty:
    st.info(
        f"The atlas records nothing about {name}: it hosted no operation in the atlas, the UN "
        f"contributions dataset ({first}–{last}) lists no personnel of it, no source we saw names "
        "it as a partner, and the UN's fatalities dataset records no death among its nationals.",
        icon=":material/info:",
    )

in_year = profile.contributions[profile.contributions["year"] == DEFAULT_RANKING_YEAR]
with st.container(horizontal=True):
    st.metric(
        "Operations hosted",
        len(profile.hosted),
        border=True,
        help="Operations in the atlas whose host countries include it.",
    )
    st.metric(
        f"UN personnel, {DEFAULT_RANKING_YEAR}",
        f"{int(in_year['total'].sum()):,}" if not in_year.empty else "—",
        border=True,
        help=f"Uniformed personnel in UN missions, the yearly figure of {DEFAULT_RANKING_YEAR} "
        "(the last year checked complete in the contributions dataset).",
    )
    led_or_joined = profile.roles[profile.roles["relation"].isin(LEADING_RELATIONS)]
    st.metric(
        "Operations led or joined",
        led_or_joined["mission_id"].nunique(),
        border=True,
        help="Operations for which a source we saw names it as lead nation or contributor "
        "(the atlas's partners table; UN contributions are counted above).",
    )
    st.metric(
        "UN fatalities among its nationals",
        f"{profile.fatality_total:,}",
        border=True,
        help="Deaths in UN peacekeeping and political missions recorded by the UN, since 1948.",
    )

left, right = st.columns([2, 3])
with left, st.container(border=True):
    st.subheader("Where", anchor=False)
    st.pydeck_chart(
        cached_result(
            "locator",
            (str(dataset.data_dir), code),
            lambda: locator_deck(
                get_country_outlines(),
                code,
                profile.served_in,
                dataset.country_names(),
                dataset.country_bounds,
            ),
        ),
        height=300,
        key="locator_map",
    )
    served = len(profile.served_in)
    st.caption(
        f"{name} in blue"
        + (
            f"; in orange the {served} countries that hosted the operations its nationals served "
            "or died in, or that it led or joined"
            if served
            else ""
        )
        + ". Outlines: Natural Earth 1:110m (small states have none); no map tiles."
    )
with right, st.container(border=True):
    st.subheader("Operations hosted", anchor=False)
    if profile.hosted.empty:
        st.caption(f"No operation in the atlas was hosted by {name}.")
    else:
        labels = {**dataset.labels("organization"), **dataset.labels("mission_type")}
        drawn = latest_lifespans(profile.hosted)
        st.plotly_chart(
            cached_result(
                "hosted_timeline",
                (str(dataset.data_dir), code),
                lambda: hosted_timeline_figure(
                    drawn, labels, dataset.as_of, dataset.handover_edges()
                ),
            ),
            config=CHART_CONFIG,
            key="hosted_chart",
        )
        if len(drawn) < len(profile.hosted):
            st.caption(
                f"The chart draws the {len(drawn)} operations that started last; the table "
                f"lists all {len(profile.hosted)}."
            )
        hosted = profile.hosted
        st.dataframe(
            pd.DataFrame(
                {
                    "Operation": hosted["acronym"],
                    "Profile": [mission_url(m) for m in hosted["mission_id"]],
                    "Organization": hosted["organization"],
                    "Dates": [
                        format_span(start, end)
                        for start, end in zip(hosted["start_date"], hosted["end_date"], strict=True)
                    ],
                    "Name": hosted["name"],
                }
            ),
            hide_index=True,
            key="hosted_table",
            column_config={"Profile": mission_link_column()},
        )

with st.container(border=True):
    st.subheader(f"UN personnel contributed, {first}–{last}", anchor=False)
    if profile.contributions.empty:
        st.info(
            f"The UN contributions dataset lists no uniformed personnel of {name} in a UN "
            f"mission in {first}–{last}.",
            icon=":material/groups:",
        )
    else:
        st.plotly_chart(
            cached_result(
                "contributions_chart",
                (str(dataset.data_dir), code),
                lambda: contributions_figure(profile.contributions, acronyms),
            ),
            config=CHART_CONFIG,
            key="contributions_chart",
        )
        by_mission = profile.by_mission
        st.dataframe(
            pd.DataFrame(
                {
                    "Mission": by_mission["acronym"],
                    "Profile": [mission_url(m) for m in by_mission["mission_id"]],
                    "Years": by_mission["years"],
                    "Largest yearly figure": by_mission["largest"],
                    "In": by_mission["largest_year"].astype(str),
                    "Personnel-years": by_mission["total"],
                }
            ),
            hide_index=True,
            key="contributions_table",
            column_config={
                "Profile": mission_link_column(),
                "Largest yearly figure": st.column_config.NumberColumn(format="localized"),
                "Personnel-years": st.column_config.NumberColumn(
                    format="localized",
                    help="The sum of the yearly figures over the years with data.",
                ),
            },
        )
        st.caption(
            "Uniformed personnel per year and mission: each figure is the sum of the UN's "
            "monthly figures divided by 12, so a mission's first and last year count its months "
            "of deployment only. Source: "
            + contributions_citation(dataset)
            + f" for {year_spans(profile.contribution_years)}."
            + year_caveat(profile.contribution_years)
        )

with st.container(border=True):
    st.subheader("Operations it led, joined or supported", anchor=False)
    roles = profile.roles
    if roles.empty:
        st.caption(
            f"No source we saw, as recorded in the atlas's partners table, names {name} as a "
            "lead nation, contributor or other partner of an operation."
        )
    else:
        relations = dataset.labels("relation")
        urls = dataset.source_urls()
        st.dataframe(
            pd.DataFrame(
                {
                    "Operation": roles["acronym"],
                    "Profile": [mission_url(m) for m in roles["mission_id"]],
                    "Organization": roles["organization"],
                    "Role": roles["relation"].map(relations),
                    "As the source names it": roles["partner_name"],
                    "Dates": [
                        format_span(start, end)
                        for start, end in zip(roles["start_date"], roles["end_date"], strict=True)
                    ],
                    "Source": [urls.get(source) for source in roles["source_id"]],
                }
            ),
            hide_index=True,
            key="roles_table",
            column_config={
                "Profile": mission_link_column(),
                "Source": st.column_config.LinkColumn(
                    "Source", display_text=r"https?://(?:www\.)?([^/]+)"
                ),
            },
        )
        st.caption(
            "From the atlas's partners table: the states our sources name as lead nation or "
            "contributor of an operation (mostly non-UN operations, whose contributors no "
            "dataset lists), and a few other roles. Not every contributor is recorded: only "
            "those a source we saw names."
        )

with st.container(border=True):
    st.subheader("UN fatalities among its nationals", anchor=False)
    if profile.fatalities.empty:
        st.caption(
            f"The UN's fatalities dataset records no death of a national of {name} in a UN "
            "peacekeeping or political mission."
        )
    else:
        st.plotly_chart(
            cached_result(
                "nationality_chart",
                (str(dataset.data_dir), code),
                lambda: nationality_fatalities_figure(profile.fatalities, acronyms),
            ),
            config=CHART_CONFIG,
            key="nationality_chart",
        )
        deaths = cached_result(
            "nationality_table",
            (str(dataset.data_dir), code),
            lambda: fatalities_by_mission(profile.fatalities, acronyms),
        )
        st.dataframe(
            pd.DataFrame(
                {
                    "Mission": deaths["acronym"],
                    "Profile": [mission_url(m) for m in deaths["mission_id"]],
                    "Years": deaths["years"],
                    "Fatalities": deaths["fatalities"],
                }
            ),
            hide_index=True,
            key="nationality_table",
            column_config={"Profile": mission_link_column()},
        )
        years = year_spans(profile.fatalities["year"])
        st.caption(
            f"Deaths of nationals of {name} (uniformed and civilian personnel) by the year of "
            f"the incident; {profile.fatality_total:,} in all, by the nationality the UN records. "
            "Source: "
            + cited(dataset, [Coverage(FATALITIES_SOURCE, years)])
            + ". The Hub notes that data before 2000 may be incomplete."
        )

with st.container(border=True):
    show_ranking(dataset, code)

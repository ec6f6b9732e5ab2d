"""apply_filters, describe_filters, file-name slugs and the checking of link parameters."""

import pytest

from missions.filters import (
    Filters,
    active_in,
    apply_filters,
    check_link,
    describe_filters,
    filter_slug,
    parse_year,
    parse_years,
)


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        (Filters(), ["tmo", "tfa", "tfb", "tmc"]),
        (Filters(organizations=("NATO",)), ["tfa", "tfb"]),
        (Filters(organizations=("NATO", "AU")), ["tfa", "tfb", "tmc"]),
        (Filters(mission_types=("observer",)), ["tmo"]),
        (Filters(regions=("europe",), mission_types=("stabilization",)), ["tfb"]),
        (Filters(status="active"), ["tmc"]),
        (Filters(status="closed"), ["tmo", "tfa", "tfb"]),
        (Filters(years=(1997, 2003)), ["tfb"]),
        (Filters(years=(1958, 1958)), ["tmo"]),
        (Filters(years=(2005, 2026)), ["tmc"]),
        (Filters(text="alpha"), ["tfa"]),
        (Filters(text="SARAJEVO"), ["tfa", "tfb"]),
        (Filters(text="TCD"), ["tmc"]),
        (Filters(text="(1,2)"), ["tmc"]),
        (Filters(organizations=("UN",), status="active"), []),
        (Filters(categories=("un-pko",)), ["tmo"]),
        (Filters(categories=("military",), status="active"), ["tmc"]),
        (Filters(categories=("un-pko", "military"), organizations=("NATO",)), ["tfa", "tfb"]),
        (Filters(categories=("civilian",)), []),
    ],
)
def test_apply_filters_keeps_exactly_the_matching_missions(fixture_dataset, filters, expected_ids):
    view = apply_filters(fixture_dataset.missions, filters)
    assert view["mission_id"].tolist() == expected_ids


@pytest.mark.parametrize(
    ("year", "expected_ids"),
    [(1958, ["tmo"]), (1996, ["tfa", "tfb"]), (2004, ["tfb", "tmc"]), (2026, ["tmc"]), (1970, [])],
)
def test_active_in_counts_a_mission_in_every_year_it_was_deployed(
    fixture_dataset, year, expected_ids
):
    assert active_in(fixture_dataset.missions, year)["mission_id"].tolist() == expected_ids


LABELS = {
    "category": {"un-pko": "UN peacekeeping operation"},
    "mission_type": {"peace-enforcement": "Peace enforcement"},
    "region": {"europe": "Europe"},
}


@pytest.mark.parametrize(
    ("filters", "shown", "total", "sentence"),
    [
        (Filters(), 104, 104, "All 104 missions"),
        (Filters(organizations=("UN", "AU")), 23, 104, "23 of 104 missions · UN, AU"),
        (
            Filters(mission_types=("peace-enforcement",), regions=("europe",), years=(1990, 2010)),
            2,
            104,
            "2 of 104 missions · peace enforcement · Europe · active 1990–2010",
        ),
        (
            Filters(status="active", years=(1995, 1995)),
            5,
            104,
            "5 of 104 missions · active now · active in 1995",
        ),
        (Filters(text="  kosovo "), 3, 104, "3 of 104 missions · matching “kosovo”"),
        (Filters(status="closed"), 0, 1, "0 of 1 mission · closed"),
        (
            Filters(organizations=("UN",), categories=("un-pko",)),
            70,
            250,
            "70 of 250 missions · UN · UN peacekeeping operation",
        ),
    ],
)
def test_describe_filters_says_the_selection_in_words(filters, shown, total, sentence):
    assert describe_filters(filters, shown, total, LABELS) == sentence


@pytest.mark.parametrize(
    ("filters", "slug"),
    [
        (Filters(), "all"),
        (Filters(organizations=("NATO", "EU")), "nato-eu"),
        (Filters(organizations=("UN-AU",), years=(1990, 2010)), "un-au-1990-2010"),
        (Filters(text="Côte d'Ivoire/../x"), "q-c-te-d-ivoire-x"),
        (Filters(categories=("un-pko",)), "un-pko"),
    ],
)
def test_filter_slug_is_safe_for_file_names(filters, slug):
    assert filter_slug(filters) == slug


VALID = {
    "organization": ["UN", "NATO"],
    "category": ["un-pko", "civilian"],
    "mission_type": ["observer"],
    "region": ["europe"],
}


@pytest.mark.parametrize(
    ("query", "expected_fragments"),
    [
        ({}, []),
        ({"organization": ["NATO"]}, []),
        ({"organization": ["NATO", "UNOK"]}, ["unknown organization", "“UNOK”"]),
        ({"mission_type": ["<script>"]}, ["unknown mission type"]),
        ({"category": ["un-pko", "UN peacekeeping operation"]}, ["unknown category"]),
        ({"category": ["civilian"]}, []),
        ({"status": ["sometimes"]}, ["status"]),
        ({"years": ["1990"]}, ["years"]),
        ({"years": ["2010", "1990"]}, ["years"]),
        ({"years": ["abc", "1990"]}, ["years"]),
        ({"years": ["1990", "2010"]}, []),
        ({"q": ["x" * 300]}, ["cut to 100"]),
        ({"status": ["active", "closed"]}, ["status"]),
        ({"year": ["inf"]}, ["year in the link"]),
        ({"year": ["2000"]}, []),
        ({"view": ["mars"]}, ["map view in the link"]),
        ({"view": ["africa"]}, []),
        ({"region": [""], "status": [""]}, []),
    ],
)
def test_link_notes_name_every_dropped_value(query, expected_fragments):
    notes = " ".join(check_link(query, VALID, (1948, 2026)).notes)
    for fragment in expected_fragments:
        assert fragment in notes
    if not expected_fragments:
        assert notes == ""


@pytest.mark.parametrize(
    ("values", "parsed"),
    [
        (["1990", "2010"], (1990, 2010)),
        (["1940", "2010"], None),
        (["1990"], None),
        (["x", "y"], None),
    ],
)
def test_parse_years_accepts_only_two_ordered_years_in_range(values, parsed):
    assert parse_years(values, (1948, 2026)) == parsed


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ({"organization": ["NATO", "UNOK", ""]}, {"organization": ["NATO", ""]}),
        ({"status": ["active", "closed"]}, {"status": []}),
        ({"status": ["", "closed"]}, {"status": ["closed"]}),
        ({"status": ["closed", ""]}, {"status": ["closed"]}),
        ({"status": [""]}, {"status": [""]}),
        ({"years": ["2010", "1990"]}, {"years": []}),
        ({"years": ["1990.5", "2010"]}, {"years": []}),
        ({"years": ["1990", "2010"]}, {"years": ["1990", "2010"]}),
        ({"q": ["a", "x" * 300]}, {"q": ["x" * 100]}),
        ({"year": ["inf"]}, {"year": []}),
        ({"year": ["1990", "1991"]}, {"year": []}),
        ({"year": ["1990"]}, {"year": ["1990"]}),
        # The fuzzer's find: an empty year after a valid one hid it from the year box.
        ({"year": ["1983", ""]}, {"year": ["1983"]}),
        ({"view": ["Africa"]}, {"view": []}),
        ({"view": ["europe", "fit"]}, {"view": []}),
        ({"view": ["fit"]}, {"view": ["fit"]}),
        ({"view": [""]}, {"view": [""]}),
    ],
)
def test_check_link_keeps_only_values_the_filters_can_use(query, kept):
    check = check_link(query, VALID, (1948, 2026))
    for param, values in kept.items():
        assert check.kept[param] == values
    # A note for every value dropped; dropping an empty value ("no choice") needs none.
    assert bool(check.notes) == any(
        [v for v in check.kept[p] if v] != [v for v in values if v] for p, values in query.items()
    )


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("1990", 1990), (" 2026 ", 2026), ("1947", None), ("inf", None), ("1e3", None), ("", None)],
)
def test_parse_year_accepts_one_whole_year_in_range(value, parsed):
    assert parse_year(value, (1948, 2026)) == parsed

"""Countries: the contributions importer and the nationality table on the shared copies of the
public datasets (and malformed copies), the reviewed country crosswalk, and the pure functions
behind the Country page, run over every country code.

Expected values are computed here with pandas from the raw files and the crosswalk CSVs,
independently of the importers' code. The shared files live beside the repository
(`../shared/reference-data/`); without them the tests that read them are skipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from missions.countries import (
    COMPLETE_CONTRIBUTION_YEARS,
    CONTRIBUTION_YEAR_NOTES,
    COUNTRY_CROSSWALK_FILE,
    FORMER_STATES,
    UNDETERMINED_NATIONALITY,
    check_country_link,
    contribution_ranking,
    country_pages,
    country_profile,
    known_country_codes,
    read_country_crosswalk,
    top_contributors,
    unmapped_partner_states,
)
from missions.dataset import load_dataset
from missions.errors import DataValidationError
from missions.importers import IMPORTERS, un_contributions, un_fatalities
from missions.importers.base import run_imports
from missions.importers.common import ImportFailed
from missions.importers.crosswalk import crosswalk_path
from missions.paths import DATA_DIR, PROJECT_ROOT
from missions.validation import split_ids
from tests.test_importers import file_hashes, rename_column, rewrite_cell

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference-data"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"the shared copies of the public datasets are not at {REFERENCE}",
)
CONTRIBUTIONS_RAW = REFERENCE / un_contributions.DEFAULT_FILE
FATALITIES_RAW = REFERENCE / un_fatalities.DEFAULT_FILE


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def crosswalk() -> pd.DataFrame:
    return pd.read_csv(COUNTRY_CROSSWALK_FILE, dtype=str, keep_default_na=False)


def mission_names() -> dict[str, str]:
    """Publisher's mission name -> mission_id ("" = mapped to nothing), from the CSV."""
    frame = pd.read_csv(crosswalk_path("un-contributions"), dtype=str, keep_default_na=False)
    assert (frame[["location", "from", "to"]] == "").all().all(), "no split rows expected"
    return dict(zip(frame["publisher_name"], frame["mission_id"], strict=True))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# --- the contributions table against the raw file -------------------------------------------


@needs_reference
def test_contributions_equal_the_raw_files_non_zero_rows_exactly(crosswalk):
    raw = pd.read_csv(CONTRIBUTIONS_RAW, dtype=str, keep_default_na=False)
    codes = dict(zip(crosswalk["name"], crosswalk["iso3"], strict=True))
    raw["country"] = raw["Country"].map(codes)
    raw["mission_id"] = raw["Mission"].map(mission_names())
    assert raw["country"].notna().all() and raw["mission_id"].notna().all()
    kept = raw[(raw["mission_id"] != "") & (raw["Total"].astype(int) > 0)]
    expected = {
        (row.country, row.mission_id, int(row.Year)): (
            int(row.Female),
            int(row.Male),
            int(row.Total),
        )
        for row in kept.itertuples()
    }
    derived = pd.read_csv(DATA_DIR / "contributions_yearly.csv", dtype={"country": str})
    got = {
        (row.country, row.mission_id, row.year): (row.female, row.male, row.total)
        for row in derived.itertuples()
    }
    assert got == expected
    assert set(derived["source_id"]) == {un_contributions.SOURCE_ID}
    # Only the zero rows and UNSOS (a support office) are left out.
    unsos = raw[(raw["Mission"] == "UNSOS") & (raw["Total"].astype(int) > 0)]
    assert len(derived) == (raw["Total"].astype(int) > 0).sum() - len(unsos)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Côte d’Ivoire", "CIV"),
        ("Côte dIvoire", "CIV"),
        ("Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of Korea", "KOR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Eswatini", "SWZ"),
        ("Czechoslovakia", "CSK"),
    ],
)
def test_tricky_names_map_to_the_right_code(crosswalk, name, code):
    codes = dict(zip(crosswalk["name"], crosswalk["iso3"], strict=True))
    assert codes[name] == code


@needs_reference
def test_zero_rows_are_left_out_and_reported(data_copy):
    reports, _ = run_imports([IMPORTERS["un-contributions"]], data_copy)
    lines = "\n".join(reports[0].lines())
    assert "rows of zero personnel left out" in lines
    assert "2010: 12, 2011: 144" in lines
    assert "Barbados, Iceland, Israel, Libya" in lines
    assert "UNSOS, 2010-12 to 2021-12" in lines
    derived = pd.read_csv(data_copy / "contributions_yearly.csv")
    assert (derived["total"] > 0).all()


# --- fatalities by nationality --------------------------------------------------------------


@needs_reference
def test_fatalities_by_nationality_count_exactly_the_raw_files_rows(crosswalk):
    from tests.test_importers import crosswalk_frame, map_names

    raw = pd.read_csv(FATALITIES_RAW, dtype=str, keep_default_na=False)
    days = pd.to_datetime(raw["incident_date"])
    raw["mission_id"] = map_names(
        raw["mission_acronym"].str.strip(), days, crosswalk_frame("un-fatalities")
    )
    raw["year"] = days.dt.year
    names = dict(zip(crosswalk["name"], crosswalk["iso3"], strict=True))
    from_name = raw["casualty_nationality"].map(names).fillna("").replace("", "ZZZ")
    raw["country"] = raw["isocode3"].where(raw["isocode3"] != "", from_name)
    mapped = raw.dropna(subset=["mission_id"])
    expected = mapped.groupby(["mission_id", "year", "country"]).size()
    derived = pd.read_csv(
        DATA_DIR / "fatalities_by_nationality.csv", dtype={"country": str}, keep_default_na=False
    )
    got = derived.set_index(["mission_id", "year", "country"])["fatalities"]
    assert got.to_dict() == expected.to_dict()
    # The same deaths as fatalities_yearly.csv, mission by mission and year by year.
    by_type = pd.read_csv(DATA_DIR / "fatalities_yearly.csv")
    assert (
        derived.groupby(["mission_id", "year"])["fatalities"].sum().to_dict()
        == by_type.groupby(["mission_id", "year"])["fatalities"].sum().to_dict()
    )
    # Nepal, by the UN's own code: every mapped row with isocode3 NPL.
    npl = mapped[mapped["isocode3"] == "NPL"]
    assert derived.loc[derived["country"] == "NPL", "fatalities"].sum() == len(npl)


@needs_reference
def test_nationality_without_a_code_comes_from_the_name_or_stays_empty():
    derived = pd.read_csv(
        DATA_DIR / "fatalities_by_nationality.csv", dtype={"country": str}, keep_default_na=False
    )
    assert (derived["country"] == UNDETERMINED_NATIONALITY).any(), "the UN's undetermined"
    assert (derived["country"] != "").all()
    assert {"YUG", "SCG"} <= set(derived["country"]), "former states keep the UN's codes"


# --- the crosswalk ----------------------------------------------------------------------------


def test_every_crosswalk_code_is_a_known_country(dataset, crosswalk):
    known = known_country_codes(dataset.country_bounds["iso_a3"])
    codes = set(crosswalk.loc[crosswalk["iso3"] != "", "iso3"])
    assert codes <= known, codes - known
    unmapped = crosswalk[crosswalk["iso3"] == ""]
    assert (unmapped["note"] != "").all()
    assert set(unmapped["name"]) == {"ZZ [Undetermined]"}


def test_every_state_partner_has_a_country(dataset):
    crosswalk = read_country_crosswalk()
    assert unmapped_partner_states(dataset.partners, crosswalk) == []
    assert dataset.partner_states["country"].notna().all()


@needs_reference
def test_every_crosswalk_name_is_used(dataset, crosswalk):
    contributions = pd.read_csv(CONTRIBUTIONS_RAW, dtype=str, keep_default_na=False)
    fatalities = pd.read_csv(FATALITIES_RAW, dtype=str, keep_default_na=False)
    used = set(contributions["Country"])
    used |= set(fatalities.loc[fatalities["isocode3"] == "", "casualty_nationality"])
    used |= set(dataset.partners.loc[dataset.partners["partner_kind"] == "state", "partner_name"])
    assert set(crosswalk["name"]) <= used, set(crosswalk["name"]) - used
    assert set(contributions["Country"]) <= set(crosswalk["name"])


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("Kenya,KE,", "iso3", "not an ISO 3166 alpha-3 code"),
        ("Kenya,XYZ,", "iso3", "unknown country code"),
        ("Kenya,,", "note", "needs the reason"),
        (",KEN,", "name", "a value is required"),
        ("Albania,ALB,", "name", "repeats line 2"),
    ],
)
def test_a_bad_country_crosswalk_row_fails_naming_its_row_and_column(
    tmp_path, dataset, line, column, message
):
    path = tmp_path / "countries.csv"
    path.write_text(f"name,iso3,note\nAlbania,ALB,\n{line}\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        read_country_crosswalk(path, known_country_codes(dataset.country_bounds["iso_a3"]))
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("crosswalks/countries.csv", 3, column)
    assert message in problem.message


# --- malformed copies of the raw files -------------------------------------------------------

MALFORMED = [
    ("un-contributions", "missing column", ("rename", "Total"), 1, "Total"),
    ("un-contributions", "bad year", ("cell", 3, "Year", "20x1"), 3, "Year"),
    ("un-contributions", "unknown mission", ("cell", 4, "Mission", "UNOK"), 4, "Mission"),
    ("un-contributions", "unknown country", ("cell", 5, "Country", "Ruritania"), 5, "Country"),
    ("un-contributions", "negative count", ("cell", 6, "Male", "-3"), 6, "Male"),
    ("un-contributions", "female and male apart from total", ("cell", 7, "Total", "9"), 7, "Total"),
    (
        "un-fatalities",
        "unknown nationality without a code",
        ("cells", 8, {"isocode3": "", "casualty_nationality": "Ruritania"}),
        8,
        "casualty_nationality",
    ),
    ("un-fatalities", "bad nationality code", ("cell", 9, "isocode3", "fr"), 9, "isocode3"),
]


@needs_reference
@pytest.mark.parametrize(
    ("name", "broken", "how", "line", "column"),
    MALFORMED,
    ids=[f"{case[0]}: {case[1]}" for case in MALFORMED],
)
def test_a_malformed_copy_fails_naming_file_row_and_column_and_leaves_data_unchanged(
    tmp_path, data_copy, name, broken, how, line, column
):
    importer = IMPORTERS[name]
    copy = tmp_path / importer.default_file
    shutil.copy(REFERENCE / importer.default_file, copy)
    if how[0] == "rename":
        rename_column(copy, how[1])
    elif how[0] == "cells":
        for cell_column, value in how[2].items():
            rewrite_cell(copy, how[1], cell_column, value)
    else:
        rewrite_cell(copy, *how[1:])
    before = file_hashes(data_copy)
    with pytest.raises(ImportFailed) as caught:
        run_imports(IMPORTERS.values(), data_copy, {name: copy})
    located = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert (importer.default_file, line, column) in located, caught.value
    assert file_hashes(data_copy) == before


# --- the pure functions behind the Country page -----------------------------------------------


def test_every_country_with_a_page_gets_a_consistent_profile(dataset):
    """Every code the picker offers (every country that hosted an operation, contributed, is a
    partner or lost nationals) goes through the page's pure function without an error, and
    each part holds exactly that country's rows."""
    pages = country_pages(dataset)
    hosts = {code for cell in dataset.missions["host_countries"] for code in split_ids(cell)}
    assert hosts <= set(pages)
    assert set(dataset.contributions["country"]) <= set(pages)
    nationalities = set(dataset.nationality_fatalities["country"])
    assert nationalities - {UNDETERMINED_NATIONALITY} <= set(pages)
    assert UNDETERMINED_NATIONALITY not in pages, "no page for a nationality not recorded"
    assert set(dataset.partner_states["country"].dropna()) <= set(pages)
    contributions = dataset.contributions.groupby("country")["total"].sum()
    deaths = dataset.nationality_fatalities.groupby("country")["fatalities"].sum()
    roles = dataset.partner_states["country"].value_counts()
    for code, name in pages.items():
        profile = country_profile(dataset, code)
        assert profile.name == name
        assert all(code in split_ids(cell) for cell in profile.hosted["host_countries"])
        hosted = sum(code in split_ids(cell) for cell in dataset.missions["host_countries"])
        assert len(profile.hosted) == hosted
        assert profile.contributions["total"].sum() == contributions.get(code, 0)
        assert profile.by_mission["total"].sum() == contributions.get(code, 0)
        assert profile.fatality_total == deaths.get(code, 0)
        assert len(profile.roles) == roles.get(code, 0)
        assert code not in profile.served_in


def test_kenya_hosted_contributed_and_lost_nationals(dataset):
    kenya = country_profile(dataset, "KEN")
    assert kenya.name == "Kenya"
    assert {"unmiss", "unamid", "monusco"} <= set(kenya.by_mission["mission_id"])
    assert kenya.fatality_total > 0
    assert "SOM" in kenya.served_in or "SSD" in kenya.served_in


def test_a_former_state_has_a_page_with_its_nationals_deaths(dataset):
    pages = country_pages(dataset)
    assert pages["YUG"] == FORMER_STATES["YUG"]
    profile = country_profile(dataset, "YUG")
    assert profile.hosted.empty and profile.fatality_total > 0


def test_readable_names_fix_abbreviations_and_australia(dataset):
    names = dataset.country_names()
    assert names["COD"] == "Democratic Republic of the Congo"
    assert names["AUS"] == "Australia"
    assert names["SSD"] == "South Sudan"


@pytest.mark.parametrize(
    ("values", "chosen", "left_out"),
    [
        (["KEN"], "KEN", []),
        ([" ken "], "KEN", []),
        (["", "KEN"], "KEN", []),
        (["XYZ"], None, ["XYZ"]),
        (["KEN", "NPL"], "KEN", ["NPL"]),
        (["<b>", "NPL"], "NPL", ["<b>"]),
        ([], None, []),
    ],
)
def test_a_country_link_chooses_the_first_known_code(values, chosen, left_out):
    assert check_country_link(values, {"KEN", "NPL"}) == (chosen, left_out)


def test_the_ranking_sums_missions_and_shares_ranks_on_ties(fixture_dataset):
    names = fixture_dataset.country_names()
    ranking = contribution_ranking(fixture_dataset.contributions, 2005, names)
    assert ranking["country"].tolist() == ["KEN", "NPL"]
    assert ranking["personnel"].tolist() == [600, 300]
    assert ranking["rank"].tolist() == [1, 2]
    assert ranking["share"].tolist() == [66.7, 33.3]
    assert contribution_ranking(fixture_dataset.contributions, 1990, names).empty


def test_top_contributors_of_a_mission_have_one_column_per_year(fixture_dataset):
    table = top_contributors(fixture_dataset.contributions, "tmc", fixture_dataset.country_names())
    assert table.columns.tolist() == ["country", "name", "personnel_years", "2005"]
    assert table["name"].tolist() == ["Kenya", "Nepal"]
    assert top_contributors(fixture_dataset.contributions, "tmo", {}).empty


def test_ranking_of_2019_puts_the_largest_contributors_first(dataset):
    ranking = contribution_ranking(dataset.contributions, 2019, dataset.country_names())
    assert ranking["personnel"].is_monotonic_decreasing
    assert set(ranking["country"].head(5)) >= {"ETH", "BGD", "RWA"}
    assert ranking["share"].sum() == pytest.approx(100, abs=0.5)


def ratios_to_kathman(dataset) -> pd.Series:
    """Per year: the median over missions deployed all year of the contributions' sum divided
    by Kathman's yearly mean."""
    contributions = dataset.contributions.groupby(["mission_id", "year"])["total"].sum()
    kathman = dataset.personnel[
        (dataset.personnel["source_id"] == "kathman-2013") & (dataset.personnel["months"] >= 11)
    ].set_index(["mission_id", "year"])["total_mean"]
    both = pd.concat([contributions.rename("c"), kathman.rename("k")], axis=1, join="inner")
    both = both[both["k"] > 500]
    ratio = (both["c"].astype(float) / both["k"].astype(float)).rename("ratio")
    return ratio.groupby(level="year").median()


def test_the_year_notes_match_the_comparison_with_kathman(dataset):
    """The notes on incomplete years (shown under every contributions chart) rest on this."""
    ratios = ratios_to_kathman(dataset)
    for year in COMPLETE_CONTRIBUTION_YEARS:
        assert ratios[year] == pytest.approx(1.0, abs=0.01), year
        assert year not in CONTRIBUTION_YEAR_NOTES
    for year in (2013, 2014, 2015, 2016):
        assert ratios[year] == pytest.approx(11 / 12, abs=0.02), year
    assert ratios[2012] == pytest.approx(0.7, abs=0.05)
    assert ratios[2017] == pytest.approx(0.41, abs=0.03)
    years = dataset.contributions["year"]
    assert (years[years == 2010].index.size > 0) and set(
        dataset.contributions.loc[years == 2010, "country"]
    ) <= {"ALB", "DZA", "ARG", "ARM", "AUS", "AUT", "AZE", "BGD", "BLR", "BEL", "BEN", "BTN"}
    total = dataset.contributions.groupby("year")["total"].sum()
    assert total[2021] < total[2020] / 10


@pytest.mark.parametrize(
    ("country", "year", "mission_id", "total"),
    [
        # Checked by hand against the raw file (grep of the country, year and mission).
        ("KEN", 2015, "unmiss", 735),
        ("KEN", 2015, "unamid", 104),
        ("KEN", 2019, "unamid", 88),
        ("KEN", 2019, "unmiss", 35),
        ("NPL", 2015, "monusco", 959),
        ("NPL", 2015, "unmiss", 1720),
        ("NPL", 2019, "unmiss", 2088),
        ("NPL", 2019, "unsmil", 230),
        ("KOR", 2015, "unifil", 295),
        ("KOR", 2019, "unmiss", 275),
    ],
)
def test_hand_checked_figures(dataset, country, year, mission_id, total):
    rows = dataset.contributions
    row = rows[
        (rows["country"] == country) & (rows["year"] == year) & (rows["mission_id"] == mission_id)
    ]
    assert row["total"].tolist() == [total]


def test_hand_checked_country_totals_leave_out_unsos(dataset):
    """Kenya in 2019: 35 + 10 + 15 + 12 + 2 + 88 = 162 in the raw file's missions of the atlas;
    its one person in UNSOS (a support office) is not counted."""
    kenya = country_profile(dataset, "KEN").contributions
    assert int(kenya.loc[kenya["year"] == 2019, "total"].sum()) == 162

"""Headline figures and the coverage table."""

from missions.summary import coverage_table, headline


def test_headline_counts_the_fixture(fixture_dataset):
    figures = headline(fixture_dataset.missions)
    assert (figures.missions, figures.active, figures.organizations) == (4, 1, 3)
    assert figures.host_countries == 4  # LBN, BIH, SDN, TCD
    assert (figures.largest_peak, figures.largest_peak_acronym) == (60000, "TFA")
    assert figures.with_personnel == 2


def test_coverage_table_counts_filled_and_sourced_values(fixture_dataset):
    table = coverage_table(fixture_dataset.missions).set_index("field")
    assert table.loc["Headquarters", "filled"] == 3
    assert table.loc["Headquarters", "empty"] == 1
    assert table.loc["Headquarters", "percent_filled"] == 75.0
    assert table.loc["Peak personnel", "filled"] == 2
    assert table.loc["Peak personnel", "percent_with_source"] == 100.0
    assert table.loc["Outcome", "filled"] == 3
    assert table.loc["End date (empty = ongoing)", "filled"] == 3

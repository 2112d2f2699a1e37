"""Topic discovery says which existing themes already cover a discovered topic's terms."""

from __future__ import annotations

from analysis.themes.discover import taxonomy_coverage
from analysis.themes.matcher import load_taxonomy


def test_coverage_counts_terms_per_theme_with_plurals():
    taxonomy = [{"id": "OIL", "include": ["oil price", "tanker", "barrel"]},
                {"id": "WAR", "include": ["airstrike", "shelling"]},
                {"id": "NONE", "include": ["saffron"]}]
    terms = ["oil prices", "tankers", "barrel", "airstrikes", "film", "festival"]
    assert taxonomy_coverage(terms, taxonomy) == {"OIL": 3, "WAR": 1}  # largest first, uncovered themes absent
    assert list(taxonomy_coverage(terms, taxonomy)) == ["OIL", "WAR"]
    assert taxonomy_coverage(["film", "festival"], taxonomy) == {}


def test_coverage_against_the_default_taxonomy():
    covered = taxonomy_coverage(["crude oil", "opec", "barrels", "saffron"], load_taxonomy())
    assert covered.get("ENERGY_OIL") == 3 and "ENERGY_OIL" == next(iter(covered))

"""analysis.explore.summaries.labels: periods over time are day to year, and never more than MAX_PERIODS of
them -- a finer period ("s") over a one-year corpus made 31 million empty rows (4 GB)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.explore.summaries.labels import MAX_PERIODS, PERIODS, fill_periods, period_start


def counts(*days: str) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(list(days)))
    return pd.DataFrame({"n": range(1, len(days) + 1)}, index=index)


@pytest.mark.parametrize("freq", ["s", "min", "h", "ms", "N", "month"])
def test_periods_finer_than_a_day_or_unknown_are_refused(freq):
    with pytest.raises(ValueError, match="freq must be one of D, W, M, Q, Y"):
        period_start(pd.Series(pd.to_datetime(["2020-01-01", "2020-12-31"])), freq)
    with pytest.raises(ValueError, match="freq must be one of"):
        fill_periods(counts("2020-01-01", "2020-12-31"), freq)


def test_too_many_periods_are_refused_not_built():
    with pytest.raises(ValueError, match="use a longer freq"):
        fill_periods(counts("1900-01-01", "2020-01-01"), "D")  # 43,830 days
    assert len(fill_periods(counts("1900-01-01", "2020-01-01"), "Y")) == 121


def test_every_period_is_filled_between_the_first_and_the_last():
    table = fill_periods(counts("2020-01-01", "2020-03-01"), "M")
    assert list(table["n"]) == [1, 0, 2] and set(PERIODS) == {"D", "W", "M", "Q", "Y"} and MAX_PERIODS >= 10_000

"""payfair.analysis: the engine end to end, the periods contract and the JSON/CSV output
(ARCHITECTURE.md "Periods"; rules §5)."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from payfair.analysis import analyse, analyse_events, to_csv, to_json
from payfair.policy import PayPolicy, load_policy
from payfair.rota import RotaRead, Source, validate_events
from payfair.schema import PERIOD_COLUMNS


def raw_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_row": [2, 3, 4, 5],
            "worker_id": ["B", "A", "A", "A"],
            "start": [
                "2026-06-01 09:00",
                "2026-06-01 09:00",
                "2026-06-01 10:15",
                "2026-06-08 09:00",
            ],
            "end": ["2026-06-01 10:00", "2026-06-01 10:00", "2026-06-01 11:15", "2026-06-08 10:00"],
            "travel_minutes": ["", "", "10", ""],
            "status": ["completed", "completed", "completed", "cancelled"],  # row 5: unpaid
        }
    )


def read() -> RotaRead:
    return validate_events(raw_events(), Source(file="rota.csv"))


def test_periods_columns_order_and_sorting():
    analysis = analyse(read(), PayPolicy(contact_rate=12.00), as_of=date(2026, 11, 1))
    p = analysis.periods
    assert tuple(p.columns) == PERIOD_COLUMNS
    assert p["worker_id"].tolist() == ["A", "B"]
    # A: visits 09:00-10:00 and 10:15-11:15, travel 10 min, waiting 5 min (rules §3.3-3.4):
    # working = 2 h + 10/60 + 5/60 = 2.25 h; pay 2 × 12 = 24.00; 2.25 × 12.71 = 28.5975 − 24 =
    # 4.5975 → shortfall 4.60.
    a = p.iloc[0]
    assert a["working_hours"] == pytest.approx(2.25)
    assert a["unpaid_working_hours"] == pytest.approx(0.25)
    assert a["shortfall"] == pytest.approx(4.60)
    # no workers: top band assumed; one day of a week: partial; no pay column: policy's rate.
    assert a["flags"] == "no_date_of_birth;partial_period;pay_from_policy"
    assert a["events"] == 2
    # rows: 4 read, 1 rejected (cancelled and unpaid), 3 used.
    assert analysis.rows_read == 4 and analysis.rows_used == 3 and len(analysis.rejected) == 1


def test_settings_name_rules_with_sources():
    policy = load_policy()
    analysis = analyse(read(), policy, period="monthly", as_of="2026-11-01")
    s = analysis.settings
    assert s["period"] == "monthly" and s["period_anchor"] == "2024-01-01"
    assert s["as_of"] == "2026-11-01"
    assert "Haringey" in s["rules"]["break_threshold_minutes"]["source"]
    assert s["rules"]["break_threshold_minutes"]["value"] == 60
    assert s["policy"]["rules"]["count_commute"] is False
    assert s["minimum_wage"]["abolished_band_now"] == "top"


def test_to_json_shape_iso_dates_and_invariant(tmp_path):
    analysis = analyse(read(), PayPolicy(contact_rate=12.00), as_of="2026-11-01")
    data = json.loads(json.dumps(to_json(analysis)))  # must be JSON-serialisable
    assert set(data) >= {"periods", "rows", "settings"}
    period = data["periods"][0]
    for key in (
        "worker_id",
        "period_start",
        "period_end",
        "contact_hours",
        "travel_hours",
        "waiting_hours",
        "other_hours",
        "working_hours",
        "paid_hours",
        "gross_pay",
        "mileage_pay",
        "nmw_pay",
        "nmw_rate",
        "true_hourly_rate",
        "shortfall",
        "arrears",
        "flags",
    ):
        assert key in period
    assert period["period_start"] == "2026-06-01" and period["period_end"] == "2026-06-07"
    rows = data["rows"]
    assert rows["read"] == rows["used"] + len(rows["rejected"])
    assert rows["rejected"][0]["row"] == 5 and rows["rejected"][0]["file"] == "rota.csv"
    assert set(rows["rejected"][0]) == {"row", "reason", "file", "sheet", "column"}
    path = to_csv(analysis, tmp_path / "p.csv", people=False)
    back = pd.read_csv(path)
    assert list(back.columns) == list(PERIOD_COLUMNS) and back["period_start"][0] == "2026-06-01"


def test_workers_argument_overrides_rota_workers():
    rota = read()
    # Born 2011-01-01: 15 on 2026-06-01 (under 16: no NMW; rules §6 bands start at 16).
    young = pd.to_datetime(["2011-01-01"])
    rota.workers = pd.DataFrame({"worker_id": ["A"], "date_of_birth": young})
    mine = pd.DataFrame({"worker_id": ["A"], "date_of_birth": pd.to_datetime(["1990-01-01"])})
    assert analyse(rota, PayPolicy(), as_of="2026-11-01").periods["flags"][0] == (
        "partial_period;pay_from_policy;under_16"
    )
    got = analyse(rota, PayPolicy(), workers=mine, as_of="2026-11-01").periods
    assert got["age"][0] == 36 and got["flags"][0] == "partial_period;pay_from_policy"


def test_timeline_carries_pay_and_periods():
    timeline, _ = analyse_events(read().events, None, PayPolicy(), as_of="2026-11-01")
    for col in ("contact_minutes", "gross_pay", "paid_minutes", "period_start", "period_end"):
        assert col in timeline.columns


def test_empty_rota():
    events = read().events.iloc[:0]
    timeline, periods = analyse_events(events, None, PayPolicy(), as_of="2026-11-01")
    assert timeline.empty and periods.empty and tuple(periods.columns) == PERIOD_COLUMNS


def test_bad_period_rejected():
    with pytest.raises(ValueError, match="monthly"):
        analyse_events(read().events, None, PayPolicy(), period="yearly")


def test_use_rota_pay_false_pays_under_the_policy():
    events = read().events.assign(pay=np.where(read().events["worker_id"] == "B", 100.0, np.nan))
    _, rota_paid = analyse_events(events, None, PayPolicy(contact_rate=12.00), as_of="2026-11-01")
    _, scenario = analyse_events(
        events, None, PayPolicy(contact_rate=12.00), as_of="2026-11-01", use_rota_pay=False
    )
    # B: 1 h; rota says £100, the policy says 1 × 12 = £12.
    assert rota_paid.set_index("worker_id").loc["B", "gross_pay"] == pytest.approx(100.0)
    assert scenario.set_index("worker_id").loc["B", "gross_pay"] == pytest.approx(12.0)


def test_period_table_takes_rows_in_any_order():
    # period_table finds each worker's periods as runs of rows once they are in (worker,
    # period) order; a timeline given in another order is sorted first, so the periods and
    # their totals are the same (A: 2.25 working hours, shortfall £4.60, as worked above).
    from payfair.analysis import period_table

    timeline, periods = analyse_events(
        read().events, None, PayPolicy(contact_rate=12.00), as_of=date(2026, 11, 1)
    )
    shuffled = period_table(timeline.iloc[::-1], None, as_of=date(2026, 11, 1))
    pd.testing.assert_frame_equal(shuffled, periods)
    assert periods["worker_id"].tolist() == ["A", "B"]
    assert periods["working_hours"].iloc[0] == pytest.approx(2.25)
    assert periods["shortfall"].iloc[0] == pytest.approx(4.60)


def test_rows_in_pay_periods_outside_the_rate_table_are_refused_by_period():
    # rules §5.6: a pay period starting before the first dated rate (2016-04-01) or on or after
    # the table's end (2027-04-01, a year after the last change) has no rate. Weekly periods
    # from Monday 2024-01-01 run Monday to Sunday, so Saturday 2016-04-02 (after the first
    # rate) is in the week starting Monday 2016-03-28 and is refused; Monday 2016-04-04 is
    # kept; Wednesday 2027-03-31 is in the week starting Monday 2027-03-29 (kept), Thursday
    # 2027-04-01 in the same week (kept: the period started before the end), Monday
    # 2027-04-05 is refused.
    raw = pd.DataFrame(
        {
            "source_row": [2, 3, 4, 5, 6],
            "worker_id": ["A"] * 5,
            "start": [
                "2016-04-02 09:00",
                "2016-04-04 09:00",
                "2027-03-31 09:00",
                "2027-04-01 09:00",
                "2027-04-05 09:00",
            ],
            "end": [
                "2016-04-02 10:00",
                "2016-04-04 10:00",
                "2027-03-31 10:00",
                "2027-04-01 10:00",
                "2027-04-05 10:00",
            ],
        }
    )
    analysis = analyse(
        validate_events(raw, Source(file="rota.csv")), PayPolicy(), as_of="2026-11-01"
    )
    assert analysis.rejected["row"].tolist() == [2, 6]
    assert "before 1 April 2016" in analysis.rejected["reason"].iloc[0]
    assert "on or after 1 April 2027" in analysis.rejected["reason"].iloc[1]
    assert sorted(analysis.timeline["source_row"].tolist()) == [3, 4, 5]
    # Every row inside the table: nothing refused (the check on the first and last dates).
    inside = raw.iloc[1:4]
    kept = analyse(
        validate_events(inside, Source(file="rota.csv")), PayPolicy(), as_of="2026-11-01"
    )
    assert len(kept.rejected) == 0 and len(kept.timeline) == 3


def test_row_lists_in_warnings_show_the_first_ten_distinct_rows_and_how_many_more():
    # Warnings name rows as the user sees them: distinct, ascending, ten shown, the rest
    # counted. Rows 2..1001 twice over (a rota read from two files): 1,000 distinct rows, so
    # rows 2-11 are shown "and 990 more" (1,000 - 10). Scattered rows (row 5 and row 10**9)
    # take the sorting path: both shown, none more.
    from payfair.analysis import _rows_text

    dense = pd.Series(np.tile(np.arange(1001, 1, -1), 2))
    assert _rows_text(dense) == "2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 990 more"
    assert _rows_text(pd.Series([10**9, 5, 5, None])) == "5, 1000000000"
    assert _rows_text(pd.Series([], dtype="int64")) == ""


TEXT_COLUMNS = ["worker_id", "client_id", "kind", "status"]


def as_categories(events: pd.DataFrame, *, shuffled: bool) -> pd.DataFrame:
    """The events' text columns as Categorical (how readers hand them over); `shuffled`: the
    categories in reverse sorted order with an unused one, as a Parquet dictionary may list them."""
    out = events.astype({c: "category" for c in TEXT_COLUMNS})
    if shuffled:
        for c in TEXT_COLUMNS:
            used = list(out[c].cat.categories)
            out[c] = out[c].cat.set_categories([*used[::-1], "an unused value"])
    return out


@pytest.mark.parametrize("shuffled", [False, True])
def test_text_columns_as_categories_give_the_same_analysis(shuffled):
    # The engine reads a Categorical column through its codes (payfair.timeline.coded): the
    # timeline (order included), periods, warnings and JSON must be those of the text columns.
    from dataclasses import replace

    from payfair.importers import load_rota, load_workers

    rota = load_rota("rota_samples/canonical_branch.csv")
    workers, _ = load_workers("rota_samples/canonical_branch_workers.csv")
    assert len(rota.events) > 1000 and rota.events["status"].eq("cancelled").any()
    # A role floor: the workers' roles are looked up through their ids too.
    policy = replace(load_policy(None), role_floor={"*": 12.5})
    # The same events with plain text columns, and as Categoricals (whichever the reader gave).
    rota = replace(rota, events=rota.events.astype({c: "str" for c in TEXT_COLUMNS}))
    text = analyse(rota, policy, workers=workers, as_of="2026-11-23")
    categories = replace(rota, events=as_categories(rota.events, shuffled=shuffled))
    coded = analyse(categories, policy, workers=workers, as_of="2026-11-23")
    assert isinstance(coded.timeline["worker_id"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(
        coded.timeline.astype({c: "str" for c in TEXT_COLUMNS}), text.timeline
    )
    pd.testing.assert_frame_equal(coded.periods, text.periods)
    pd.testing.assert_frame_equal(coded.warnings, text.warnings)
    assert to_json(coded) == to_json(text)


@pytest.mark.parametrize("rows", [4, 0])
def test_periods_for_output_writes_dates_as_strftime_does(rows):
    # Dates are formatted once per distinct date and taken by code: the text, the missing
    # values and the dtype must be those of formatting every row.
    from payfair.analysis import _empty_periods, periods_for_output

    dates = pd.to_datetime(["2026-01-05", None, "2026-01-12", "2026-01-05"])
    periods = pd.DataFrame(
        {
            "period_start": dates.astype("datetime64[s]"),
            "period_end": (dates + pd.Timedelta(days=6)).astype("datetime64[s]"),
        }
    ).iloc[:rows]
    for frame in (periods, _empty_periods()[["period_start", "period_end"]]):
        expected = frame.copy()
        for col in ("period_start", "period_end"):
            expected[col] = pd.to_datetime(expected[col]).dt.strftime("%Y-%m-%d")
        got = periods_for_output(frame)
        pd.testing.assert_frame_equal(got, expected)
    if rows:  # 5 January + 6 days; the missing date stays missing
        shown = periods_for_output(periods)["period_end"]
        assert shown[0] == "2026-01-11" and pd.isna(shown[1])

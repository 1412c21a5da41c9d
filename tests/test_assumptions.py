"""Never assume in silence (issue 8): periods payfair cannot check are refused with the reason;
everything payfair fills in is a plain warning with how to fix it and, where it changes a
period's figure, a flag on that period. Also pay periods as payroll runs them (item 14)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from payfair.analysis import analyse
from payfair.cli import main
from payfair.policy import PayPolicy
from payfair.rota import Source, validate_events

SRC = Source(file="rota.csv")


def read(rows: list[dict]):
    raw = pd.DataFrame(rows).fillna("").astype(str)
    raw.insert(0, "source_row", range(2, 2 + len(raw)))
    return validate_events(raw, SRC)


def visit(start: str, end: str, worker: str = "W1", **extra) -> dict:
    return {"worker_id": worker, "start": start, "end": end, **extra}


def reasons(analysis) -> pd.Series:
    return analysis.warnings["reason"].astype(str)


# ------------------------------------------------------------------ item 8: outside the rates


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2016-03-31 09:00", "2016-03-31 17:00", "before 1 April 2016"),
        ("1900-06-01 09:00", "1900-06-01 17:00", "before 1 April 2016"),
        ("9999-06-01 09:00", "9999-06-01 17:00", "on or after 1 April 2027"),
    ],
)
def test_periods_outside_the_rates_table_refused_with_the_reason(start, end, words):
    # Issue 8 item 8, rules §5-6: the table's first rate is from 2016-04-01 and its last from
    # 2026-04-01 (so known to 2027-03-31). A visit with no rate must not be shown as owing £0.
    rota = read([visit(start, end, pay="8.00"), visit("2026-06-01 09:00", "2026-06-01 17:00")])
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    assert got.rows_read == 2 and got.rows_used == 1 and len(got.rejected) == 1
    row = got.rejected.iloc[0]
    assert row["row"] == 2 and row["column"] == "start"
    assert words in row["reason"] and "rates/nmw.toml" in row["reason"]
    assert got.periods["period_start"].dt.year.tolist() == [2026]
    assert len(got.timeline) == 1


def test_week_starting_before_the_first_rate_is_refused_even_for_april_days():
    # The week Mon 2016-03-28 to Sun 2016-04-03 starts before 2016-04-01: its rate would be the
    # rate on 28 March (reg 4B), not in the table, so 2 April (in that week) is refused too.
    rota = read([visit("2016-04-02 09:00", "2016-04-02 17:00")])
    got = analyse(rota, PayPolicy(), period="weekly", as_of="2026-11-01")
    assert got.periods.empty and "pay period starting 2016-03-28" in got.rejected["reason"][0]
    ok = analyse(rota, PayPolicy(), period="monthly", as_of="2026-11-01")
    assert ok.rejected.empty and ok.periods["nmw_rate"].tolist() == [7.20]


# ------------------------------------------------------------------ warnings


def test_no_pay_column_warns_that_policy_rates_were_used():
    rota = read([visit("2026-06-01 09:00", "2026-06-01 17:00")])
    got = analyse(rota, PayPolicy(contact_rate=12.00, name="my policy"), as_of="2026-11-01")
    text = reasons(got)
    hit = text[text.str.contains("the rota has no pay")]
    assert len(hit) == 1
    assert "'my policy'" in hit.iloc[0] and "contact £12.00/h" in hit.iloc[0]
    assert "pay_from_policy" in got.periods["flags"].iloc[0]


def test_rota_pay_given_no_policy_warning_and_no_flag():
    rota = read(
        [
            visit("2026-06-01 09:00", "2026-06-01 17:00", pay="110"),
            visit("2026-06-02 09:00", "2026-06-02 17:00", pay="110"),
            visit("2026-06-03 09:00", "2026-06-03 17:00", pay="110"),
            visit("2026-06-04 09:00", "2026-06-04 17:00", pay="110"),
            visit("2026-06-05 09:00", "2026-06-05 17:00", pay="110"),
            visit("2026-06-06 09:00", "2026-06-06 17:00", pay="110"),
            visit("2026-06-07 09:00", "2026-06-07 17:00", pay="110"),
        ]
    )
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    # only the missing date of birth is assumed (no workers file): no policy pay, no partial week
    assert reasons(got).str.contains("no date of birth").tolist() == [True]
    # the rota covers Mon 1 to Sun 7 June: the whole week, not partial; 56 h paid £770:
    # 770 ÷ 56 = £13.75 ≥ £12.71, compliant.
    # (travel_unknown: the timeline's flag for gaps with no travel given, rules §3.2)
    assert got.periods["flags"].iloc[0] == "no_date_of_birth;travel_unknown"
    assert got.periods["shortfall"].iloc[0] == 0.0


def test_some_rows_without_pay_named():
    rota = read(
        [
            visit("2026-06-01 09:00", "2026-06-01 10:00", pay="15"),
            visit("2026-06-01 11:00", "2026-06-01 12:00"),
        ]
    )
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    text = reasons(got)
    assert text.str.contains(r"1 row\(s\) have no pay \(rows 3\)").any()


def test_large_share_rejected_is_a_clear_line():
    # 1 of 5 rows rejected = 20%: the threshold (a clear line, not just a count).
    rows = [visit(f"2026-06-0{d} 09:00", f"2026-06-0{d} 10:00", pay="15") for d in range(1, 5)]
    rows.append(visit("2026-06-05 09:00", "not a time", pay="15"))
    got = analyse(read(rows), PayPolicy(), as_of="2026-11-01")
    assert reasons(got).str.contains("1 of 5 rows \\(20%\\) were rejected").any()
    # 1 of 6 rejected (17%): below the line, no warning.
    more = [*rows, visit("2026-06-06 09:00", "2026-06-06 10:00", pay="15")]
    fewer = analyse(read(more), PayPolicy(), as_of="2026-11-01")
    assert not reasons(fewer).str.contains("were rejected").any()


def test_partly_covered_periods_flagged_and_named():
    # The rota runs 10-20 June; monthly periods: June is only partly covered.
    rota = read(
        [
            visit("2026-06-10 09:00", "2026-06-10 17:00", pay="120"),
            visit("2026-06-20 09:00", "2026-06-20 17:00", pay="120"),
        ]
    )
    got = analyse(rota, PayPolicy(), period="monthly", as_of="2026-11-01")
    assert "partial_period" in got.periods["flags"].iloc[0]
    text = reasons(got)
    hit = text[text.str.contains("only partly covered")]
    assert len(hit) == 1
    assert "2026-06-01 to 2026-06-30" in hit.iloc[0] and "2026-06-10 to 2026-06-20" in hit.iloc[0]


def test_planned_times_counted_and_flagged():
    # The importers list the rows whose times are planned ones (RotaRead.planned_rows).
    rota = read(
        [
            visit("2026-06-01 09:00", "2026-06-01 10:00", pay="15"),
            visit("2026-06-08 09:00", "2026-06-08 10:00", pay="15"),
        ]
    )
    rota.planned_rows = [3]
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    text = reasons(got)
    pattern = r"1 row\(s\) have no actual .* planned times were used \(rows 3\)"
    assert text.str.contains(pattern).any()
    flags = got.periods.set_index(got.periods["period_start"].dt.strftime("%Y-%m-%d"))["flags"]
    assert "planned_times" not in flags["2026-06-01"] and "planned_times" in flags["2026-06-08"]


def test_no_date_of_birth_names_the_workers():
    rota = read(
        [
            visit("2026-06-01 09:00", "2026-06-01 10:00", worker="Ann", pay="15"),
            visit("2026-06-01 09:00", "2026-06-01 10:00", worker="Bob", pay="15"),
        ]
    )
    got = analyse(rota, PayPolicy(), as_of="2026-11-01")
    text = reasons(got)
    hit = text[text.str.contains("no date of birth")]
    assert len(hit) == 1
    assert hit.iloc[0].startswith("2 worker(s) have no date of birth (there is no workers file)")
    assert "'Ann' and 'Bob'" in hit.iloc[0]


# ------------------------------------------------------------------ item 14: payroll periods


def _split_month():
    # Paid monthly, 10 August to 9 September 2026 (21+, £12.71 from 2026-04-01, rules §6):
    # 10 h in August paid £100 and 10 h in September paid £160: 20 h, £260.
    return read(
        [
            visit("2026-08-12 08:00", "2026-08-12 18:00", pay="100"),
            visit("2026-09-08 08:00", "2026-09-08 18:00", pay="160"),
        ]
    )


def test_compliant_month_from_the_10th_is_not_a_false_shortfall():
    # Issue 8 item 14, reg 6: the PRP is the month the worker is paid for, 10 Aug - 9 Sep:
    # 20 h × £12.71 = £254.20 ≤ £260 paid → no shortfall.
    got = analyse(_split_month(), PayPolicy(), period="monthly", period_anchor="2026-08-10")
    (period,) = got.periods.itertuples()
    assert period.period_start == pd.Timestamp("2026-08-10")
    assert period.period_end == pd.Timestamp("2026-09-09")
    assert period.working_hours == 20.0 and period.shortfall == 0.0 and not period.below_nmw
    # Split into calendar months instead, August alone would show 10 × 12.71 = £127.10 − £100 =
    # £27.10: the false shortfall that choosing the payroll's own period avoids.
    calendar = analyse(_split_month(), PayPolicy(), period="monthly", as_of="2026-11-01")
    assert calendar.periods["shortfall"].tolist() == [27.10, 0.0]


def test_periods_of_n_days_end_to_end():
    # 10-day periods from 2026-08-10: 12 Aug in 10-19 Aug, 8 Sep in 30 Aug - 8 Sep.
    got = analyse(
        _split_month(), PayPolicy(), period_anchor="2026-08-10", period_days=10, as_of="2026-11-01"
    )
    assert got.periods["period_start"].dt.strftime("%m-%d").tolist() == ["08-10", "08-30"]
    assert got.periods["period_end"].dt.strftime("%m-%d").tolist() == ["08-19", "09-08"]
    assert got.settings["period"] == "10-day"


def test_cli_period_days(tmp_path, capsys):
    rota = tmp_path / "r.csv"
    rota.write_text(
        "worker_id,start,end,pay\nW1,2026-08-12 08:00,2026-08-12 18:00,100\n", encoding="utf-8"
    )
    assert main(["analyse", str(rota), "--period-days", "10", "--as-of", "2026-11-01"]) == 0
    assert "10-day" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["analyse", str(rota), "--period-days", "31"])
    assert exit_.value.code == 2
    assert "1 to 28 days" in capsys.readouterr().err


def test_cli_period_anchor_runs_monthly_periods_from_its_day(tmp_path):
    # `--period monthly --period-anchor 2026-08-10`: one PRP 10 Aug - 9 Sep, 20 h, £260 paid:
    # 20 × £12.71 = £254.20 ≤ £260, no shortfall (reg 6; the split-month test above).
    rota = tmp_path / "r.csv"
    rota.write_text(
        "worker_id,start,end,pay\n"
        "W1,2026-08-12 08:00,2026-08-12 18:00,100\n"
        "W1,2026-09-08 08:00,2026-09-08 18:00,160\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.json"
    args = ["analyse", str(rota), "--period", "monthly", "--period-anchor", "2026-08-10"]
    assert main([*args, "--as-of", "2026-11-01", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    (period,) = data["periods"]
    assert (period["period_start"], period["period_end"]) == ("2026-08-10", "2026-09-09")
    assert period["shortfall"] == 0.0

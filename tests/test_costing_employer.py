"""Employer on-costs per worker and pay period, each line hand-worked (rules §6).

Figures: employer NI 15% above £96 a week / £192 a fortnight / £385 four-weekly / £417 a month;
pension 3% of earnings between £120 and £967 a week (£240/£1,934, £480/£3,867, £520/£4,189),
for workers over the trigger £192 a week (£384, £768, £833) aged 22 to State Pension age;
holiday 12.07%; SSP from 6 April 2026 from day one at the lower of 80% of AWE and £123.25 a week.
"""

from __future__ import annotations

import pandas as pd
import pytest

from payfair.costing.employer_costs import (
    CostTerms,
    SSPRules,
    employer_costs,
    employment_allowance,
    load_employer_costs,
    now_terms,
    rota_dates,
    ssp_rules_on,
    with_covered_days,
    years_covered,
)


def periods(gross, paid_hours=None, age=30.0, mileage=0.0, start="2026-04-06", end="2026-04-12"):
    gross = list(gross)
    n = len(gross)
    return pd.DataFrame(
        {
            "worker_id": [f"w{i}" for i in range(n)],
            "period_start": pd.to_datetime([start] * n),
            "period_end": pd.to_datetime([end] * n),
            "gross_pay": gross,
            "premium_pay": [0.0] * n,
            "allowance_pay": [0.0] * n,
            "paid_hours": paid_hours or [g / 12.5 for g in gross],
            "mileage_pay": [mileage] * n,
            "age": [age] * n,
        }
    )


def one(df, **kw):
    return employer_costs(df, **kw).iloc[0]


def test_settings_file_matches_domain_figures():
    # rules §6: the shipped rates/employer_costs.toml carries the statutory figures, with sources
    s = load_employer_costs()
    # employer NI 15% above £5,000 a year: £96 a week, £192 a fortnight, £385 four-weekly, £417 a
    # month; Employment Allowance £10,500
    assert s.ni_rate == 0.15 and s.employment_allowance == 10500
    assert s.ni_threshold == {"weekly": 96, "fortnightly": 192, "four-weekly": 385, "monthly": 417}
    # pension 3% of qualifying earnings £6,240 to £50,270 a year (£120 to £967 a week), for
    # workers over £10,000 a year (£192 a week), aged 22 to State Pension age
    assert s.pension_rate == 0.03 and s.pension_min_age == 22
    assert (s.pension_lower["weekly"], s.pension_upper["weekly"]) == (120, 967)
    assert s.pension_trigger["weekly"] == 192
    # holiday 12.07%; SSP from 6 April 2026: day one, no lower earnings limit, lower of 80% of
    # AWE and £123.25 (2025-26: £118.75 from day four, LEL £125); HMRC mileage 45p
    assert s.holiday_rate == 0.1207 and s.mileage_rate == 0.45
    assert s.ssp["2026-27"] == SSPRules(123.25, 0.80, 0, 0, "2026-04-06")
    assert s.ssp["2025-26"] == SSPRules(118.75, 1.0, 3, 125, "2025-04-06")
    # SSCBA 1992 ss 9A, 9B; gov.uk rates and thresholds: upper secondary threshold (under 21)
    # and apprentice upper secondary threshold (under 25) £967 a week, £50,270 a year
    assert s.ni_upper_threshold == {
        "weekly": 967,
        "fortnightly": 1934,
        "four-weekly": 3867,
        "monthly": 4189,
    }
    assert (s.ni_relief_under_age, s.ni_relief_apprentice_under_age) == (21, 25)
    assert s.sources["upper_secondary_threshold"]
    for key in ("national_insurance", "pension", "holiday", "statutory_sick_pay", "mileage"):
        assert s.sources[key]


def test_weekly_ni_pension_holiday():
    # rules §6, weekly pay: gross £400 for 32 paid hours (£12.50/h)
    r = one(periods([400.0]), period="weekly")
    assert r["rate"] == pytest.approx(12.50)  # 400 / 32
    assert r["holiday_pay"] == pytest.approx(48.28)  # 0.1207 × 400
    assert r["earnings"] == pytest.approx(448.28)  # 400 + 48.28
    assert r["employer_ni"] == pytest.approx(52.842)  # 0.15 × (448.28 − 96) = 0.15 × 352.28
    assert r["pension_eligible"]
    assert r["pension"] == pytest.approx(9.8484)  # 0.03 × (448.28 − 120) = 0.03 × 328.28
    assert r["employer_cost"] == pytest.approx(448.28 + 52.842 + 9.8484)


def test_monthly_ni_pension_thresholds():
    # rules §6, monthly pay: gross £1,600
    r = one(periods([1600.0], end="2026-04-30"), period="monthly")
    assert r["holiday_pay"] == pytest.approx(193.12)  # 0.1207 × 1600
    assert r["earnings"] == pytest.approx(1793.12)
    assert r["employer_ni"] == pytest.approx(206.418)  # 0.15 × (1793.12 − 417) = 0.15 × 1376.12
    assert r["pension"] == pytest.approx(38.1936)  # 0.03 × (1793.12 − 520) = 0.03 × 1273.12


def test_fortnightly_and_four_weekly_thresholds():
    # rules §6: fortnightly gross £500 → earnings 500 × 1.1207 = 560.35
    r = one(periods([500.0]), period="fortnightly")
    assert r["employer_ni"] == pytest.approx(55.2525)  # 0.15 × (560.35 − 192)
    assert r["pension"] == pytest.approx(9.6105)  # 0.03 × (560.35 − 240)
    # four-weekly gross £1,000 → earnings 1120.70
    r = one(periods([1000.0]), period="four-weekly")
    assert r["employer_ni"] == pytest.approx(110.355)  # 0.15 × (1120.70 − 385)
    assert r["pension"] == pytest.approx(19.221)  # 0.03 × (1120.70 − 480)


def test_worker_below_pension_trigger_and_include_all_setting():
    # rules §6: gross £150 a week → earnings 150 × 1.1207 = 168.105, below the £192 trigger
    r = one(periods([150.0]), period="weekly")
    assert not r["pension_eligible"]
    assert r["pension"] == 0.0
    assert r["employer_ni"] == pytest.approx(10.81575)  # 0.15 × (168.105 − 96) = 0.15 × 72.105
    # setting: include all workers → 0.03 × (168.105 − 120) = 0.03 × 48.105
    r = one(periods([150.0]), period="weekly", terms=CostTerms(pension_include_all=True))
    assert r["pension"] == pytest.approx(1.44315)


def test_below_ni_threshold_pays_no_ni():
    # gross £80 a week → earnings 89.656 < £96: no employer NI, and below the £120 lower limit
    r = one(periods([80.0]), period="weekly", terms=CostTerms(pension_include_all=True))
    assert r["employer_ni"] == 0.0
    assert r["pension"] == 0.0


def test_pension_capped_at_upper_qualifying_limit_monthly():
    # gross £4,000 a month → earnings 4482.80 > £4,189: 0.03 × (4189 − 520) = 0.03 × 3669
    r = one(periods([4000.0]), period="monthly")
    assert r["pension"] == pytest.approx(110.07)


def test_pension_age_limits():
    # rules §6: automatic enrolment is for ages 22 to State Pension age (66); unknown age counts
    df = pd.concat([periods([400.0], age=a) for a in (21.0, 22.0, 66.0, float("nan"))])
    out = employer_costs(df, period="weekly")
    assert out["pension_eligible"].tolist() == [False, True, False, True]


def test_training_hours_a_year():
    # 26 training hours a year → 26 / 52 = 0.5 h a week at the worker's £12.50 = £6.25
    r = one(periods([400.0]), period="weekly", terms=CostTerms(training_hours_per_year=26))
    assert r["training_hours"] == pytest.approx(0.5)
    assert r["training_pay"] == pytest.approx(6.25)
    assert r["holiday_pay"] == pytest.approx(49.034375)  # 0.1207 × (400 + 6.25) = 0.1207 × 406.25
    # monthly: 26 / 12 = 2.1667 h × £12.50 = £27.0833
    r = one(periods([1600.0]), period="monthly", terms=CostTerms(training_hours_per_year=26))
    assert r["training_pay"] == pytest.approx(27.083333)


def test_statutory_sick_pay_2026_rules():
    # rules §6: from 6 April 2026, day one, lower of 80% of AWE and £123.25 a week, per day ÷ 5
    terms = CostTerms(sick_pay="statutory", ssp_rules="2026-27", sick_days_per_year=10)
    out = employer_costs(periods([400.0, 100.0]), period="weekly", terms=terms)
    # £400 a week: 0.8 × 400 = 320 > 123.25 → 123.25 / 5 = 24.65 a day × 10/52 days
    assert out.loc[0, "sick_pay"] == pytest.approx(24.65 * 10 / 52)  # 4.7404
    # £100 a week (no lower earnings limit now): 0.8 × 100 = 80 → 16 a day × 10/52 days
    assert out.loc[1, "sick_pay"] == pytest.approx(16 * 10 / 52)  # 3.0769


def test_statutory_sick_pay_2025_rules():
    # 2025-26: £118.75 a week from day four, lower earnings limit £125 (5-day spells assumed)
    terms = CostTerms(sick_pay="statutory", ssp_rules="2025-26", sick_days_per_year=10)
    out = employer_costs(periods([400.0, 100.0]), period="weekly", terms=terms)
    # 118.75 / 5 = 23.75 a day × 10/52 days × (1 − 3/5) paid days
    assert out.loc[0, "sick_pay"] == pytest.approx(23.75 * 10 / 52 * 0.4)  # 1.8269
    assert out.loc[1, "sick_pay"] == 0.0  # £100 < £125 lower earnings limit


def test_occupational_sick_pay():
    # full pay: AWE £400 ÷ 5 = £80 a day × 10/52 days = £15.3846
    terms = CostTerms(sick_pay="occupational", sick_days_per_year=10)
    r = one(periods([400.0]), period="weekly", terms=terms)
    assert r["sick_pay"] == pytest.approx(80 * 10 / 52)
    # sick pay is earnings: NI on 400 + 48.28 + 15.3846 = 463.6646 → 0.15 × 367.6646
    assert r["employer_ni"] == pytest.approx(0.15 * (463.6646 - 96), abs=1e-4)


def test_mileage_is_a_cost_but_not_earnings():
    r = one(periods([400.0], mileage=20.0), period="weekly")
    assert r["earnings"] == pytest.approx(448.28)
    assert r["employer_cost"] == pytest.approx(448.28 + 52.842 + 9.8484 + 20.0)


def test_employment_allowance_at_employer_level():
    # rules §6: £10,500 a year per employer, at most the NI due
    assert employment_allowance(5000.0, 1 / 52) == pytest.approx(10500 / 52)  # 201.92
    assert employment_allowance(5000.0, 1.0) == pytest.approx(5000.0)
    off = load_employer_costs().with_changes(apply_employment_allowance=False)
    assert employment_allowance(5000.0, 1.0, off) == 0.0
    # two weekly periods in the data = 2/52 of a year
    df = pd.concat([periods([400.0]), periods([400.0], start="2026-04-13", end="2026-04-19")])
    assert years_covered(df, "weekly") == pytest.approx(2 / 52)


def test_employer_ni_zero_below_upper_secondary_threshold_under_21():
    # SSCBA 1992 s 9A: 0% employer NI up to the upper secondary threshold (£967 a week) for a
    # worker under 21. Gross £400: earnings 400 × 1.1207 = 448.28 < 967 → NI £0.
    young = one(periods([400.0], age=20.0), period="weekly")
    assert young["employer_ni"] == 0.0
    assert bool(young["ni_relief"])
    # aged 21: 0.15 × (448.28 − 96) = 52.842
    assert one(periods([400.0], age=21.0), period="weekly")["employer_ni"] == pytest.approx(52.842)
    # under 21 earning £1,000: 1000 × 1.1207 = 1120.70; 0.15 × (1120.70 − 967) = 23.055
    assert one(periods([1000.0], age=19.0), period="weekly")["employer_ni"] == pytest.approx(23.055)
    # monthly: £3,000 gross → 3362.10 < £4,189 a month → £0
    m = one(periods([3000.0], age=18.0, start="2026-04-01", end="2026-04-30"), period="monthly")
    assert m["employer_ni"] == 0.0


def test_employer_ni_zero_for_apprentices_under_25():
    # SSCBA 1992 s 9B: apprentices under 25 (AUST £967 a week). Age 24, apprentice: £0 on 448.28
    df = periods([400.0], age=24.0)
    df["apprentice"] = True
    assert one(df, period="weekly")["employer_ni"] == 0.0
    # an apprentice of 25 pays the normal 0.15 × (448.28 − 96) = 52.842
    df25 = periods([400.0], age=25.0)
    df25["apprentice"] = True
    assert one(df25, period="weekly")["employer_ni"] == pytest.approx(52.842)
    # not (yet) an apprentice: the apprenticeship starts after the period → normal NI
    later = periods([400.0], age=24.0)
    later["apprentice"] = True
    later["apprenticeship_start"] = pd.to_datetime(["2026-09-01"])
    assert one(later, period="weekly")["employer_ni"] == pytest.approx(52.842)
    # age unknown: no relief (the dearer figure)
    assert one(periods([400.0], age=float("nan")), period="weekly")["employer_ni"] == (
        pytest.approx(52.842)
    )


def test_covered_days_prorate_a_partly_covered_period():
    # A monthly period (30 days in April 2026) of which the rota covers 15 days (16-30 April):
    # share of the year 15/364, thresholds × 15/30. Gross £600, training 24 h a year at £12.50.
    df = periods([600.0], paid_hours=[48.0], start="2026-04-01", end="2026-04-30")
    df = with_covered_days(df, (pd.Timestamp("2026-04-16"), pd.Timestamp("2026-05-20")))
    assert df["covered_days"].iloc[0] == 15
    terms = CostTerms(training_hours_per_year=24.0)
    r = one(df, period="monthly", terms=terms)
    training = 24 * 15 / 364 * 12.50  # 12.362637
    assert r["training_pay"] == pytest.approx(training)
    earnings = (600 + training) * 1.1207  # 686.2264
    assert r["employer_ni"] == pytest.approx(0.15 * (earnings - 417 * 15 / 30))  # 417 × ½
    # pension: 0.03 × (earnings − 520 × ½); over the trigger 833 × ½ = 416.50
    assert r["pension"] == pytest.approx(0.03 * (earnings - 260))
    assert years_covered(df, "monthly") == pytest.approx(15 / 364)


def test_rota_dates_and_now_terms():
    tl = pd.DataFrame(
        {"start": pd.to_datetime(["2026-04-07 23:30", "2026-04-20 09:00"]).tz_localize("UTC")}
    )
    # 23:30 UTC on 7 April is 00:30 BST on Wednesday 8 April: local dates count; Wednesday 8 to
    # Monday 20 April, in whole Monday-to-Sunday weeks: Monday 6 to Sunday 26 April
    assert rota_dates(tl) == (pd.Timestamp("2026-04-06"), pd.Timestamp("2026-04-26"))
    s = load_employer_costs()
    assert ssp_rules_on(pd.Timestamp("2026-04-06"), s) == "2026-27"
    assert ssp_rules_on(pd.Timestamp("2026-04-05"), s) == "2025-26"
    t = now_terms(s, pd.Timestamp("2025-10-01"))
    assert (t.sick_pay, t.ssp_rules, t.sick_days_per_year, t.training_hours_per_year) == (
        "statutory",
        "2025-26",
        8.0,
        24.0,
    )

"""A scenario applied to a rota: who gains and by how much (rules §8), hand-worked."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from payfair.costing.employer_costs import default_employer_costs
from payfair.costing.outcomes import apply_scenario, outcomes_from_periods
from payfair.costing.scenario import load_scenario, scenario_from_dict
from payfair.importers import load_rota
from payfair.policy import load_policy

NO_EA = default_employer_costs().with_changes(
    apply_employment_allowance=False, now_sick_days_per_year=0.0, now_training_hours_per_year=0.0
)
FLOOR = scenario_from_dict(
    {
        "name": "floor 12.21",
        "pay": {"contact_rate": 12.21, "travel_rate": "contact", "waiting_rate": "contact"},
        "terms": {"sick_days_per_year": 0.0, "training_hours_per_year": 0.0},
    }
)


def frame(rows):
    df = pd.DataFrame(rows)
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = df["period_start"] + pd.Timedelta(days=6)
    return df


NOW = frame(
    [
        # w1: 10 contact hours paid £12, 2 hours of travel unpaid: £120 for 12 working hours
        {
            "worker_id": "w1",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 10.0,
            "unpaid_working_hours": 2.0,
            "gross_pay": 120.0,
            "nmw_pay": 120.0,
            "true_hourly_rate": 10.0,
            "below_nmw": True,
            "mileage_pay": 5.0,
            "role": "care or support worker",
            "age": 30.0,
        },
        # w2: £12.50 for every working hour already
        {
            "worker_id": "w2",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 150.0,
            "nmw_pay": 150.0,
            "true_hourly_rate": 12.5,
            "below_nmw": False,
            "mileage_pay": 5.0,
            "role": "care or support worker",
            "age": 30.0,
        },
    ]
)
REPAID = frame(
    [
        {
            "worker_id": "w1",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 146.52,
            "nmw_pay": 146.52,
            "true_hourly_rate": 12.21,
            "below_nmw": False,
            "mileage_pay": 9.0,
            "role": "care or support worker",
            "age": 30.0,
        },
        {
            "worker_id": "w2",
            "period_start": "2026-04-06",
            "contact_hours": 10.0,
            "working_hours": 12.0,
            "paid_hours": 12.0,
            "unpaid_working_hours": 0.0,
            "gross_pay": 150.0,
            "nmw_pay": 150.0,
            "true_hourly_rate": 12.5,
            "below_nmw": False,
            "mileage_pay": 9.0,
            "role": "care or support worker",
            "age": 30.0,
        },
    ]
)


def test_outcomes_per_worker_period_hand_worked():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    w1 = o.periods.set_index("worker_id").loc["w1"]
    assert w1["change"] == pytest.approx(26.52)  # 12 h × £12.21 = 146.52 − 120
    assert w1["change_pct"] == pytest.approx(22.1)  # 26.52 / 120
    assert w1["true_hourly_rate_scenario"] == pytest.approx(12.21)
    assert bool(w1["below_nmw_now"]) and not bool(w1["below_nmw_scenario"])
    # employer cost now: 120 × 1.1207 = 134.484; NI 0.15 × (134.484 − 96) = 5.7726;
    # below the £192 pension trigger; + £5 mileage = 145.2566
    assert w1["employer_cost_now"] == pytest.approx(145.2566)
    # scenario: 146.52 × 1.1207 = 164.204964; NI 0.15 × 68.204964 = 10.2307446; + £9 mileage
    assert w1["employer_cost_scenario"] == pytest.approx(183.4357086)
    assert o.periods.set_index("worker_id").loc["w2", "change"] == pytest.approx(0.0)


def test_outcomes_totals_gainers_and_distribution():
    o = outcomes_from_periods(NOW, REPAID, FLOOR, period="weekly", settings=NO_EA)
    t = o.totals
    assert t["pay_now"] == pytest.approx(270.0)
    assert t["pay_scenario"] == pytest.approx(296.52)
    assert t["change"] == pytest.approx(26.52)
    assert t["workers_gaining"] == 1
    assert t["periods_below_nmw_now"] == 1 and t["periods_below_nmw_scenario"] == 0
    assert t["weeks_covered"] == pytest.approx(1.0)
    assert t["employer_cost_change_per_year"] == pytest.approx(t["employer_cost_change"] * 52)
    assert o.top_gainers.iloc[0]["worker_id"] == "w1"
    dist = o.distribution.set_index("change_per_week")["workers"]
    assert dist["£25 to £50"] == 1  # w1: £26.52 a week
    assert dist["no gain"] == 1  # w2
    assert dist.sum() == 2


def rota_csv(text):
    return load_rota(io.BytesIO(text.encode()), filename="rota.csv")


def test_apply_scenario_through_the_engine_keeps_own_higher_rate():
    # default policy: contact £12.80, travel unpaid. Two 30-minute visits with 10 minutes of
    # travel between them (the first visit's travel is commute, rules §3.6).
    rota = rota_csv(
        "worker_id,start,end,kind,status,client_id,travel_minutes,travel_miles\n"
        "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,15,3\n"
        "A,2026-04-07 09:40,2026-04-07 10:10,visit,completed,c2,10,2\n"
    )
    scenario = load_scenario("minimum_lawful_2026_27")  # floor £12.71 < A's own £12.80
    o = apply_scenario(rota, scenario, load_policy(), as_of="2026-05-01")
    row = o.periods.iloc[0]
    assert row["working_hours"] == pytest.approx(70 / 60)
    assert row["pay_now"] == pytest.approx(12.80)  # 60 contact minutes × £12.80
    assert row["pay_scenario"] == pytest.approx(70 / 60 * 12.80)  # own rate kept: 14.9333
    assert row["change"] == pytest.approx(10 / 60 * 12.80)  # 2.1333
    assert row["mileage_scenario"] == pytest.approx(2 * 0.45)  # business miles only


def test_apply_scenario_role_floor_lifts_rate():
    rota = rota_csv(
        "worker_id,start,end,kind,status,client_id,travel_minutes\n"
        "A,2026-04-07 09:00,2026-04-07 10:00,visit,completed,c1,\n"
    )
    workers = pd.DataFrame({"worker_id": ["A"], "role": ["supervisor or leader"]})
    fpa = load_scenario("fair_pay_agreement_illustrative")
    o = apply_scenario(rota, fpa, load_policy(), workers=workers, as_of="2026-05-01")
    # 1 h at the illustrative supervisor floor £15.50 against £12.80 now
    assert o.periods.iloc[0]["pay_scenario"] == pytest.approx(15.50)
    assert o.periods.iloc[0]["change"] == pytest.approx(15.50 - 12.80)


# ------------------------------------------------------------- issue 8 items 5 and 7, annual

# Rota pay that covers the journey to each visit at £12 an hour (docs/ARCHITECTURE.md: `pay`
# includes any pay for the journey to the event), and a paid cancellation (pay, no hours).
#   V1 09:00-09:30, first of the day: its 10 minutes of travel are commute (rules §3.6) → £6.00
#   V2 09:45-10:45, 15 minutes' travel counted → (1 h + 0.25 h) × £12 = £15.00
#   V3 10:55-11:25, 10 minutes' travel counted → (0.5 h + 1/6 h) × £12 = £8.00
#   C  13:00-14:00 cancelled, paid £20.00
PAID_WITH_TRAVEL = (
    "worker_id,start,end,kind,status,client_id,travel_minutes,pay\n"
    "A,2026-04-07 09:00,2026-04-07 09:30,visit,completed,c1,10,6.00\n"
    "A,2026-04-07 09:45,2026-04-07 10:45,visit,completed,c2,15,15.00\n"
    "A,2026-04-07 10:55,2026-04-07 11:25,visit,completed,c3,10,8.00\n"
    "A,2026-04-07 13:00,2026-04-07 14:00,visit,cancelled,c4,,20.00\n"
)


def test_own_rate_is_contact_pay_over_contact_hours():
    # issue 8 item 5: the old rate was all visit pay ÷ contact hours = (6 + 15 + 8 + 20) ÷ 2 h =
    # £24.50 (£14.50 without the cancellation). Contact pay over contact hours, the travel
    # part taken out: visit pay = r_c × contact h + r_t × travel h, fitted: r_c = r_t = £12.
    from payfair.analysis import analyse
    from payfair.costing.outcomes import own_rates

    rota = rota_csv(PAID_WITH_TRAVEL)
    base = analyse(rota, load_policy(), as_of="2026-05-01")
    rates = own_rates(base.timeline, load_policy()).set_index("worker_id")
    assert rates.loc["A", "contact_rate"] == pytest.approx(12.0)
    assert rates.loc["A", "travel_rate"] == pytest.approx(12.0)


def test_scenario_repays_at_own_rate_and_keeps_paid_cancellations():
    # Minimum lawful 2026-27: floor £12.71 > own £12. Re-pay: contact 2 h + travel 25 min at
    # £12.71 = 2.416667 × 12.71 = £30.715833, plus the £20 cancellation carried through =
    # £50.715833 (before the fix: the rate was £24.50 and the cancellation was dropped).
    rota = rota_csv(PAID_WITH_TRAVEL)
    o = apply_scenario(
        rota, load_scenario("minimum_lawful_2026_27"), load_policy(), as_of="2026-05-01"
    )
    row = o.periods.iloc[0]
    assert row["pay_now"] == pytest.approx(49.0)  # 6 + 15 + 8 + 20
    assert row["pay_scenario"] == pytest.approx((2 + 25 / 60) * 12.71 + 20.0)
    assert row["change"] == pytest.approx((2 + 25 / 60) * 12.71 + 20.0 - 49.0)  # 1.715833
    assert o.totals["cancellation_pay"] == pytest.approx(20.0)


def test_paid_hours_now_count_the_travel_the_rota_paid_for():
    # issue 8 item 7: working time = 2 h contact + 25 min travel = 2.416667 h, all paid for by
    # the rota (travel in the visit pay): paid hours 2.416667, unpaid 0 (before: paid = contact
    # 2 h, unpaid 0.416667 h); paid-time rate = £49 ÷ 2.416667 h = £20.2759 (gross includes the
    # £20 cancellation, pay for no hours)
    rota = rota_csv(PAID_WITH_TRAVEL)
    o = apply_scenario(
        rota, load_scenario("minimum_lawful_2026_27"), load_policy(), as_of="2026-05-01"
    )
    row = o.periods.iloc[0]
    assert row["working_hours"] == pytest.approx(2 + 25 / 60)
    assert row["paid_hours_now"] == pytest.approx(2 + 25 / 60)
    assert row["unpaid_hours_now"] == pytest.approx(0.0)
    assert row["paid_time_rate_now"] == pytest.approx(49.0 / (2 + 25 / 60))


def test_own_rate_when_rota_pay_is_for_contact_only():
    # Pay for contact only (£12 × contact hours): the fit gives r_c = £12, r_t = 0; travel is
    # unpaid working time: paid 2 h, unpaid 25 min.
    rota = rota_csv(PAID_WITH_TRAVEL.replace("15.00", "12.00").replace("8.00", "6.00"))
    o = apply_scenario(
        rota, load_scenario("minimum_lawful_2026_27"), load_policy(), as_of="2026-05-01"
    )
    row = o.periods.iloc[0]
    assert row["paid_hours_now"] == pytest.approx(2.0)
    assert row["unpaid_hours_now"] == pytest.approx(25 / 60)
    # re-pay at £12.71 for 2 h 25 min + £20: same as above
    assert row["pay_scenario"] == pytest.approx((2 + 25 / 60) * 12.71 + 20.0)


def _sample():
    from pathlib import Path

    from payfair.importers import load_workers

    root = Path(__file__).resolve().parent.parent / "rota_samples"
    if not (root / "canonical_branch.csv").exists():
        pytest.skip("sample rota not present")
    return load_rota(root / "canonical_branch.csv"), load_workers(
        root / "canonical_branch_workers.csv"
    )[0]


def test_annual_figures_do_not_depend_on_the_pay_period():
    # issue 8 "Annual figures": the three-week sample rota (23 March to 12 April 2026) gave 3.0
    # weeks weekly but 8.7 monthly. Annualised from the dates the rota covers: 3.0 weeks both
    # ways. What still differs is the law's own per-period thresholds (NI and pension are
    # worked out on each pay period's earnings), a few hundredths of a percent here.
    from payfair.costing.fee_rate import fee_from_rota

    rota, workers = _sample()
    fpa = load_scenario("fair_pay_agreement_illustrative")
    got = {}
    for period in ("weekly", "monthly"):
        o = apply_scenario(
            rota, fpa, load_policy(), workers=workers, period=period, as_of="2026-05-01"
        )
        fee = fee_from_rota(o.repaid.periods, fpa, period=period, timeline=o.repaid.timeline)
        got[period] = (o.totals, fee.fee, o.workers.set_index("worker_id")["change_per_week"])
    (tw, fw, cw), (tm, fm, cm) = got["weekly"], got["monthly"]
    assert tw["weeks_covered"] == pytest.approx(3.0) and tm["weeks_covered"] == pytest.approx(3.0)
    assert tw["change_per_week"] == pytest.approx(tm["change_per_week"])
    assert tw["employer_cost_change_per_year"] == pytest.approx(
        tm["employer_cost_change_per_year"], rel=0.002
    )
    assert tw["employer_cost_now"] == pytest.approx(tm["employer_cost_now"], rel=0.002)
    assert fw == pytest.approx(fm, rel=0.001)
    # each worker's gain a week: the same weeks (covered days ÷ 7) both ways
    assert cw.to_numpy() == pytest.approx(cm.reindex(cw.index).to_numpy())


def test_employer_cost_now_is_one_figure_in_every_scenario():
    # pay now is costed on the same terms whatever the scenario (rates/employer_costs.toml
    # [pay_now]); before, it took each scenario's sickness days and training hours
    rota, workers = _sample()
    policy = load_policy()
    from payfair.analysis import analyse

    base = analyse(rota, policy, workers=workers, as_of="2026-05-01")
    now = {
        apply_scenario(
            rota, load_scenario(name), policy, workers=workers, as_of="2026-05-01", baseline=base
        ).totals["employer_cost_now"]
        for name in (
            "minimum_lawful_2026_27",
            "unison_ethical_care_charter",
            "fair_pay_agreement_illustrative",
        )
    }
    assert len(now) == 1


def test_employer_ni_relief_through_a_scenario():
    # issue 8 item 13 (SSCBA 1992 ss 9A, 9B): under 21, or an apprentice under 25 whose
    # apprenticeship has started, pay 0% employer NI below £967 a week. Each worker: five 8-hour
    # days (Mon 6 to Fri 10 April 2026) at their own rate now, £12.80 (the default policy; above
    # the £12.71 floor, so kept) = 40 h × £12.80 = £512.00 gross.
    from payfair.costing.fee_rate import fee_from_rota

    lines = ["worker_id,start,end,kind,status,client_id"]
    for w in ("young", "apprentice", "older"):
        for day in range(6, 11):
            lines.append(f"{w},2026-04-{day:02d} 09:00,2026-04-{day:02d} 17:00,visit,completed,c")
    rota = rota_csv("\n".join(lines) + "\n")
    workers = pd.DataFrame(
        {
            "worker_id": ["young", "apprentice", "older"],
            "date_of_birth": pd.to_datetime(["2006-01-01", "2003-01-01", "1990-01-01"]),
            "apprentice": [False, True, False],
            "apprenticeship_start": pd.to_datetime([None, "2025-09-01", None]),
        }
    )
    s = scenario_from_dict(
        {
            "name": "floor",
            "pay": {"contact_rate": 12.71, "role_floor": {"*": 12.71}},
            "terms": {"sick_days_per_year": 0.0, "training_hours_per_year": 0.0},
        }
    )
    o = apply_scenario(rota, s, load_policy(), workers=workers, as_of="2026-05-01", settings=NO_EA)
    fee = fee_from_rota(o.repaid.periods, s, period="weekly", settings=NO_EA)
    ni = fee.per_worker.set_index("worker_id")["employer_ni"]
    assert ni["young"] == 0.0  # aged 20: 512.00 × 1.1207 = 573.80 < 967
    assert ni["apprentice"] == 0.0  # aged 23, apprentice since September 2025
    # aged 36: 0.15 × (512.00 × 1.1207 − 96) = 0.15 × 477.7984 = 71.66976
    assert ni["older"] == pytest.approx(0.15 * (512.00 * 1.1207 - 96))

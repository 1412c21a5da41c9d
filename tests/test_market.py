"""The commissioner's market view (payfair.market, `payfair market`; issue 11 item 4).

Tiny Homecare, the hand-made provider of rota_samples/market/, is checked figure by figure.
Its rota (week of Monday 13 April 2026; NLW £12.71 from 1 April 2026, rules §6):

Ann Tiny, Mon 13 April (pay given: £6 + £9 + £3 + £12 = £30):
  09:00-09:30 (30 min, travel 10: first of the run, a commute, not counted, rules §3.6)
  09:45-10:30 (45 min, travel 15 in a 15-minute gap: 15 travel)
  10:40-10:55 (15 min, travel 10 in a 10-minute gap: 10 travel)
  11:30-12:30 (60 min, travel 20 in a 35-minute gap: 20 travel + 15 waiting, rules §3.3-3.4)
  contact 150 min, travel 45, waiting 15: working 210 min = 3.5 h; paid 150 min (rota pay
  covers the visits' own minutes); £30 ÷ 3.5 h = £8.57 < £12.71: below the minimum wage.
Bob Tiny, Tue 14 April (pay given: £15 + £10 + £10 = £35):
  08:00-09:00 (60 min, commute), 09:10-09:40 (30, travel 10), 09:50-10:20 (30, travel 10)
  contact 120 min, travel 20: working 140 min; paid 120; £35 ÷ 2.33 h = £15.00: not below.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from payfair import market as mk
from payfair.cli import main
from payfair.costing.fee_rate import fee_from_rota
from payfair.costing.outcomes import apply_scenario
from payfair.costing.scenario import load_scenario
from payfair.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "rota_samples" / "market"
SCENARIO = "minimum_lawful_2026_27"
AS_OF = "2026-06-01"


@pytest.fixture(scope="module")
def view() -> mk.MarketView:
    providers = mk.read_market(SAMPLE)
    return mk.market(providers, load_scenario(SCENARIO), load_policy(None), as_of=AS_OF)


def tiny(view: mk.MarketView) -> dict:
    return view.providers.set_index("provider").loc["tiny_homecare"].to_dict()


def test_sample_has_five_providers_one_folder_each(view):
    assert list(view.providers["provider"]) == [
        "brightwell_care",
        "northgate_care",
        "oakfield_support",
        "riverside_homecare",
        "tiny_homecare",
    ]
    size = sum(f.stat().st_size for f in SAMPLE.rglob("*") if f.is_file())
    assert size < 400_000  # a small sample


def test_tiny_homecare_measured_figures_by_hand(view):
    t = tiny(view)
    assert t["rows_read"] == 7 and t["rows_used"] == 7 and t["rows_rejected"] == 0
    assert t["workers"] == 2 and t["visits"] == 7
    assert t["contact_hours"] == pytest.approx(4.5)  # (150 + 120) min ÷ 60
    # travel counted (rules §3.3): 15 + 10 + 20 (Ann) + 10 + 10 (Bob) = 65 min over 4.5 h
    assert t["travel_minutes_per_contact_hour"] == pytest.approx(65 / 4.5)  # 14.44
    assert t["waiting_minutes_per_contact_hour"] == pytest.approx(15 / 4.5)  # 3.33
    assert t["average_visit_minutes"] == pytest.approx(270 / 7)  # 38.57
    # visit lengths 30, 45, 15, 60, 60, 30, 30: one ≤15, three 15-30, one 30-45, two 45-60
    assert t["visits_up_to_15_min"] == pytest.approx(1 / 7)
    assert t["visits_15_to_30_min"] == pytest.approx(3 / 7)
    assert t["visits_30_to_45_min"] == pytest.approx(1 / 7)
    assert t["visits_45_to_60_min"] == pytest.approx(2 / 7)
    assert t["visits_over_60_min"] == 0
    # unpaid working time: (210 − 150) + (140 − 120) = 80 of 350 minutes
    assert t["unpaid_share"] == pytest.approx(80 / 350)
    assert t["workers_below_nmw"] == 1 and t["share_of_workers_below_nmw"] == 0.5
    assert t["contact_hours_per_worker_week"] == pytest.approx(4.5 / 2)  # 2 worker-weeks


def test_tiny_homecare_fee_under_the_scenario_by_hand(view):
    """Re-paid under minimum lawful pay 2026-27 (every working minute at ≥ £12.71, travel and
    waiting at the worker's contact rate; rules §7-8), each worker keeping their own rate now
    where higher: Ann's is £30 ÷ 2.5 h = £12.00, lifted to £12.71. Bob's visit pay covers his
    travel (issue 8 item 5: contact pay over contact hours, travel pay taken out): £15 for a
    1-hour visit with no counted travel, £10 for 30 minutes + 10 minutes' travel = £15 an hour
    (not £35 ÷ 2 h = £17.50). Contact pay: 2.5 h × £12.71 + 2 h × £15 = £61.775, ÷ 4.5 contact
    hours = £13.7278. Travel and waiting: 1 h × £12.71 + (20/60) h × £15 = £17.71, ÷ 4.5."""
    scenario = load_scenario(SCENARIO)
    rota = mk.read_market(SAMPLE / "tiny_homecare")  # a single provider's folder, read alone
    assert [p.name for p in rota] == ["visits"]
    o = apply_scenario(rota[0].rota, scenario, load_policy(None), as_of=AS_OF)
    fee = fee_from_rota(o.repaid.periods, scenario, period="weekly", timeline=o.repaid.timeline)
    assert fee.line("contact_pay") == pytest.approx((2.5 * 12.71 + 2 * 15.0) / 4.5)
    assert fee.line("travel_waiting_pay") == pytest.approx((1 * 12.71 + 20 / 60 * 15.0) / 4.5)
    assert fee.line("mileage") == 0  # no miles in the rota
    assert tiny(view)["fee_per_contact_hour"] == pytest.approx(fee.fee)
    assert fee.fee > fee.line("contact_pay") + fee.line("travel_waiting_pay")  # on-costs on top


def test_quartiles_are_the_2nd_3rd_and_4th_of_five_providers(view):
    """QUARTILE.INC on 5 values v1 ≤ … ≤ v5: positions (5 − 1) × 0.25 = 1, × 0.5 = 2, × 0.75 = 3,
    so the lower quartile, median and upper quartile are exactly v2, v3 and v4."""
    summary = view.summary.set_index("measure")
    for key in ("fee_per_contact_hour", "travel_minutes_per_contact_hour", "unpaid_share"):
        v = sorted(view.providers[key])
        assert summary.loc[key, "lower_quartile"] == v[1]
        assert summary.loc[key, "median"] == v[2]
        assert summary.loc[key, "upper_quartile"] == v[3]
        assert summary.loc[key, "providers"] == 5


def test_rows_add_up_per_provider_and_rejections_name_files(view):
    p = view.providers
    assert (p["rows_read"] == p["rows_used"] + p["rows_rejected"]).all()
    assert view.rows_read == view.rows_used + len(view.rejected)
    assert len(view.rejected) == p["rows_rejected"].sum() > 0
    folders = view.rejected["file"].str.split("/").str[0]
    assert set(folders) <= set(p["provider"])


PROVIDER_COLUMN = (
    "provider,worker_id,start,end,travel_minutes\n"
    "Alpha,A1,2026-04-13 09:00,2026-04-13 09:30,5\n"
    "Alpha,A1,2026-04-13 09:40,2026-04-13 10:10,10\n"
    "=Beta,B1,2026-04-13 09:00,2026-04-13 10:00,5\n"
    "=Beta,B1,2026-04-13 10:20,2026-04-13 10:50,20\n"
    "=Beta,B1,2026-04-13 11:00,not a time,5\n"
    ",C1,2026-04-13 09:00,2026-04-13 09:15,5\n"
)


def test_provider_column_splits_one_file(tmp_path):
    f = tmp_path / "all.csv"
    f.write_text(PROVIDER_COLUMN)
    providers = {p.name: p.rota for p in mk.read_market(f)}
    assert set(providers) == {"Alpha", "=Beta", mk.NO_PROVIDER}
    assert providers["=Beta"].rows_read == 3 and providers["=Beta"].rows_used == 2
    assert list(providers["=Beta"].rejected["row"]) == [6]  # line 6 of the file
    assert sum(r.rows_read for r in providers.values()) == 6
    v = mk.market(
        mk.read_market(f), load_scenario(SCENARIO), load_policy(None), as_of=AS_OF
    ).providers.set_index("provider")
    # Alpha: travel 10 min counted (the 10-minute gap), contact 1 h: 10 min per contact hour
    assert v.loc["Alpha", "travel_minutes_per_contact_hour"] == pytest.approx(10.0)
    # =Beta: a 20-minute gap with 20 minutes' travel over 1.5 contact hours
    assert v.loc["=Beta", "travel_minutes_per_contact_hour"] == pytest.approx(20 / 1.5)


def test_cli_market_writes_safe_outputs(tmp_path, capsys):
    f = tmp_path / "all.csv"
    f.write_text(PROVIDER_COLUMN)
    out = {k: tmp_path / f"m.{k}" for k in ("csv", "xlsx", "json")}
    code = main(
        ["market", str(f), "--scenario", SCENARIO, "--as-of", AS_OF]
        + [a for k, p in out.items() for a in (f"--{k}", str(p))]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "Rows: 6 read, 5 used, 1 rejected (3 providers)" in printed
    assert "median" in printed
    csv = pd.read_csv(out["csv"], encoding="utf-8-sig")
    assert "'=Beta" in set(csv["Provider"])  # a formula-like name stays text (OWASP)
    assert csv["Provider"].iloc[-1] == "All providers: upper quartile"
    data = json.loads(out["json"].read_text())  # strict JSON (NaN would not parse as null)
    assert {p["provider"] for p in data["providers"]} == {"Alpha", "=Beta", mk.NO_PROVIDER}
    assert data["rows"] == {"read": 6, "used": 5, "rejected": data["rows"]["rejected"]}
    wb = openpyxl.load_workbook(out["xlsx"])
    assert wb.sheetnames == ["Across providers", "Providers", "Rejected rows", "Notes"]
    cells = [c.value for c in wb["Providers"]["A"]]
    assert "'=Beta" in cells


def test_market_on_dask_matches_in_memory(tmp_path):
    src = (SAMPLE / "tiny_homecare" / "visits.csv").read_bytes()
    for name in ("tiny_homecare", "tiny_twin"):  # two small providers keep the test quick
        (tmp_path / name).mkdir()
        (tmp_path / name / "visits.csv").write_bytes(src)
    base = ["market", str(tmp_path), "--scenario", SCENARIO, "--as-of", AS_OF, "--json"]
    assert main([*base, str(tmp_path / "a.json")]) == 0
    dask = ["--engine", "dask", "--scheduler", "synchronous"]
    assert main([*base, str(tmp_path / "b.json"), *dask]) == 0
    a, b = (json.loads((tmp_path / f"{k}.json").read_text()) for k in "ab")
    assert a["providers"] == b["providers"] and a["summary"] == b["summary"]

"""The Dask engine (payfair.scale) gives the figures of the in-memory engine (issue 11 item 3).

Many files of one rota (CSV and Parquet, the same workers in several files, a bad row in one) are
read and analysed on a real `distributed.LocalCluster`; the periods must be identical to the
in-memory engine's on the same files stacked in memory (assert_frame_equal, no tolerance), and
rows read = used + rejected across files with each rejection naming its file.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from payfair import sample
from payfair.analysis import analyse
from payfair.cli import main
from payfair.costing.fee_rate import fee_from_rota
from payfair.costing.outcomes import apply_scenario
from payfair.costing.scenario import load_scenario
from payfair.errors import RotaError
from payfair.policy import load_policy
from payfair.scale.dask_engine import analyse_on_dask, scenarios_on_dask
from payfair.scale.files import file_labels, read_files, rota_files

distributed = pytest.importorskip("distributed")
AS_OF = "2026-06-01"


@pytest.fixture(scope="module")
def rota_dir(tmp_path_factory):
    """A 3-week rota for 14 workers split by week into 3 files (each worker in every file), as
    CSV and Parquet, with a bad row (end before start) in the CSV."""
    folder = tmp_path_factory.mktemp("rota")
    events, _ = sample.generate(14, 3, seed=11, start="2026-03-30")
    frame = sample.canonical_frame(events)
    week = (pd.to_datetime(frame["start"]) - pd.Timestamp("2026-03-30")).dt.days // 7
    # one worker works only the first week: a partition holding only them must still flag
    # partial periods against the whole rota's dates, not their own
    first_only = frame["worker_id"] == frame["worker_id"].iloc[0]
    frame = frame[~first_only | (week == 0)].reset_index(drop=True)
    week = (pd.to_datetime(frame["start"]) - pd.Timestamp("2026-03-30")).dt.days // 7
    for w in range(3):
        part = frame[week == w].reset_index(drop=True)
        if w == 2:  # a visit in 2015, before the rates table: refused, naming this file
            part.loc[3, ["start", "end"]] = ["2015-06-01 09:00", "2015-06-01 09:30"]
        if w == 1:
            part.loc[4, "end"] = "2026-04-06 06:00"  # before its start: rejected, not dropped
            part.to_csv(folder / "week_2.csv", index=False)
        else:
            part.to_parquet(folder / f"week_{w + 1}.parquet", index=False)
    (folder / "notes.txt").write_text("not a rota: ignored")
    return folder


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def files(rota_dir):
    found = rota_files(rota_dir)
    return found, file_labels(found, rota_dir)


def test_files_found_in_order(files):
    found, labels = files
    assert labels == ["week_1.parquet", "week_2.csv", "week_3.parquet"]


def test_analysis_identical_on_local_cluster(files, client):
    found, labels = files
    policy = load_policy(None)
    rota = read_files(found, labels, period="weekly")  # refusals file by file, as on Dask
    in_memory = analyse(rota, policy, period="weekly", as_of=AS_OF)
    on_dask = analyse_on_dask(
        found, labels, policy, period="weekly", as_of=AS_OF, scheduler=client, partitions=14
    )
    assert on_dask.settings["engine"]["scheduler"].startswith("distributed")
    assert on_dask.settings["engine"]["partitions"] == 14
    pd.testing.assert_frame_equal(on_dask.periods, in_memory.periods, check_exact=True)
    pd.testing.assert_frame_equal(on_dask.warnings, in_memory.warnings)
    assert on_dask.periods["flags"].str.contains("partial_period").sum() == 0  # whole weeks
    assert len(on_dask.periods) > 14  # every worker has periods, several per worker
    # rows read = used + rejected across files; the bad row is named by its file
    assert on_dask.rows_read == in_memory.rows_read
    assert on_dask.rows_read == on_dask.rows_used + len(on_dask.rejected)
    assert on_dask.settings["engine"]["events"] == on_dask.rows_used
    pd.testing.assert_frame_equal(on_dask.rejected, in_memory.rejected)
    bad = on_dask.rejected[on_dask.rejected["file"] == "week_2.csv"]
    assert 6 in set(bad["row"])  # data row 4 is line 6 of the CSV (header is line 1)
    refused = on_dask.rejected[on_dask.rejected["file"] == "week_3.parquet"]
    assert refused["reason"].str.contains("before 1 April 2016").any()
    assert 5 in set(refused["row"])  # data row 3 is row 5 (header row 1, numbered from 2)
    assert set(on_dask.rejected["file"]) <= {"week_1.parquet", "week_2.csv", "week_3.parquet"}


def test_scenarios_identical_on_local_cluster(files, client):
    found, labels = files
    policy = load_policy(None)
    scenarios = [
        load_scenario("minimum_lawful_2026_27"),
        load_scenario("unison_ethical_care_charter"),
    ]
    rota = read_files(found, labels, period="weekly")
    rows, on_dask = scenarios_on_dask(
        found, labels, scenarios, policy, as_of=AS_OF, scheduler=client, partitions=2
    )
    assert rows.rows_read == rota.rows_read and rows.rows_used == rota.rows_used
    for s, o in zip(scenarios, on_dask, strict=True):
        expected = apply_scenario(rota, s, policy, as_of=AS_OF)
        pd.testing.assert_frame_equal(o.periods, expected.periods, check_exact=True)
        pd.testing.assert_frame_equal(o.workers, expected.workers, check_exact=True)
        assert o.totals == expected.totals
        assert o.notes == expected.notes
        pd.testing.assert_frame_equal(o.baseline.warnings, expected.baseline.warnings)
        pd.testing.assert_frame_equal(o.repaid.warnings, expected.repaid.warnings)
        pd.testing.assert_frame_equal(o.repaid.rejected, expected.repaid.rejected)
        mine = fee_from_rota(o.repaid.periods, s, period="weekly", timeline=o.repaid.timeline)
        theirs = fee_from_rota(
            expected.repaid.periods, s, period="weekly", timeline=expected.repaid.timeline
        )
        pd.testing.assert_frame_equal(mine.breakdown, theirs.breakdown, check_exact=True)
        assert mine.notes == theirs.notes
    assert on_dask[1].totals["visits_shorter_than_allowed"] > 0  # the 15-minute visits


def test_cli_dask_engine_same_json(rota_dir, tmp_path, capsys):
    out = {}
    for engine in ("pandas", "dask"):
        dest = tmp_path / f"{engine}.json"
        args = ["analyse", str(rota_dir / "*"), "--as-of", AS_OF, "--json", str(dest)]
        if engine == "dask":
            args += ["--engine", "dask", "--scheduler", "synchronous", "--partitions", "2"]
        assert main(args) == 0
        out[engine] = json.loads(dest.read_text())
    assert out["dask"]["periods"] == out["pandas"]["periods"]
    assert out["dask"]["rows"] == out["pandas"]["rows"]
    assert out["dask"]["settings"]["engine"]["scheduler"] == "synchronous"
    assert "week_2.csv row 6" in capsys.readouterr().out


def test_dask_engine_refuses_workbooks_with_a_fix(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    with pytest.raises(RotaError) as err:
        analyse_on_dask([tmp_path / "a.xlsx"], ["a.xlsx"], load_policy(None))
    assert "CSV and Parquet" in str(err.value) and "a.xlsx" in str(err.value)


def test_empty_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["analyse", str(tmp_path), "--engine", "dask"]) == 2
    assert "no rota files" in capsys.readouterr().err


def test_cli_on_a_scheduler_address(rota_dir, client, tmp_path):
    """--scheduler ADDRESS connects to a running cluster (here the LocalCluster's scheduler)."""
    dest = tmp_path / "cluster.json"
    address = client.scheduler.address
    args = ["analyse", str(rota_dir), "--as-of", AS_OF, "--json", str(dest)]
    assert main([*args, "--engine", "dask", "--scheduler", address]) == 0
    on_cluster = json.loads(dest.read_text())
    assert on_cluster["settings"]["engine"]["scheduler"] == f"distributed ({address})"
    assert main(args) == 0  # the pandas engine, same folder
    assert json.loads(dest.read_text())["periods"] == on_cluster["periods"]


def test_period_days_on_dask_same_as_in_memory(rota_dir, tmp_path):
    """Pay periods of 10 days (reg 6: any period up to a month) split weeks across files."""
    out = {}
    for engine in ("pandas", "dask"):
        dest = tmp_path / f"{engine}.json"
        args = ["analyse", str(rota_dir), "--as-of", AS_OF, "--period-days", "10"]
        if engine == "dask":
            args += ["--engine", "dask", "--scheduler", "synchronous"]
        assert main([*args, "--json", str(dest)]) == 0
        out[engine] = json.loads(dest.read_text())
    assert out["dask"]["periods"] == out["pandas"]["periods"]
    assert out["dask"]["warnings"] == out["pandas"]["warnings"]
    days = {
        (pd.Timestamp(p["period_end"]) - pd.Timestamp(p["period_start"])).days
        for p in out["dask"]["periods"]
    }
    assert days == {9}  # 10 days, first and last inclusive

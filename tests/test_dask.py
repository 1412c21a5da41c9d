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
    for w in range(3):
        part = frame[week == w].reset_index(drop=True)
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
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
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
    in_memory = analyse(read_files(found, labels), policy, period="weekly", as_of=AS_OF)
    on_dask = analyse_on_dask(
        found, labels, policy, period="weekly", as_of=AS_OF, scheduler=client, partitions=3
    )
    assert on_dask.settings["engine"]["scheduler"].startswith("distributed")
    assert on_dask.settings["engine"]["partitions"] == 3
    pd.testing.assert_frame_equal(on_dask.periods, in_memory.periods)
    assert len(on_dask.periods) > 14  # every worker has periods, several per worker
    # rows read = used + rejected across files; the bad row is named by its file
    assert on_dask.rows_read == in_memory.rows_read
    assert on_dask.rows_read == on_dask.rows_used + len(on_dask.rejected)
    assert on_dask.settings["engine"]["events"] == on_dask.rows_used
    pd.testing.assert_frame_equal(on_dask.rejected, in_memory.rejected)
    bad = on_dask.rejected[on_dask.rejected["file"] == "week_2.csv"]
    assert 6 in set(bad["row"])  # data row 4 is line 6 of the CSV (header is line 1)
    assert set(on_dask.rejected["file"]) <= {"week_1.parquet", "week_2.csv", "week_3.parquet"}


def test_scenarios_identical_on_local_cluster(files, client):
    found, labels = files
    policy = load_policy(None)
    scenarios = [
        load_scenario("minimum_lawful_2026_27"),
        load_scenario("unison_ethical_care_charter"),
    ]
    rota = read_files(found, labels)
    rows, on_dask = scenarios_on_dask(
        found, labels, scenarios, policy, as_of=AS_OF, scheduler=client, partitions=2
    )
    assert rows.rows_read == rota.rows_read and rows.rows_used == rota.rows_used
    for s, o in zip(scenarios, on_dask, strict=True):
        expected = apply_scenario(rota, s, policy, as_of=AS_OF)
        pd.testing.assert_frame_equal(o.periods, expected.periods)
        pd.testing.assert_frame_equal(o.workers, expected.workers)
        assert o.totals == expected.totals
        assert o.notes == expected.notes
        mine = fee_from_rota(o.repaid.periods, s, period="weekly", timeline=o.repaid.timeline)
        theirs = fee_from_rota(
            expected.repaid.periods, s, period="weekly", timeline=expected.repaid.timeline
        )
        pd.testing.assert_frame_equal(mine.breakdown, theirs.breakdown)
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

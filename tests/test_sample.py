"""The seeded rota generator (payfair.sample) and `payfair sample`."""

from __future__ import annotations

import pandas as pd

from payfair import sample
from payfair.cli import main
from payfair.importers import load_rota


def test_same_seed_same_rota_and_realistic_shape():
    a, wa = sample.generate(40, 2, seed=3)
    b, wb = sample.generate(40, 2, seed=3)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(wa, wb)
    visits = a[a["kind"] == "visit"]
    minutes = (visits["planned_end"] - visits["planned_start"]) / pd.Timedelta(minutes=1)
    assert set(minutes.unique()) == {15, 30, 45, 60}
    # travel minutes agree with miles at an urban (14 mph) or rural (28 mph) speed, >= 2 min
    speed = visits["travel_miles"] / (visits["travel_minutes"] / 60)
    ok = (visits["travel_minutes"] == 2) | speed.between(10, 32)
    assert ok.all()
    assert {"training", "office"} <= set(a["kind"])
    assert (a["carers"] == 2).any() and (a["status"] == "cancelled").any()
    assert (a["start"].dt.day_of_week >= 5).any()  # weekends
    # split shifts: some workers have a break of 2 hours or more within a day
    done = a.sort_values(["worker_id", "start"])
    gap = done["start"] - done.groupby(["worker_id", done["start"].dt.date])["end"].shift()
    assert (gap >= pd.Timedelta(hours=2)).any()
    # actual times sit inside the planned ones
    assert (a["start"] >= a["planned_start"]).all() and (a["end"] <= a["planned_end"]).all()


def test_sample_command_writes_each_format_and_layout(tmp_path, capsys):
    for name, layout in (("r.csv", "canonical"), ("r.xlsx", "carelinelive"),
                         ("r.parquet", "canonical"), ("a.csv", "access")):  # fmt: skip
        out = tmp_path / name
        args = ["sample", "--workers", "6", "--weeks", "1", "--out", str(out), "--seed", "2",
                "--layout", layout]  # fmt: skip
        assert main(args) == 0
        read = load_rota(out)
        assert read.layout == layout
        assert read.rows_used > 50
    assert "wrote" in capsys.readouterr().out

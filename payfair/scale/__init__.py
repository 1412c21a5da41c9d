"""payfair at scale: many rota files at once, and the same engine on Dask for data past one
machine (issue 11).

- `files`: which files a folder or glob names, and reading them into one rota in memory;
- `dask_engine`: the pandas engine run per partition of a Dask dataframe shuffled on
  `worker_id`, so that every worker's events (and so every pay reference period) sit in one
  partition and the answers are those of the in-memory engine;
- `cli_options`: the `--engine`, `--scheduler` and `--partitions` options the `analyse`,
  `scenarios` and `price` commands share.
"""

"""payfair at scale: many rota files at once, and the same engine on Dask for data past one
machine (issue 11).

- `files`: which files a folder or glob names, and reading them into one rota in memory (rows
  read = used + rejected across files, each rejection naming its file);
- `dask_engine`: `analyse_on_dask`, the pandas engine run per partition of a Dask dataframe
  shuffled on `worker_id`, so that every worker's events (and so every pay reference period) sit
  in one partition and the periods are those of the in-memory engine; and `read_on_dask`, the
  files read in parallel on Dask for the costing (`scenarios`, `price`, `market`), which works on
  the whole rota in one process;
- `cli_options`: the `--engine`, `--scheduler` and `--partitions` options the `analyse`,
  `scenarios`, `price` and `market` commands share.
"""

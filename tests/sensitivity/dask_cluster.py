"""A Dask LocalCluster in its own process for the tests that kill it: on loopback, printing
its scheduler address, and stopping by itself after ``lifetime`` seconds (argv[1], default
120) if nobody kills it first. Workers: argv[2] (default 1)."""

from __future__ import annotations

import sys
import time

if __name__ == "__main__":
    from dask.distributed import LocalCluster

    lifetime = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with LocalCluster(host="127.0.0.1", n_workers=workers, threads_per_worker=1,
                      processes=True, dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        time.sleep(lifetime)

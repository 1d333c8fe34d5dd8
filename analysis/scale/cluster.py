"""Start a local Dask cluster or connect to an existing one, with a short, clear failure."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from distributed import Client, LocalCluster

CONNECT_TIMEOUT = 5  # seconds to reach a scheduler before giving up


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be reached, or a local cluster cannot start."""


def quiet() -> None:
    """Keep distributed's logging off the console: failures reach the caller as exceptions instead."""
    for name in ("distributed", "distributed.shuffle", "distributed.scheduler", "distributed.worker"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextlib.contextmanager
def cluster(
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str | int | None = None,
    *,
    processes: bool = True,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[Client]:
    """A ``distributed.Client``: to ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), or
    to a new local cluster of ``workers`` processes (default: one per core), one thread each,
    ``memory_limit`` per worker (e.g. ``"2GB"``; default: Dask's share of the machine's memory).

    A scheduler that does not answer within ``timeout`` seconds raises ``ClusterError``. The
    local cluster is closed on exit; an existing cluster is left running.
    """
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=True)
        except (OSError, TimeoutError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s ({first})"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise ClusterError(f"a local cluster needs at least 1 worker, got {n}")
    try:
        local = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=processes,
            memory_limit=memory_limit if memory_limit is not None else "auto",
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # a free port: never "port 8787 is already in use"
        )
    except (OSError, ValueError, TypeError) as exc:
        raise ClusterError(f"cannot start a local Dask cluster ({str(exc).splitlines()[0]})") from None
    try:
        with Client(local, set_as_default=True) as client:
            client.run(quiet)  # a failed task is reported once, by the caller, not logged by each worker
            yield client
    finally:
        local.close()

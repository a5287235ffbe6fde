"""Concurrent clients against a running service on 127.0.0.1: bounded in count and in time."""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

QUERIES = (
    "vilka aktiviteter har avvikelser om pandemin",
    "hur går det med hemlösheten på Norrmalm",
    "trygghet",
    "sjukfrånvaro bland medarbetarna",
    "klimatpositiv stad 2030",
    "vilka nämndmål uppfylls delvis",
    "budget i balans 2021",
    "feriejobb för ungdomar",
)


@dataclass(frozen=True, slots=True)
class LoadResult:
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(base_url: str, clients: int, per_client: int, max_seconds: float = 30.0) -> LoadResult:
    """`clients` threads, each asking up to `per_client` mixed questions, all stopping by `max_seconds`."""
    if not base_url.startswith(("http://127.", "http://localhost")):
        raise ValueError("load is only ever sent to this machine")
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client(number: int) -> None:
        for i in range(per_client):
            if time.monotonic() > deadline:
                return
            query = QUERIES[(number + i) % len(QUERIES)]
            url = f"{base_url}/search?" + urllib.parse.urlencode({"q": query, "limit": 10})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                times.append((time.perf_counter() - start) * 1000)
                errors[0] += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    q = statistics.quantiles(times, n=20) if len(times) > 1 else [times[0]] * 19
    return LoadResult(clients, len(times), errors[0], seconds, statistics.median(times), q[18])

"""Concurrent clients against a running service on 127.0.0.1: bounded in count and in time."""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
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


def run_load(
    base_url: str,
    clients: int,
    per_client: int,
    max_seconds: float = 30.0,
    check: Callable[[bytes], None] | None = None,
) -> LoadResult:
    """`clients` threads, each asking up to `per_client` mixed questions, all stopping by `max_seconds`;
    `check` sees each answer's body."""
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
                    body = response.read()
                    ok = response.status == 200
                if check is not None:
                    check(body)
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


@dataclass(frozen=True, slots=True)
class WriteLoadResult:
    """Searches measured while another client uploads and deletes a report in a loop."""

    searches: LoadResult
    writes: int  # uploads and deletes that succeeded
    write_errors: int
    foreign_hits: int  # hits citing a file that was never in the index


def run_load_with_writes(
    base_url: str,
    clients: int,
    seconds: float,
    *,
    token: str,
    report: bytes,
    name: str = "lastprov.txt",
    known_files: frozenset[str] = frozenset(),
) -> WriteLoadResult:
    """`clients` search for `seconds` while one client uploads `report` as `name` and deletes it
    again, over and over; every hit must cite a known file or the uploaded one."""
    if not base_url.startswith(("http://127.", "http://localhost")):
        raise ValueError("load is only ever sent to this machine")
    import json
    import uuid

    done = threading.Event()
    counts = {"writes": 0, "write_errors": 0, "foreign": 0}
    lock = threading.Lock()
    allowed = known_files | {name}
    auth = {"Authorization": f"Bearer {token}"}

    def writer() -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + report
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        while not done.is_set():
            for request in (
                urllib.request.Request(f"{base_url}/documents", data=body, headers=headers, method="POST"),
                urllib.request.Request(f"{base_url}/documents/{name}", headers=auth, method="DELETE"),
            ):
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:
                        response.read()
                        ok = response.status in (201, 204)
                except (urllib.error.URLError, OSError):
                    ok = False
                with lock:
                    counts["writes" if ok else "write_errors"] += 1

    def check(body: bytes) -> None:
        files = {h["citation"]["file"] for h in json.loads(body)["hits"]}
        if files - allowed:
            with lock:
                counts["foreign"] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        searches = run_load(base_url, clients, per_client=1_000_000, max_seconds=seconds, check=check)
    finally:
        done.set()
        thread.join(timeout=180)
    return WriteLoadResult(searches, counts["writes"], counts["write_errors"], counts["foreign"])

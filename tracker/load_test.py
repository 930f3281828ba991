"""Load a running server from this process and measure throughput and latency per URL.

Used by the `bench_api` command; kept free of Django so it measures only the server.
"""

from __future__ import annotations

import http.client
import itertools
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    paths: list[str]
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    server_errors: int = 0
    elapsed: float = 0.0
    # Failed answers by HTTP status ("connection" when none came back), so a run that measured
    # 429s or 500s says so.
    failures: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, share: float) -> float:
        """Latency in milliseconds below which `share` of the successful requests finished."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return (
            statistics.quantiles(self.latencies, n=100, method="inclusive")[round(share * 100) - 1]
            * 1000
        )


def load(
    host: str, port: int, name: str, paths: list[str], *, duration: float, clients: int
) -> Result:
    """`clients` threads send GET requests back to back for `duration` seconds, each going
    round `paths` from its own starting point, so that varied queries meet the server."""
    result = Result(name, paths)
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def client(start: int) -> None:
        latencies, failures = [], Counter()
        turn = itertools.islice(itertools.cycle(paths), start % len(paths), None)
        while time.perf_counter() < deadline:
            path = next(turn)
            connection = http.client.HTTPConnection(host, port, timeout=30)
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                response.read()
                if 200 <= response.status < 300:
                    latencies.append(time.perf_counter() - began)
                else:
                    failures[str(response.status)] += 1
            except OSError:
                failures["connection"] += 1
            finally:
                connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.failures.update(failures)
            result.errors += sum(failures.values())
            result.server_errors += sum(
                count for status, count in failures.items() if status.startswith("5")
            )

    began = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(number * len(paths) // clients,))
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - began
    return result


def wait_until_up(host: str, port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection(host, port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"server on {host}:{port} did not answer {path} in {timeout:.0f} s")
        time.sleep(0.2)

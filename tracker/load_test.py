"""Load a running server from this process and measure throughput and latency per URL.

Used by the `bench_api` command; kept free of Django so it measures only the server.
"""

from __future__ import annotations

import http.client
import itertools
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    paths: list[str]
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    server_errors: int = 0
    elapsed: float = 0.0

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
        latencies, errors, server_errors = [], 0, 0
        turn = itertools.islice(itertools.cycle(paths), start % len(paths), None)
        while time.perf_counter() < deadline:
            path = next(turn)
            connection = http.client.HTTPConnection(host, port, timeout=30)
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors += 1
                    server_errors += response.status >= 500
            except OSError:
                errors += 1
            finally:
                connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.server_errors += server_errors

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

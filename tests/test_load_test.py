"""The load generator behind bench_api counts every answer outside 2xx, by status."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tracker.load_test import load


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status = {"/ok": 200, "/throttled": 429, "/broken": 500}[self.path]
        body = b"{}"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address
    httpd.shutdown()
    httpd.server_close()


def test_refused_and_failed_answers_are_counted_by_status(server):
    host, port = server

    result = load(host, port, "mixed", ["/ok", "/throttled", "/broken"], duration=0.3, clients=1)

    assert result.latencies, "the 200 answers are measured"
    assert set(result.failures) == {"429", "500"}
    assert result.errors == result.failures["429"] + result.failures["500"]
    assert result.server_errors == result.failures["500"]

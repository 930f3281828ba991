"""The README's API examples (a pandas one-liner, a generated client) run as written, against
a live server: only the address changes."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_api_reporting import data  # noqa: F401  (a fixture, requested by name)

README = Path(settings.BASE_DIR) / "README.md"
README_ADDRESS = "http://127.0.0.1:8000"
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.slow]


def api_section_blocks() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Read API") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S)


def test_the_readme_api_examples_work(live_server, tmp_path, monkeypatch, request):
    request.getfixturevalue("data")
    blocks = [
        (lang, code.replace(README_ADDRESS, live_server.url)) for lang, code in api_section_blocks()
    ]
    assert [lang for lang, _ in blocks] == ["python", "sh", "python"]
    (_, pandas_example), (_, generate), (_, client_example) = blocks

    namespace: dict = {}
    exec(pandas_example, namespace)
    frame = namespace["df"]
    assert len(frame) == 2 and str(frame["id"].dtype) == "Int64"
    assert str(frame["target_date_end"].dtype).startswith("datetime64")
    assert ["JP", "KR"] in frame["actors"].tolist()

    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(generate, shell=True, cwd=tmp_path, env=environment, check=True, timeout=300)
    monkeypatch.syspath_prepend(str(tmp_path))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(client_example, {})
    lines = output.getvalue().splitlines()
    assert len(lines) == 2 and all(" pledge " in line or " agreement " in line for line in lines)
    assert "2022-12-31" in output.getvalue() and "1000000" in output.getvalue()

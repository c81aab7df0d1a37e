"""Progress lines of a long build: what CI logs and the benchmark read."""

from __future__ import annotations

import io
import re

from generator.progress import Progress


def test_a_long_stage_ends_with_its_time_count_and_peak_memory():
    stream = io.StringIO()
    progress = Progress(stream, interactive=False)
    progress.start("render", total=3)
    progress.advance(3)
    progress.end("render", 1.5)
    progress.start("link")
    progress.end("link", 0.2)  # a quick stage leaves no line
    [line] = stream.getvalue().splitlines()
    found = re.fullmatch(r"render: 1\.50s \(3/3\), peak memory ([\d,]+) MiB(, a child process [\d,]+ MiB)?", line)
    assert found and int(found.group(1).replace(",", "")) > 10, line

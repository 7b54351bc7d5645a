"""Parallel tests end with a failure, not a hung test run, when workers or a cluster stop answering."""

from __future__ import annotations

import signal

import pytest

#: Seconds one test of tests/scale may take (model loads on a loaded 2-core machine included).
LIMIT_S = 240


@pytest.fixture(autouse=True)
def time_limit():
    def _stop(*_: object) -> None:
        raise TimeoutError(f"a tests/scale test ran over {LIMIT_S} s: a worker or the cluster stopped answering")

    old = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(LIMIT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)

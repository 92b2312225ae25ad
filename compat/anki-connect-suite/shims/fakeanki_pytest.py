"""pytest plugin of the harness (loaded with -p fakeanki_pytest).

It supplies the one option the suite's conftest reads from pytest-forked
(--forked; the harness never forks), names the fake under test in the
report header, and skips the tests whose only assertion is about Python
object identity inside Anki, which no HTTP reply can show.
"""

import os

import pytest

# Test node IDs (relative to the suite's tests/ folder) and why they cannot
# be measured over HTTP.
IDENTITY_ONLY = {
    "test_edit.py::test_edit_dialog_opens_only_once":
        "needs in-process Anki: asserts two Edit dialog objects are the same Python object",
}


def pytest_addoption(parser):
    try:
        parser.addoption("--forked", action="store_true", default=False,
                         help="accepted for the suite's conftest; the harness never forks")
    except ValueError:
        pass  # pytest-forked is installed and owns the option


def pytest_report_header(config):
    return [
        f"fakeanki: {os.environ.get('FAKEANKI', '(FAKEANKI not set)')}",
        f"suite: {os.environ.get('ANKI_CONNECT_SUITE', '(ANKI_CONNECT_SUITE not set)')}",
    ]


def pytest_collection_modifyitems(config, items):
    for item in items:
        key = item.nodeid.split("tests/", 1)[-1]
        if key in IDENTITY_ONLY:
            item.add_marker(pytest.mark.skip(reason=IDENTITY_ONLY[key]))

"""Stand-in for pytest_anki._launch: an "Anki session" and its profiles.

A profile created by temporary_user is a fresh fakeanki process with one
profile, "test_user", removed when the profile is torn down: every test of
the suite (whose conftest tears the profile down after each test) starts
from a new collection. The add-on's web server (AnkiConnect.startWebServer,
used by the suite's server tests) is a fakeanki on the add-on config's
webBindPort, and the profile then is that fake's.
"""

import shutil
import tempfile
from contextlib import contextmanager

import fakeanki_http

_session = None


class _Session:
    def __init__(self, profile_name):
        self.base = tempfile.mkdtemp(prefix="fakeanki-suite-")
        self.profile_name = profile_name
        self.addon_config = None
        self.web_server = None

    @contextmanager
    def profile_loaded(self):
        yield self

    @contextmanager
    def addon_config_created(self, package_name, default_config, user_config):
        before = self.addon_config
        self.addon_config = {**default_config, **user_config}
        try:
            yield
        finally:
            self.addon_config = before


@contextmanager
def anki_running(qtbot=None, enable_web_debugging=False, profile_name="test_user", **_):
    global _session
    session = _Session(profile_name)
    _session = session
    try:
        yield session
    finally:
        if session.web_server is not None:
            session.web_server.stop()
            fakeanki_http.set_current(None)
        _session = None
        shutil.rmtree(session.base, ignore_errors=True)


def start_web_server():
    """AnkiConnect.startWebServer: the fake, on the configured port."""
    s = _session
    if s is None or s.addon_config is None:
        raise RuntimeError("startWebServer needs a running session with the add-on config loaded")
    if s.web_server is None:
        s.web_server = fakeanki_http.Fake(s.base, port=int(s.addon_config["webBindPort"]))
        fakeanki_http.set_current(s.web_server)


@contextmanager
def temporary_user(base, name, lang="en_US"):
    if name != fakeanki_http.PROFILE:
        raise RuntimeError(f"the harness serves one profile, {fakeanki_http.PROFILE!r}, not {name!r}")
    s = _session
    if s is not None and s.web_server is not None:
        # The add-on's web server already serves a new collection.
        yield
        return
    fake = fakeanki_http.Fake(base)
    fakeanki_http.set_current(fake)
    try:
        yield
    finally:
        fakeanki_http.set_current(None)
        fake.stop()

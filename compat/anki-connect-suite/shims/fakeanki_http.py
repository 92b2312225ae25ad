"""The harness's core: a cmd/fakeanki process and an HTTP client for it.

The AnkiConnect add-on's test suite calls the add-on's methods inside Anki.
The stand-in modules next to this file (plugin, aqt, anki, pytest_anki,
PyQt6, waitress) route those calls here instead: every add-on action becomes
one POST of {"action", "version": 6, "params"} to a running cmd/fakeanki,
and every new Anki profile the suite creates is a fresh fakeanki process.

Whatever the suite reads from Anki's Python objects (the reviewer's side, a
dialog's widgets, the Edit dialog's history) has no HTTP equivalent; such a
read calls in_process_only, which skips the test with the reason, so the
skip list says exactly what the figure leaves out.

Environment (run.sh sets both):
  FAKEANKI             the fakeanki binary to start
  ANKI_CONNECT_SUITE   the add-on checkout; its plugin/__init__.py gives each
                       action's parameter names, for positional arguments
"""

import ast
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

API_VERSION = 6

# The profile name the suite's conftest creates (temporary_user's name).
PROFILE = "test_user"

# Actions whose result the add-on builds as a Python dict keyed by int IDs;
# JSON turns the keys into strings, which the suite's in-process comparisons
# do not expect. The harness turns them back, and does nothing else to
# results.
INT_KEYED_RESULTS = frozenset({"getReviewsOfCards", "getDeckStats"})

# The add-on's messages for Anki's NotFoundError (plugin/__init__.py,
# getCard and getNote); over HTTP only the text survives, so an error that
# starts with one of these is raised as anki.errors.NotFoundError.
NOT_FOUND_PREFIXES = ("Card was not found", "Note was not found")


class AnkiConnectError(Exception):
    """An action's "error" string, as the add-on's caller would see it."""


def in_process_only(what):
    """Skips the running test: it reads Anki's Python object `what`."""
    msg = f"needs in-process Anki: {what}"
    try:
        # Report the test's location rather than this line's.
        exc = pytest.skip.Exception(msg, _use_item_location=True)
    except TypeError:
        exc = pytest.skip.Exception(msg)
    raise exc


class InProcess:
    """An Anki object the suite inspects: reading an attribute that the
    subclass does not define skips the test, and so does setting one that is
    not in `settable` (those writes are dropped: the suite only resets them
    before reading them back, and the read skips)."""

    settable = frozenset()

    def __init__(self, what):
        object.__setattr__(self, "_what", what)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        in_process_only(f"{self._what}.{name}")

    def __setattr__(self, name, value):
        if name not in self.settable:
            in_process_only(f"{self._what}.{name} = ...")


def _api_params():
    """Maps each action to its parameter names, read from the checkout."""
    root = os.environ.get("ANKI_CONNECT_SUITE")
    if not root:
        raise RuntimeError("ANKI_CONNECT_SUITE is not set (run the suite through run.sh)")
    path = os.path.join(root, "plugin", "__init__.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    params = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and node.name == "AnkiConnect"):
            continue
        for fn in node.body:
            if isinstance(fn, ast.FunctionDef) and any(_is_api(d) for d in fn.decorator_list):
                params[fn.name] = [a.arg for a in fn.args.args[1:]]
    if not params:
        raise RuntimeError(f"no @util.api methods found in {path}")
    return params


def _is_api(decorator):
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "api"


_API = None


def api_params():
    global _API
    if _API is None:
        _API = _api_params()
    return _API


def _jsonable(value):
    """Sets and tuples, which the suite passes in-process, as JSON lists."""
    if isinstance(value, (set, frozenset)):
        return [_jsonable(v) for v in sorted(value, key=repr)]
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


class Fake:
    """One fakeanki process: a fresh collection with one profile."""

    def __init__(self, base, port=0):
        binary = os.environ.get("FAKEANKI")
        if not binary:
            raise RuntimeError("FAKEANKI is not set (run the suite through run.sh)")
        self.proc = subprocess.Popen(
            [binary, "-addr", f"127.0.0.1:{port}", "-profiles", PROFILE, "-package-dir", base],
            stdout=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline()
        marker = "serving AnkiConnect on "
        if marker not in line:
            self.stop()
            raise RuntimeError(f"fakeanki did not start: {line!r}")
        self.url = line.split(marker, 1)[1].strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


# The fake the add-on's calls go to: set while a profile is loaded.
_current = None


def current():
    if _current is None:
        raise RuntimeError("no profile is loaded: no fakeanki is running")
    return _current


def set_current(fake):
    global _current
    _current = fake


def invoke(action, *args, **kwargs):
    """Calls an action on the current fake the way the add-on is called."""
    names = api_params().get(action)
    if names is None:
        raise AttributeError(f"'AnkiConnect' object has no attribute '{action}'")
    if len(args) > len(names):
        raise TypeError(f"{action}() takes {len(names)} arguments, got {len(args)}")
    params = dict(zip(names, args))
    for k, v in kwargs.items():
        if k in params:
            raise TypeError(f"{action}() got multiple values for argument '{k}'")
        params[k] = v
    return post(action, params)


def post(action, params):
    """Posts one action to the current fake: its result, or its error raised."""
    body = json.dumps({"action": action, "version": API_VERSION, "params": _jsonable(params)}).encode()
    req = urllib.request.Request(current().url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        reply = json.loads(resp.read())
    if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
        raise AssertionError(f"{action}: not a version-6 reply: {reply!r}")
    if reply["error"] is not None:
        message = reply["error"]
        if message.startswith(NOT_FOUND_PREFIXES):
            from anki.errors import NotFoundError
            raise NotFoundError(message)
        raise AnkiConnectError(message)
    result = reply["result"]
    if action in INT_KEYED_RESULTS and isinstance(result, dict):
        result = {int(k): v for k, v in result.items()}
    return result


"""Stand-in for the AnkiConnect add-on's module: its actions go to cmd/fakeanki.

ac.<action>(*args, **kwargs) posts the action over HTTP (fakeanki_http.invoke);
the names of positional arguments come from the add-on checkout's own
signatures. The add-on's accessors for Anki's Python objects (reviewer(),
collection(), scheduler()) are stood in for as far as HTTP allows; see each.
"""

import fakeanki_http

# The Anki version the suite is told it runs under (it only compares it with
# 2.1.x thresholds); the fake follows the add-on on Anki 23.10 and later.
anki_version = (25, 9, 2)


class AnkiConnect:
    """The add-on object, talking to the fake over HTTP."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in fakeanki_http.api_params():
            raise AttributeError(f"'AnkiConnect' object has no attribute '{name}'")
        def action(*args, **kwargs):
            return fakeanki_http.invoke(name, *args, **kwargs)
        action.__name__ = action.__qualname__ = f"AnkiConnect.{name}"
        return action

    def startWebServer(self):
        """Serves the fake on the port of the add-on config pytest_anki loaded."""
        import pytest_anki._launch as launch
        launch.start_web_server()

    def reviewer(self):
        # Anki's reviewer: its state is not visible over HTTP.
        return fakeanki_http.InProcess("AnkiConnect.reviewer()")

    def scheduler(self):
        return _Scheduler("AnkiConnect.scheduler()")

    def collection(self):
        return _Collection("AnkiConnect.collection()")


class _Scheduler(fakeanki_http.InProcess):
    def reset(self):
        """A no-op, as Anki's v3 scheduler's reset() is (queues rebuild themselves)."""


class _Collection(fakeanki_http.InProcess):
    @property
    def models(self):
        return _Models()


class _Models:
    """collection().models, which the suite's conftest uses to delete note types."""

    def byName(self, name):
        # Not one of the suite's calls: the add-on checkout may predate the
        # action (2024), so it is posted without checking its signature.
        found = fakeanki_http.post("findModelsByName", {"modelNames": [name]})
        return found[0]

    def remove(self, model_id):
        # AnkiConnect has no action that removes a note type: the note type
        # stays. The suite only does this to clean up between tests, and the
        # harness gives each test a fresh fake anyway.
        import warnings
        warnings.warn(f"note type {model_id} left in place: no AnkiConnect action removes one")

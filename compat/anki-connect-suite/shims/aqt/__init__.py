"""Stand-in for Anki's aqt (the GUI): the parts the suite's conftest touches.

The fake has no Qt window to drive from Python: dialog instances and the
profile manager are Anki's objects and skip the test that reads them
(fakeanki_http.in_process_only); the plumbing the conftest patches (the
task manager, the media server) exists only so the patches apply.
"""

import fakeanki_http

appVersion = "25.09.2"


class _TaskManager:
    def run_in_background(self, task, on_done=None, kwargs=None):
        """The conftest replaces this with a synchronous version; the fake is synchronous already."""
        fakeanki_http.in_process_only("aqt.mw.taskman.run_in_background")


class _MediaServer:
    is_shutdown = False


class _MainWindow:
    def __init__(self):
        self.taskman = _TaskManager()
        self.mediaServer = _MediaServer()

    def unloadProfileAndShowProfileManager(self):
        # No AnkiConnect action unloads a profile.
        fakeanki_http.in_process_only("aqt.mw.unloadProfileAndShowProfileManager()")


class _DialogInstances:
    def __getitem__(self, name):
        fakeanki_http.in_process_only(f"the {name} dialog instance (aqt.dialogs._dialogs)")


class _DialogManager:
    """aqt.dialogs: a fresh fake per test has no dialogs to close between tests."""

    def __init__(self):
        self._dialogs = _DialogInstances()

    def closeAll(self, onsuccess):
        onsuccess()
        return True

    def allClosed(self):
        return True


mw = _MainWindow()
dialogs = _DialogManager()

"""Stand-in for PyQt6.QtTest: the conftest waits with QTest.qWait."""

import time


class QTest:
    @staticmethod
    def qWait(milliseconds):
        time.sleep(milliseconds / 1000)

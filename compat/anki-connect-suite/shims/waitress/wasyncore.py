"""Stand-in for waitress.wasyncore: the conftest patches dispatcher.close."""


class dispatcher:
    def close(self):
        pass

"""Stand-in for the add-on's util module: the suite imports DEFAULT_CONFIG."""

# The add-on config keys the harness uses: the fake listens on webBindPort.
DEFAULT_CONFIG = {
    "apiKey": None,
    "webBindAddress": "127.0.0.1",
    "webBindPort": 8765,
}

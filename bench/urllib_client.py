"""The AnkiConnect client of the add-on's documentation, timed.

Its invoke is the documented one: json.dumps of {"action", "params",
"version": 6}, urllib.request.urlopen(Request(url, body)), json.load of
the reply, then the checks on its two members. The worker reads one job a
line on stdin, {"url", "action", "params", "n"}, makes n calls and writes
one line with the n durations in nanoseconds, as JSON.
"""

import json
import sys
import time
import urllib.request


def invoke(url, action, **params):
    body = json.dumps({"action": action, "params": params, "version": 6}).encode("utf-8")
    response = json.load(urllib.request.urlopen(urllib.request.Request(url, body)))
    if len(response) != 2:
        raise Exception("response has an unexpected number of fields")
    if "error" not in response or "result" not in response:
        raise Exception("response is missing a required field")
    if response["error"] is not None:
        raise Exception(response["error"])
    return response["result"]


def main():
    for line in sys.stdin:
        job = json.loads(line)
        times = []
        for _ in range(job["n"]):
            start = time.perf_counter_ns()
            invoke(job["url"], job["action"], **job["params"])
            times.append(time.perf_counter_ns() - start)
        print(json.dumps(times), flush=True)


if __name__ == "__main__":
    main()

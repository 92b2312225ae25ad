#!/bin/sh
# Compares this package's Client with the add-on documentation's Python
# urllib client and a net/http floor, against one cmd/fakeanki, interleaved.
# Usage: bench/python_compare.sh [rounds]   (default 10)
set -e
cd "$(dirname "$0")"
ANKICONNECT_PYCOMPARE="${1:-10}" exec go test -count 1 -run TestPythonCompare -v .

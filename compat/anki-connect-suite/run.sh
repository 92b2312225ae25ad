#!/bin/sh
# Runs the AnkiConnect add-on's own pytest suite against cmd/fakeanki over
# HTTP. Usage (from anywhere in the repository):
#
#   compat/anki-connect-suite/run.sh /path/to/anki-connect-checkout [pytest arguments...]
#
# (a test path among the arguments is relative to the checkout, as in
# tests/test_server.py::test_multi_request).
#
# It builds ./cmd/fakeanki of this repository, unless FAKEANKI names a
# binary to test instead; PYTHON picks the interpreter (default: the first
# of python3 and /usr/bin/python3 that has pytest). Nothing is fetched and
# nothing is written into the checkout.
set -eu

if [ $# -lt 1 ] || [ ! -f "$1/tests/conftest.py" ] || [ ! -f "$1/plugin/__init__.py" ]; then
	echo "usage: $0 /path/to/anki-connect-checkout [pytest arguments...]" >&2
	echo "(the checkout must hold tests/conftest.py and plugin/__init__.py)" >&2
	exit 2
fi
suite=$(cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ -z "${FAKEANKI:-}" ]; then
	(cd "$repo" && go build -o "$tmp/fakeanki" ./cmd/fakeanki)
	FAKEANKI=$tmp/fakeanki
fi
FAKEANKI=$(cd "$(dirname "$FAKEANKI")" && pwd)/$(basename "$FAKEANKI")

if [ -z "${PYTHON:-}" ]; then
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import pytest' 2>/dev/null; then PYTHON=$p; break; fi
	done
fi
if [ -z "${PYTHON:-}" ]; then
	echo "$0: no python3 with pytest found (Debian: apt-get install python3-pytest)" >&2
	exit 2
fi

# The stand-in modules come first, so that plugin, aqt and anki are ours and
# not the checkout's add-on; the checkout's root follows for the suite's
# own "from tests.conftest import ...".
export FAKEANKI ANKI_CONNECT_SUITE="$suite"
export PYTHONPATH="$here/shims:$suite"
export PYTHONDONTWRITEBYTECODE=1
# Test paths given as tests/... are the checkout's; without any, all of
# tests/ runs. pytest runs from the temporary directory, so that the
# checkout's root is not first on sys.path.
paths=0
for a in "$@"; do
	shift
	case $a in
	tests | tests/*) set -- "$@" "$suite/$a"; paths=1 ;;
	*) set -- "$@" "$a" ;;
	esac
done
[ $paths = 1 ] || set -- "$@" "$suite/tests"
cd "$tmp"
"$PYTHON" -m pytest -c "$here/pytest.ini" --rootdir "$suite" -ra "$@"

// Package bench holds the benchmarks that need more than one process: the
// comparison with the add-on documentation's Python client
// (python_compare.sh). The in-process benchmarks live next to the code
// they measure; BENCHMARKS.md says how to run each.
package bench

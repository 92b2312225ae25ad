// Package bench holds the benchmarks that need more than one process: the
// comparison with the add-on documentation's Python client
// (python_compare.sh). The in-process benchmarks live next to the code
// they measure; BENCHMARKS.md says how to run each. Its workload
// (SeedNotes) and floor (RawPost) are shared with those benchmarks, so that
// every figure is taken on the same collection against the same floor.
package bench

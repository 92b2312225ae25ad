package fault

import "time"

// DefaultLimits returns the defaults of SetBodyLimits, for a test to
// compare with the engine's.
func DefaultLimits() (int64, time.Duration) { return defaultBodyLimit, defaultStallTimeout }

package wire

// Server is the fake AnkiConnect's HTTP handler.
type Server struct{}

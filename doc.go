// Package ankiconnect is a typed Go client for AnkiConnect, the Anki add-on
// that serves Anki's collection as JSON over HTTP.
package ankiconnect

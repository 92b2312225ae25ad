// Command fakeanki serves the fake AnkiConnect over HTTP, so programs in any
// language (a Python script, a browser extension) can be tested without
// Anki:
//
//	go run github.com/ankiconnect-go/ankiconnect/cmd/fakeanki@latest -addr 127.0.0.1:8765 [-api-key KEY] [-fixture file.json]
//
// (or go run ./cmd/fakeanki in a clone of the repository).
// It prints the URL it listens on, serves a fresh collection (or the one in
// the fixture, a JSON file as the fake's SaveFixture writes it) and stops
// cleanly on SIGINT or SIGTERM. Like the add-on, it closes every connection
// after its reply unless -keep-alive is given. -latency slows every request
// down and -old-server answers as AnkiConnect builds from before 2023 did.
// Bodies over -max-body bytes are refused with an error reply, and a client
// that stops sending its body for -stall-timeout gets an error reply too.
// exportPackage and importPackage read and write Anki's .apkg files
// in -package-dir (written in the add-on's legacy layout, or Anki's own
// with -export-format latest): relative paths resolve there, and
// paths outside it are refused. -package loads a package at start. -media-dir names the first profile's media
// folder (the one getMediaDirPath reports, where programs may read and
// write media files); without it every profile's folder is made in a
// temporary folder, removed on exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/fault"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "fakeanki:", err)
		}
		stop()
		os.Exit(2)
	}
}

// run serves until ctx is done, then shuts the server down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("fakeanki", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8765", "`host:port` to listen on (port 0 picks a free one)")
	apiKey := flags.String("api-key", "", "require this API `key` on every action but requestPermission")
	fixture := flags.String("fixture", "", "load the collection from this JSON `file`")
	origins := flags.String("origins", "", "comma-separated allowed CORS `origins` (default http://localhost)")
	profiles := flags.String("profiles", "", "comma-separated profile `names`, the first active (default \"User 1\")")
	keepAlive := flags.Bool("keep-alive", false, "keep connections open between requests (the add-on closes them)")
	latency := flags.Duration("latency", 0, "hold every request for this `duration` before serving it, as a busy Anki would")
	packageDir := flags.String("package-dir", "", "`directory` for exportPackage and importPackage files (default the OS temporary directory)")
	maxBody := flags.Int64("max-body", wire.DefaultBodyLimit, "refuse request bodies over this many `bytes` with an error reply")
	stall := flags.Duration("stall-timeout", wire.DefaultStallTimeout, "give up on a client that stops sending its body (or reading its reply) for this `duration`")
	exportFormat := apkg.FormatLegacy
	flags.Func("export-format", "the `layout` exportPackage writes: legacy (the add-on's, default) or latest (Anki's own: schema 18, zstd)", func(s string) error {
		f, err := apkg.ParseFormat(s)
		exportFormat = f
		return err
	})
	var packages []string
	flags.Func("package", "load this Anki package `file` (.apkg or .colpkg, as Anki exports it) at start; repeatable", func(path string) error {
		packages = append(packages, path)
		return nil
	})
	mediaDir := flags.String("media-dir", "", "the first profile's media `directory` (collection.media; default a temporary one, removed on exit)")
	oldServer := flags.Bool("old-server", false, "answer as AnkiConnect before 2023: text/json, a plain-text banner, bare version 4 results whatever the version asked")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", flags.Args())
	}
	cfg := wire.Config{APIKey: *apiKey, Origins: splitList(*origins), Profiles: splitList(*profiles), KeepAlive: *keepAlive, PackageDir: *packageDir}
	if *maxBody <= 0 || *stall <= 0 {
		return errors.New("-max-body and -stall-timeout must be positive")
	}
	cfg.BodyLimit, cfg.StallTimeout = *maxBody, *stall
	cfg.ExportFormat = exportFormat
	cfg.LogLimit = -1 // nothing reads the action log here: keep no params
	if *fixture != "" {
		col, err := loadFixture(*fixture)
		if err != nil {
			return err
		}
		cfg.Collection = col
	}
	cfg.MediaDir = *mediaDir
	mediaRoot, err := os.MkdirTemp("", "fakeanki-media-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(mediaRoot)
	cfg.MediaRoot = mediaRoot
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fake := wire.NewServer(cfg)
	if err := loadPackages(fake, packages); err != nil {
		ln.Close()
		return err
	}
	var handler http.Handler = fake
	faults := fault.New()
	if *latency > 0 || *oldServer {
		faults.SetLatency(*latency)
		faults.SetOldServer(*oldServer)
		faults.SetBodyLimits(*maxBody, *stall)
		handler = faults.Wrap(fake)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: *stall}
	srv.RegisterOnShutdown(fake.StopReading)   // stalled bodies end at once
	srv.RegisterOnShutdown(faults.StopReading) // those the faults read first too
	fmt.Fprintf(stdout, "fakeanki: serving AnkiConnect on http://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Requests being served finish; a client still sending headers gets
	// until the stall timeout, then its connection is closed.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *stall)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	fake.Wait() // replies on connections taken over from net/http
	fmt.Fprintln(stdout, "fakeanki: stopped")
	return nil
}

// loadPackages imports the -package files into the fake's collection.
func loadPackages(fake *wire.Server, paths []string) error {
	for _, path := range paths {
		p, err := apkg.ReadFile(path)
		if err != nil {
			return err
		}
		err = fake.Do(context.Background(), func(e *wire.Env) error {
			_, err := e.Col.ImportPackage(p)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	}
	return nil
}

func loadFixture(path string) (*collection.Collection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return collection.Load(f, time.Now)
}

// splitList splits a comma-separated flag value; "" gives nil (the default).
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

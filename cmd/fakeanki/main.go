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
// exportPackage and importPackage read and write Anki's .apkg packages in
// -package-dir: relative paths resolve there, and paths outside it are
// refused. -package FILE (repeatable) starts the fake holding an Anki
// package, such as a deck exported from Anki.
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
	var packages []string
	flags.Func("package", "import this Anki package `file` (.apkg, .colpkg) at start; repeatable", func(path string) error {
		packages = append(packages, path)
		return nil
	})
	oldServer := flags.Bool("old-server", false, "answer as AnkiConnect before 2023: text/json, a plain-text banner, bare version 4 results whatever the version asked")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", flags.Args())
	}
	cfg := wire.Config{APIKey: *apiKey, Origins: splitList(*origins), Profiles: splitList(*profiles), KeepAlive: *keepAlive, PackageDir: *packageDir}
	if *fixture != "" {
		col, err := loadFixture(*fixture)
		if err != nil {
			return err
		}
		cfg.Collection = col
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fake := wire.NewServer(cfg)
	for _, path := range packages {
		if err := fake.Do(ctx, func(e *wire.Env) error {
			_, err := wire.ImportPackageFile(e.Col, path, path)
			return err
		}); err != nil {
			ln.Close()
			return err
		}
	}
	var handler http.Handler = fake
	if *latency > 0 || *oldServer {
		faults := fault.New()
		faults.SetLatency(*latency)
		faults.SetOldServer(*oldServer)
		handler = faults.Wrap(fake)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "fakeanki: serving AnkiConnect on http://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	fake.Wait() // replies on connections taken over from net/http
	fmt.Fprintln(stdout, "fakeanki: stopped")
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

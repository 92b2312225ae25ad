package ankiconnecttest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// loopbackFetcher is the fake's default downloader for storeMediaFile's
// "url" source and note media given by URL: real HTTP, as the add-on does,
// but only to loopback addresses, so a test can serve media from an
// httptest.Server while a test that names an outside URL fails at once
// instead of reaching the network. Redirects are followed under the same
// rule, since every connection goes through the same dialer.
func loopbackFetcher() collection.Fetcher {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	transport := &http.Transport{
		Proxy: nil, // a proxy would be an outside address
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
			if err != nil {
				return nil, err
			}
			if len(ips) == 0 {
				return nil, fmt.Errorf("no address for %s", host)
			}
			for _, ip := range ips {
				if !ip.IP.IsLoopback() {
					where := host
					if ip.IP.String() != host {
						where += " (" + ip.IP.String() + ")"
					}
					return nil, fmt.Errorf("the fake AnkiConnect downloads only from loopback addresses, not from %s: serve the file from 127.0.0.1 or use WithMediaFetcher", where)
				}
			}
			return dialer.DialContext(ctx, network, net.JoinHostPort(ips[0].IP.String(), port))
		},
	}
	return collection.HTTPFetcher(&http.Client{Transport: transport, Timeout: 10 * time.Second})
}

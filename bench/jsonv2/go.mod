module github.com/ankiconnect-go/ankiconnect/bench/jsonv2

go 1.26

require (
	github.com/ankiconnect-go/ankiconnect v0.0.0
	github.com/go-json-experiment/json v1.27.2
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	golang.org/x/sync v0.22.0 // indirect
)

replace github.com/ankiconnect-go/ankiconnect => ../..

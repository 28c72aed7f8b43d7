//go:build tools

// Package tools pins the Pulumi CLI that scripts/build-pulumi.sh builds.
//
// `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.274.1` is refused by Go because pkg/go.mod
// has replace directives, so this wrapper module requires pkg/v3 and sdk/v3 at the same version,
// copies upstream's mandatory clipboard replace, and records every dependency in go.sum so that the
// build is reproducible (`go build -mod=readonly github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` here).
// To move to another Pulumi version: change both requires, run `go mod tidy`, and update
// PULUMI_VERSION in scripts/build-pulumi.sh.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

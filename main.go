// Command orgsync manages an Anthropic organisation as code: it plans and
// applies the difference between a YAML spec and the live organisation read
// through the Admin API.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/orgsync/orgsync/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
	})
	stop()
	os.Exit(int(code))
}

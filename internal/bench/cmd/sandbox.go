package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/orgsync/orgsync/internal/gen"
	"github.com/orgsync/orgsync/sandbox"
)

// serveCommand is the first argument that makes this program serve a
// sandbox instead of measuring. The benchmark starts itself in that mode,
// so that the sandbox's heap and CPU time stay out of its measures, as the
// real API's would.
const serveCommand = "serve-sandbox"

// keyEnv passes the sandbox's key to the child process, because the
// command line of a process is visible to every user of the machine.
const keyEnv = "ORGSYNC_BENCH_SANDBOX_KEY"

// sandboxProcess is a sandbox served by a child process.
type sandboxProcess struct {
	URL   string
	Key   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	dir   string
}

// startSandbox writes st to a temporary file and serves it from a child
// process on a loopback port. Every response is delayed by latency, and
// rateLimit is the sandbox's limit per minute (negative for none).
func startSandbox(st *sandbox.State, latency time.Duration, rateLimit int) (*sandboxProcess, error) {
	dir, err := os.MkdirTemp("", "orgsync-bench-")
	if err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	p := &sandboxProcess{dir: dir}
	if err := p.start(st, latency, rateLimit); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return p, nil
}

func (p *sandboxProcess) start(st *sandbox.State, latency time.Duration, rateLimit int) error {
	statePath := filepath.Join(p.dir, "state.json")
	f, err := os.Create(statePath)
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	writeErr := gen.WriteState(f, st)
	if err := errors.Join(writeErr, f.Close()); err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	if p.Key, err = randomKey(); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}

	p.cmd = exec.Command(self, serveCommand, "-state", statePath, "-latency", latency.String(), "-rate-limit", fmt.Sprint(rateLimit))
	p.cmd.Env = append(os.Environ(), keyEnv+"="+p.Key)
	p.cmd.Stderr = os.Stderr
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		p.stop()
		return fmt.Errorf("start sandbox: no address from the sandbox process: %w", err)
	}
	p.URL = strings.TrimSpace(line)
	return nil
}

// stop ends the child process by closing its standard input, and removes
// the state file.
func (p *sandboxProcess) stop() {
	if p.stdin != nil {
		p.stdin.Close()
	}
	if p.cmd != nil && p.cmd.Process != nil {
		p.cmd.Wait()
	}
	os.RemoveAll(p.dir)
}

func randomKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate sandbox key: %w", err)
	}
	return "sk-ant-admin01-bench-" + hex.EncodeToString(b), nil
}

// serveSandbox is the child process: it serves the state file on a
// loopback port, prints the base URL on standard output, and stops when
// standard input closes.
func serveSandbox(args []string) error {
	fs := flag.NewFlagSet(serveCommand, flag.ContinueOnError)
	statePath := fs.String("state", "", "sandbox state `file`")
	latency := fs.Duration("latency", 0, "delay added to every response")
	rateLimit := fs.Int("rate-limit", -1, "requests allowed a minute; negative for no limit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := sandbox.LoadState(*statePath)
	if err != nil {
		return err
	}
	srv := sandbox.New(st, sandbox.Options{AdminKeys: []string{os.Getenv(keyEnv)}, RateLimit: *rateLimit})
	if *latency > 0 {
		srv.AddFault(sandbox.Fault{Action: sandbox.ActionDelay, Latency: sandbox.Duration(*latency)})
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("sandbox listen: %w", err)
	}
	server := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go server.Serve(listener)
	fmt.Printf("http://%s\n", listener.Addr())

	io.Copy(io.Discard, os.Stdin)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return server.Shutdown(ctx)
}

// End to end: the real govmetrics binaries on free loopback ports, called through the Go
// client. GOVMETRICS_BUILD_DIR and GOVMETRICS_SOURCE_DIR are set by tests/clients/go_e2e.sh.
package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
	"google.golang.org/grpc"
)

var listening = regexp.MustCompile(`listening on (\S+):(\d+)`)

type process struct {
	cmd    *exec.Cmd
	target string
	lines  chan string
}

// run starts a command that prints "... listening on HOST:PORT" once bound, and waits for it.
func run(t *testing.T, binary string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", binary, err)
	}
	p := &process{cmd: cmd, lines: make(chan string, 100)}
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			if m := listening.FindStringSubmatch(scanner.Text()); m != nil && found != nil {
				found <- "127.0.0.1:" + m[2]
				found = nil
				continue
			}
			p.lines <- scanner.Text()
		}
		close(p.lines)
	}()
	select {
	case p.target = <-found:
		return p
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s did not report its port in time", binary)
	}
	return nil
}

// start runs BUILD/services/<name>/govmetrics-<name> on a free loopback port.
func start(t *testing.T, name string, extra ...string) *process {
	binary := filepath.Join(os.Getenv("GOVMETRICS_BUILD_DIR"), "services", name, "govmetrics-"+name)
	return run(t, binary, append([]string{"--listen=127.0.0.1:0", "--drain_seconds=1"}, extra...)...)
}

// stop sends SIGTERM and returns the exit code (the servers drain and exit 0) and the
// remaining output lines.
func (p *process) stop() (int, []string) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	var lines []string
	for line := range p.lines {
		lines = append(lines, line)
	}
	if err := p.cmd.Wait(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), lines
		}
		return -1, lines
	}
	return 0, lines
}

// flakyProxy is tests/clients/flaky_proxy.py in front of upstream, dropping one connection.
func flakyProxy(t *testing.T, upstream string) *process {
	return run(t, "/usr/bin/python3", repoPath("tests", "clients", "flaky_proxy.py"), upstream, "--drop=1")
}

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{os.Getenv("GOVMETRICS_SOURCE_DIR")}, parts...)...)
}

func dial(t *testing.T, target string, opts ...govmetrics.Option) *grpc.ClientConn {
	t.Helper()
	conn, err := govmetrics.Dial(target, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func readCSV(t *testing.T, path, entity, period string) *commonv1.Panel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	panel, err := govmetrics.ReadPanelCSV(f, entity, period)
	if err != nil {
		t.Fatal(err)
	}
	return panel
}

func readJSON(t *testing.T, path string, into interface{}) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatal(err)
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}

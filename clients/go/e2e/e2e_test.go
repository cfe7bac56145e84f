// End to end: the real govmetrics-index and govmetrics-modeling binaries on free loopback
// ports, called through the Go client. GOVMETRICS_BUILD_DIR and GOVMETRICS_SOURCE_DIR are
// set by tests/clients/go_e2e.sh.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"math"
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
	indexv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/index/v1"
	modelingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/modeling/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var listening = regexp.MustCompile(`listening on (\S+):(\d+)`)

type service struct {
	cmd    *exec.Cmd
	target string
}

// start runs BUILD/services/<name>/govmetrics-<name> --listen=127.0.0.1:0 and waits for its
// "listening on HOST:PORT" line.
func start(t *testing.T, name string, extra ...string) *service {
	t.Helper()
	binary := filepath.Join(os.Getenv("GOVMETRICS_BUILD_DIR"), "services", name, "govmetrics-"+name)
	cmd := exec.Command(binary, append([]string{"--listen=127.0.0.1:0", "--drain_seconds=1"}, extra...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", binary, err)
	}
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			if m := listening.FindStringSubmatch(scanner.Text()); m != nil {
				found <- "127.0.0.1:" + m[2]
				break
			}
		}
		close(found)
		ioutil.ReadAll(stdout) // keep draining so the server never blocks on stdout
	}()
	select {
	case target, ok := <-found:
		if !ok {
			cmd.Wait()
			t.Fatalf("%s exited before listening", binary)
		}
		return &service{cmd: cmd, target: target}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s did not report its port in time", binary)
	}
	return nil
}

// stop sends SIGTERM and returns the exit code (the servers drain and exit 0).
func (s *service) stop() int {
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.cmd.Wait(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode()
		}
		return -1
	}
	return 0
}

func dial(t *testing.T, target string) *grpc.ClientConn {
	t.Helper()
	conn, err := govmetrics.Dial(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func smallIndexRequest() *indexv1.ComputeIndexRequest {
	var rows []govmetrics.Row
	for _, r := range []struct {
		entity          string
		year            int32
		broadband, pm25 float64
	}{{"北京", 2020, 1, 60}, {"北京", 2021, 2, 55}, {"上海", 2020, 3, 40},
		{"上海", 2021, 4, 35}, {"广东", 2020, 5, 30}, {"广东", 2021, 6, 28}} {
		rows = append(rows, govmetrics.Row{Entity: r.entity, Period: r.year,
			Values: map[string]float64{"broadband": r.broadband, "pm25": r.pm25}})
	}
	return &indexv1.ComputeIndexRequest{
		Panel: govmetrics.PanelFromRows(rows, []string{"broadband", "pm25"}, nil),
		Indicators: []*indexv1.Indicator{
			{Column: "broadband", Direction: indexv1.Direction_DIRECTION_POSITIVE, Dimension: "数字技术"},
			{Column: "pm25", Direction: indexv1.Direction_DIRECTION_NEGATIVE, Dimension: "环境"},
		},
	}
}

func TestIndexService(t *testing.T) {
	svc := start(t, "index")
	defer func() {
		if code := svc.stop(); code != 0 {
			t.Errorf("govmetrics-index exited %d on SIGTERM", code)
		}
	}()
	conn := dial(t, svc.target)
	defer conn.Close()
	client := govmetrics.NewIndexClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	t.Run("ScoresAndWeights", func(t *testing.T) {
		response, err := client.ComputeIndex(ctx, smallIndexRequest())
		if err != nil {
			t.Fatal(govmetrics.DescribeError(err))
		}
		scores := response.GetScores()
		if len(scores) != 6 || response.GetRowsUsed() != 6 {
			t.Fatalf("got %d scores, rows_used %d; want 6", len(scores), response.GetRowsUsed())
		}
		total := 0.0
		for _, w := range response.GetWeights() {
			total += w.GetWeight()
		}
		if math.Abs(total-1) > 1e-12 {
			t.Errorf("weights sum to %v", total)
		}
		// Perfectly ordered indicators: row 0 is worst on both, row 5 best.
		for i, s := range scores {
			if s < 0 || s > 1 || s < scores[0] || s > scores[5] {
				t.Errorf("score[%d] = %v out of order/range", i, s)
			}
		}
	})

	t.Run("BearerToken", func(t *testing.T) {
		// As metadata it works on any channel; as per-RPC credentials it needs TLS.
		if _, err := client.ComputeIndex(govmetrics.WithToken(ctx, "t0ken"), smallIndexRequest()); err != nil {
			t.Fatal(govmetrics.DescribeError(err))
		}
		if _, err := govmetrics.Dial(svc.target, nil, grpc.WithPerRPCCredentials(govmetrics.BearerToken("t0ken"))); err == nil {
			t.Error("per-RPC bearer credentials accepted a plaintext channel")
		}
	})

	t.Run("NaNIsMissing", func(t *testing.T) {
		request := smallIndexRequest()
		request.Panel.Columns[0].Values[3] = math.NaN()
		request.MissingPolicy = indexv1.MissingPolicy_MISSING_POLICY_LISTWISE
		response, err := client.ComputeIndex(ctx, request)
		if err != nil {
			t.Fatal(govmetrics.DescribeError(err))
		}
		if response.GetRowsUsed() != 5 || !math.IsNaN(response.GetScores()[3]) {
			t.Errorf("rows_used %d, score[3] %v; want 5, NaN", response.GetRowsUsed(), response.GetScores()[3])
		}
	})

	t.Run("InvalidArgumentFieldViolation", func(t *testing.T) {
		request := smallIndexRequest()
		request.Indicators[1].Column = "no_such"
		_, err := client.ComputeIndex(ctx, request)
		if status.Code(err) != codes.InvalidArgument {
			t.Fatalf("got %v, want INVALID_ARGUMENT", err)
		}
		want := govmetrics.FieldViolation{Field: "indicators[1].column", Description: "no column 'no_such' in panel"}
		got := govmetrics.FieldViolations(err)
		if len(got) != 1 || got[0] != want {
			t.Errorf("field violations %+v, want [%+v]", got, want)
		}
	})
}

type goldenCoefficient struct {
	Name     string  `json:"name"`
	Estimate float64 `json:"estimate"`
	StdError float64 `json:"std_error"`
}

type goldenCase struct {
	Name         string              `json:"name"`
	NObs         int32               `json:"n_obs"`
	Coefficients []goldenCoefficient `json:"coefficients"`
}

func readProduc(t *testing.T) (*commonv1.Panel, goldenCase) {
	t.Helper()
	root := os.Getenv("GOVMETRICS_SOURCE_DIR")
	f, err := os.Open(filepath.Join(root, "tests", "reference", "data", "produc_logs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	panel, err := govmetrics.ReadPanelCSV(f, "state", "year", "region")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ioutil.ReadFile(filepath.Join(root, "tests", "reference", "golden", "panel_produc.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	for _, c := range golden.Cases {
		// R plm + sandwich (tests/reference/panel/panel_reference.R).
		if c.Name == "within_entity_cluster_entity_stata" {
			return panel, c
		}
	}
	t.Fatal("golden case within_entity_cluster_entity_stata missing")
	return nil, goldenCase{}
}

func TestModelingServiceMatchesPlm(t *testing.T) {
	panel, expected := readProduc(t)
	svc := start(t, "modeling")
	defer func() {
		if code := svc.stop(); code != 0 {
			t.Errorf("govmetrics-modeling exited %d on SIGTERM", code)
		}
	}()
	conn := dial(t, svc.target)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	response, err := govmetrics.NewModelingClient(conn).FitPanelModel(ctx, &modelingv1.FitPanelModelRequest{
		Panel:        panel,
		Dependent:    "lgsp",
		Regressors:   []string{"lpcap", "lpc", "lemp", "unemp"},
		FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_ENTITY,
		Estimator:    modelingv1.Estimator_ESTIMATOR_WITHIN,
		Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER,
			ClusterBy: []string{"entity"}, SmallSample: modelingv1.SmallSample_SMALL_SAMPLE_STATA},
	})
	if err != nil {
		t.Fatal(govmetrics.DescribeError(err))
	}
	if response.GetNObs() != expected.NObs || response.GetNEntities() != 48 {
		t.Errorf("n_obs %d, n_entities %d; want %d, 48", response.GetNObs(), response.GetNEntities(), expected.NObs)
	}
	got := map[string]*modelingv1.Coefficient{}
	var names []string
	for _, c := range response.GetCoefficients() {
		got[c.GetName()] = c
		names = append(names, c.GetName())
	}
	if strings.Join(names, ",") != "lpcap,lpc,lemp,unemp" {
		t.Errorf("coefficients %v", names)
	}
	// The textbook within estimate (Baltagi, Econometric Analysis of Panel Data): 0.2920.
	if lpc := got["lpc"].GetEstimate(); math.Abs(lpc-0.2920) > 1e-4 {
		t.Errorf("lpc = %v, want 0.2920", lpc)
	}
	for _, want := range expected.Coefficients {
		c, ok := got[want.Name]
		if !ok {
			t.Errorf("no coefficient %s", want.Name)
			continue
		}
		if math.Abs(c.GetEstimate()-want.Estimate) > 1e-8 {
			t.Errorf("%s estimate %v, plm %v", want.Name, c.GetEstimate(), want.Estimate)
		}
		if math.Abs(c.GetStdError()-want.StdError) > 1e-8*math.Max(1, want.StdError) {
			t.Errorf("%s std error %v, plm %v", want.Name, c.GetStdError(), want.StdError)
		}
	}
	fmt.Printf("lpc = %.6f (plm %.6f)\n", got["lpc"].GetEstimate(), expected.Coefficients[1].Estimate)
}

// A server requiring mTLS and a bearer token: the client certificate and the token both
// have to be there (MutualTLS and BearerToken as docs/clients.md shows them).
func TestSecuredServerWantsClientCertAndToken(t *testing.T) {
	dir, err := ioutil.TempDir("", "govmetrics-go-tls-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(os.Getenv("GOVMETRICS_SOURCE_DIR"), "tests", "clients", "make_test_certs.sh")
	if out, err := exec.Command(script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	svc := start(t, "index", "--tls_cert="+file("server.crt"), "--tls_key="+file("server.key"),
		"--tls_client_ca="+file("ca.crt"), "--auth_tokens_file="+file("tokens"))
	defer func() {
		if code := svc.stop(); code != 0 {
			t.Errorf("secured govmetrics-index exited %d on SIGTERM", code)
		}
	}()
	raw, err := ioutil.ReadFile(file("token"))
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(raw))
	mtls, err := govmetrics.MutualTLS(file("ca.crt"), file("client.crt"), file("client.key"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	conn, err := govmetrics.Dial(svc.target, mtls, grpc.WithPerRPCCredentials(govmetrics.BearerToken(token)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := govmetrics.NewIndexClient(conn).ComputeIndex(ctx, smallIndexRequest()); err != nil {
		t.Errorf("client cert + token: %s", govmetrics.DescribeError(err))
	}

	bare := dial(t, svc.target) // plaintext against a TLS port
	defer bare.Close()
	noToken, err := govmetrics.Dial(svc.target, mtls)
	if err != nil {
		t.Fatal(err)
	}
	defer noToken.Close()
	if _, err := govmetrics.NewIndexClient(noToken).ComputeIndex(ctx, smallIndexRequest()); status.Code(err) != codes.Unauthenticated {
		t.Errorf("client cert without token: got %v, want UNAUTHENTICATED", err)
	}
	if _, err := govmetrics.NewIndexClient(bare).ComputeIndex(govmetrics.WithToken(ctx, token), smallIndexRequest()); err == nil {
		t.Error("plaintext call to the mTLS port succeeded")
	}
}

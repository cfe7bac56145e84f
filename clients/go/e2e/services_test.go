package e2e

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
	indexv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/index/v1"
	modelingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/modeling/v1"
	reportingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/reporting/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
)

func smallIndexRequest() *indexv1.ComputeIndexRequest {
	panel := &commonv1.Panel{
		Entity: []string{"北京", "北京", "上海", "上海", "广东", "广东"},
		Period: []int32{2020, 2021, 2020, 2021, 2020, 2021},
		Columns: []*commonv1.Column{{Name: "broadband", Values: []float64{1, 2, 3, 4, 5, 6}},
			{Name: "pm25", Values: []float64{60, 55, 40, 35, 30, 28}}},
	}
	return &indexv1.ComputeIndexRequest{Panel: panel, Indicators: []*indexv1.Indicator{
		{Column: "broadband", Direction: indexv1.Direction_DIRECTION_POSITIVE, Dimension: "数字技术"},
		{Column: "pm25", Direction: indexv1.Direction_DIRECTION_NEGATIVE, Dimension: "环境"},
	}}
}

var twoWayIID = &modelingv1.ModelSpec{FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_TWO_WAY,
	Estimator: modelingv1.Estimator_ESTIMATOR_WITHIN,
	Variance:  &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_IID, SmallSample: modelingv1.SmallSample_SMALL_SAMPLE_NONE}}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-8*math.Max(1, math.Abs(b)) }

func TestComputeServices(t *testing.T) {
	index, modeling := start(t, "index"), start(t, "modeling")
	defer func() {
		for _, s := range []*process{index, modeling} {
			if code, _ := s.stop(); code != 0 {
				t.Errorf("service exited %d on SIGTERM", code)
			}
		}
	}()
	indexConn, modelingConn := dial(t, index.target, govmetrics.WithTimeout(30*time.Second)), dial(t, modeling.target)
	defer indexConn.Close()
	defer modelingConn.Close()
	ix, md := indexv1.NewIndexServiceClient(indexConn), modelingv1.NewModelingServiceClient(modelingConn)
	ctx := context.Background()
	produc := readCSV(t, repoPath("tests", "reference", "data", "produc_logs.csv"), "state", "year")

	t.Run("ComputeIndex", func(t *testing.T) {
		r, err := ix.ComputeIndex(ctx, smallIndexRequest())
		if err != nil || len(r.GetScores()) != 6 || math.Abs(r.GetWeights()[0].GetWeight()+r.GetWeights()[1].GetWeight()-1) > 1e-12 {
			t.Fatalf("%v %v", r, err)
		}
	})
	t.Run("ComputeCouplingCoordination", func(t *testing.T) {
		panel := &commonv1.Panel{Entity: []string{"a", "a", "b", "b"}, Period: []int32{1, 2, 1, 2},
			Columns: []*commonv1.Column{{Name: "u1", Values: []float64{0.2, 0.4, 0.6, 0.8}}, {Name: "u2", Values: []float64{0.3, 0.3, 0.5, 0.9}}}}
		r, err := ix.ComputeCouplingCoordination(ctx, &indexv1.ComputeCouplingCoordinationRequest{Panel: panel, First: "u1", Second: "u2"})
		if err != nil || len(r.GetCoupling()) != 4 {
			t.Fatalf("%v %v", r, err)
		}
	})
	t.Run("FitPanelModelMatchesPlm", func(t *testing.T) { fitMatchesPlm(t, md, produc) })
	t.Run("AnalyzeMediationMatchesPlm", func(t *testing.T) { mediationMatchesPlm(t, md, produc) })
	t.Run("HausmanDescribeCompareGroups", func(t *testing.T) {
		h, err := md.HausmanTest(ctx, &modelingv1.HausmanTestRequest{Panel: produc, Dependent: "lgsp", Regressors: []string{"lpcap", "lpc", "lemp", "unemp"}})
		if err != nil || h.GetDf() <= 0 {
			t.Fatalf("%v %v", h, err)
		}
		d, err := md.DescribeVariables(ctx, &modelingv1.DescribeVariablesRequest{Panel: produc, Columns: []string{"lgsp", "lpcap"}})
		if err != nil || len(d.GetVariables()) != 2 {
			t.Fatalf("%v %v", d, err)
		}
		study := readCSV(t, repoPath("data", "produc", "produc_study.csv"), "state", "year")
		g, err := md.CompareGroups(ctx, &modelingv1.CompareGroupsRequest{Panel: study, Dependent: "lgsp",
			Regressors: []string{"lpcap", "unemp"}, GroupBy: "region", Compare: []string{"lpcap"}, Model: twoWayIID})
		if err != nil || len(g.GetGroups()) != 9 {
			t.Fatalf("%d groups, %v", len(g.GetGroups()), err)
		}
	})
	t.Run("BadRequestIsAnErrorWithFieldViolations", func(t *testing.T) {
		request := smallIndexRequest()
		request.Indicators[1].Column = "no_such"
		_, err := ix.ComputeIndex(ctx, request)
		e, ok := err.(*govmetrics.Error)
		if !ok || e.Code != codes.InvalidArgument || status.Code(err) != codes.InvalidArgument {
			t.Fatalf("got %T %v", err, err)
		}
		want := govmetrics.FieldViolation{Field: "indicators[1].column", Description: "no column 'no_such' in panel"}
		if len(e.FieldViolations) != 1 || e.FieldViolations[0] != want || !strings.Contains(e.Error(), "indicators[1].column: no column") {
			t.Fatalf("violations %v", e.FieldViolations)
		}
	})
	t.Run("ADeadlineStopsALongCall", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		_, err := md.AnalyzeMediation(short, &modelingv1.AnalyzeMediationRequest{Panel: produc, Treatment: "lpcap",
			Mediators: []string{"lpc", "lemp"}, Outcome: "lgsp", Model: twoWayIID,
			Bootstrap: &modelingv1.Bootstrap{Replications: 20000, Seed: 1}})
		if status.Code(err) != codes.DeadlineExceeded {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("UnavailableIsRetried", func(t *testing.T) { unavailableIsRetried(t, index.target) })
}

func fitMatchesPlm(t *testing.T, md modelingv1.ModelingServiceClient, produc *commonv1.Panel) {
	var golden struct {
		Cases []struct {
			Name         string
			Regressors   []string
			Coefficients []struct {
				Name     string
				Estimate float64
				StdError float64 `json:"std_error"`
			}
		}
	}
	readJSON(t, repoPath("tests", "reference", "golden", "panel_produc.json"), &golden)
	for _, c := range golden.Cases {
		if c.Name != "within_entity_cluster_entity_stata" {
			continue
		}
		r, err := md.FitPanelModel(context.Background(), &modelingv1.FitPanelModelRequest{Panel: produc, Dependent: "lgsp",
			Regressors: c.Regressors, FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_ENTITY, Estimator: modelingv1.Estimator_ESTIMATOR_WITHIN,
			Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER, ClusterBy: []string{"entity"},
				SmallSample: modelingv1.SmallSample_SMALL_SAMPLE_STATA}})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range c.Coefficients {
			got := r.GetCoefficients()[i]
			if got.GetName() != want.Name || !near(got.GetEstimate(), want.Estimate) || !near(got.GetStdError(), want.StdError) {
				t.Errorf("%s: %v, want %v", want.Name, got, want)
			}
		}
		return
	}
	t.Fatal("golden case missing")
}

func mediationMatchesPlm(t *testing.T, md modelingv1.ModelingServiceClient, produc *commonv1.Panel) {
	var golden struct {
		Mediations []struct {
			Name  string
			Paths map[string]struct {
				Estimate float64
				StdError float64 `json:"std_error"`
			}
		}
	}
	readJSON(t, repoPath("tests", "reference", "golden", "mediation_produc.json"), &golden)
	r, err := md.AnalyzeMediation(context.Background(), &modelingv1.AnalyzeMediationRequest{Panel: produc, Treatment: "lpcap",
		Mediators: []string{"lpc"}, Outcome: "lgsp", Controls: []string{"unemp"}, Model: twoWayIID,
		Bootstrap: &modelingv1.Bootstrap{Replications: 49, Seed: 7}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range golden.Mediations {
		if m.Name == "mediator_lpc_iid" {
			a := r.GetMediators()[0].GetA()
			if !near(a.GetEstimate(), m.Paths["a"].Estimate) || !near(a.GetStdError(), m.Paths["a"].StdError) {
				t.Errorf("path a %v, want %v", a, m.Paths["a"])
			}
			return
		}
	}
	t.Fatal("golden case missing")
}

// The proxy drops the first connection: with retries the call succeeds (the connection
// backoff is shortened so a retry meets a reconnected channel), without it fails.
func unavailableIsRetried(t *testing.T, upstream string) {
	fast := grpc.WithConnectParams(grpc.ConnectParams{Backoff: backoff.Config{BaseDelay: 100 * time.Millisecond,
		Multiplier: 1.6, MaxDelay: time.Second}, MinConnectTimeout: time.Second})
	proxy := flakyProxy(t, upstream)
	conn := dial(t, proxy.target, govmetrics.WithDialOptions(fast))
	_, err := indexv1.NewIndexServiceClient(conn).ComputeIndex(context.Background(), smallIndexRequest())
	conn.Close()
	_, events := proxy.stop()
	if err != nil || !contains(events, "dropped 1") || !contains(events, "forwarded 2") {
		t.Fatalf("err %v, proxy events %v", err, events)
	}
	once := flakyProxy(t, upstream)
	defer once.stop()
	conn = dial(t, once.target, govmetrics.WithoutRetry())
	defer conn.Close()
	if _, err := indexv1.NewIndexServiceClient(conn).ComputeIndex(context.Background(), smallIndexRequest()); status.Code(err) != codes.Unavailable {
		t.Fatalf("without retries: %v", err)
	}
}

func TestQuotaFailure(t *testing.T) {
	limited := start(t, "index", "--max_rows=3")
	defer limited.stop()
	conn := dial(t, limited.target)
	defer conn.Close()
	_, err := indexv1.NewIndexServiceClient(conn).ComputeIndex(context.Background(), smallIndexRequest())
	e, ok := govmetrics.AsError(err)
	if !ok || e.Code != codes.ResourceExhausted || len(e.QuotaViolations) == 0 {
		t.Fatalf("got %v", err)
	}
}

func TestStreamStudyWithProgress(t *testing.T) {
	index, modeling := start(t, "index"), start(t, "modeling")
	reporting := start(t, "reporting", "--index_target="+index.target, "--modeling_target="+modeling.target)
	defer func() {
		for _, s := range []*process{reporting, index, modeling} {
			s.stop()
		}
	}()
	raw, err := os.ReadFile(repoPath("data", "demo", "study_spec_en.json"))
	if err != nil {
		t.Fatal(err)
	}
	spec := &reportingv1.StudySpec{}
	if err := protojson.Unmarshal(raw, spec); err != nil {
		t.Fatal(err)
	}
	spec.Bootstrap.Replications, spec.Permutations = 49, 49
	panel := readCSV(t, repoPath("data", "demo", "study_panel.csv"), "entity", "year")
	conn := dial(t, reporting.target, govmetrics.WithTimeout(2*time.Minute))
	defer conn.Close()
	var steps []string
	result, err := govmetrics.RunStudyWithProgress(context.Background(), reportingv1.NewReportingServiceClient(conn),
		&reportingv1.StreamStudyRequest{Panel: panel, Spec: spec}, func(p *reportingv1.Progress) { steps = append(steps, p.GetStep()) })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(steps, ",") != "indices,scores,descriptives,baseline,robustness,mechanism,heterogeneity,moderation,endogeneity,spatio_temporal,spatial,threshold,render" {
		t.Errorf("steps %v", steps)
	}
	if len(result.GetDocuments()) == 0 {
		t.Error("no documents")
	}
}

func TestMutualTLSAndToken(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command(repoPath("tests", "clients", "make_test_certs.sh"), dir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	secured := start(t, "index", "--tls_cert="+file("server.crt"), "--tls_key="+file("server.key"),
		"--tls_client_ca="+file("ca.crt"), "--auth_tokens_file="+file("tokens"))
	defer secured.stop()
	token, _ := os.ReadFile(file("token"))
	call := func(opts ...govmetrics.Option) error {
		conn := dial(t, secured.target, append(opts, govmetrics.WithTimeout(10*time.Second))...)
		defer conn.Close()
		_, err := indexv1.NewIndexServiceClient(conn).ComputeIndex(context.Background(), smallIndexRequest())
		return err
	}
	mtls := govmetrics.WithMutualTLS(file("ca.crt"), file("client.crt"), file("client.key"))
	if err := call(mtls, govmetrics.WithToken(strings.TrimSpace(string(token)))); err != nil {
		t.Fatalf("mTLS + token: %v", err)
	}
	if err := call(mtls); status.Code(err) != codes.Unauthenticated {
		t.Errorf("no token: %v", err)
	}
	if err := call(govmetrics.WithTLS(file("ca.crt")), govmetrics.WithToken("x"), govmetrics.WithoutRetry()); status.Code(err) != codes.Unavailable {
		t.Errorf("no client certificate: %v", err)
	}
	if _, err := govmetrics.Dial("127.0.0.1:1", govmetrics.WithToken("x")); err == nil {
		t.Error("a token over plaintext was accepted without WithInsecureToken")
	}
}

// The gateway's pieces without sockets: path templates, routes read from the annotated
// contracts, JSON <-> binary for path / query / body bindings, HTTP status mapping.
#include <string>

#include "gmock/gmock.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "gtest/gtest.h"
#include "services/gateway/descriptor_set.h"
#include "services/gateway/http_error.h"
#include "services/gateway/json_transcoder.h"
#include "services/gateway/path_template.h"
#include "services/gateway/route_table.h"

namespace govmetrics::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(PathTemplateTest, LiteralPathWithVerbMatchesOnlyItself) {
  auto path = PathTemplate::Parse("/v1/index:compute");
  ASSERT_TRUE(path.ok()) << path.status();
  PathBindings bindings;
  EXPECT_TRUE(path->Match("/v1/index:compute", &bindings));
  EXPECT_TRUE(bindings.empty());
  EXPECT_FALSE(path->Match("/v1/index:computeX", &bindings));
  EXPECT_FALSE(path->Match("/v1/index", &bindings));
  EXPECT_FALSE(path->Match("/v1/indexXcompute", &bindings));  // '.'-free, ':' literal
}

TEST(PathTemplateTest, VariablesBindSegmentsAndStopBeforeTheVerb) {
  auto path = PathTemplate::Parse("/v1/{name=datasets/*}:share");
  ASSERT_TRUE(path.ok()) << path.status();
  PathBindings bindings;
  ASSERT_TRUE(path->Match("/v1/datasets/produc%20logs:share", &bindings));
  EXPECT_THAT(bindings, ElementsAre(Pair("name", "datasets/produc logs")));
  EXPECT_FALSE(path->Match("/v1/datasets/a/b:share", &bindings));
  auto get = PathTemplate::Parse("/v1/{name=datasets/*}");
  ASSERT_TRUE(get.ok());
  EXPECT_FALSE(get->Match("/v1/datasets/d1:read", &bindings));  // a custom verb is another route
  EXPECT_EQ(path->OpenApiPath(), "/v1/{name}:share");

  auto simple = PathTemplate::Parse("/v1/datasets/{dataset}/columns/{column}");
  ASSERT_TRUE(simple.ok());
  ASSERT_TRUE(simple->Match("/v1/datasets/d1/columns/gdp", &bindings));
  EXPECT_THAT(bindings, ElementsAre(Pair("dataset", "d1"), Pair("column", "gdp")));
}

TEST(PathTemplateTest, DoubleStarTakesTheRestOfThePath) {
  auto path = PathTemplate::Parse("/v1/{name=operations/**}");
  ASSERT_TRUE(path.ok());
  PathBindings bindings;
  ASSERT_TRUE(path->Match("/v1/operations/a/b/c", &bindings));
  EXPECT_THAT(bindings, ElementsAre(Pair("name", "operations/a/b/c")));
}

TEST(PathTemplateTest, MalformedTemplatesAreRejected) {
  EXPECT_FALSE(PathTemplate::Parse("v1/index").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{name").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1//x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/a b").ok());
}

class ContractsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = LoadContracts(EmbeddedDescriptorSet());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    contracts_ = *std::move(loaded);
  }
  Contracts contracts_;
};

// Client-streaming RPCs (dataset upload) have no HTTP/JSON binding: an HTTP/1.1 body is
// one message, not a stream of them.
TEST_F(ContractsTest, EveryRpcOfEveryServedServiceHasARoute) {
  auto routes = RouteTable::FromFiles(contracts_.files, ServedPackagePrefixes());
  ASSERT_TRUE(routes.ok()) << routes.status();
  int methods = 0;
  for (const auto* file : contracts_.files) {
    for (int s = 0; s < file->service_count(); ++s) {
      if (file->package().rfind("govmetrics.", 0) != 0 && file->package() != "google.longrunning") continue;
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        const auto* method = file->service(s)->method(m);
        if (method->client_streaming()) continue;
        ++methods;
        bool routed = false;
        for (const Route& route : routes->routes()) routed |= route.method == method;
        EXPECT_TRUE(routed) << method->full_name() << " has no google.api.http annotation";
      }
    }
  }
  EXPECT_GE(methods, 22);
  PathBindings bindings;
  bool path_matched = false;
  const Route* route = routes->Find("POST", "/v1/index:compute", &bindings, &path_matched);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->grpc_path, "/govmetrics.index.v1.IndexService/ComputeIndex");
  EXPECT_EQ(routes->Find("GET", "/v1/index:compute", &bindings, &path_matched), nullptr);
  EXPECT_TRUE(path_matched);  // 405, not 404
}

// A route with a path variable, a body field and query parameters, on a real method.
Route DescribeRoute(const Contracts& contracts, const std::string& body) {
  const auto* method = contracts.pool->FindMethodByName(
      "govmetrics.modeling.v1.ModelingService.DescribeVariables");
  return Route{"POST", *PathTemplate::Parse("/v1/variables/{group_by}:describe"), body, "", method,
               "/govmetrics.modeling.v1.ModelingService/DescribeVariables"};
}

TEST_F(ContractsTest, PathQueryAndBodyFieldFillTheRequest) {
  JsonTranscoder transcoder(contracts_.pool.get());
  Route route = DescribeRoute(contracts_, "panel");
  auto binary = transcoder.RequestMessage(route, R"({"entity": ["a"], "period": [2020]})",
                                          {{"group_by", "region3"}},
                                          {{"columns", "gdp"}, {"columns", "pm25"}});
  ASSERT_TRUE(binary.ok()) << binary.status();
  modeling::v1::DescribeVariablesRequest request;
  ASSERT_TRUE(request.ParseFromString(*binary));
  EXPECT_EQ(request.group_by(), "region3");
  EXPECT_THAT(request.columns(), ElementsAre("gdp", "pm25"));
  EXPECT_THAT(request.panel().entity(), ElementsAre("a"));
}

TEST_F(ContractsTest, UnknownQueryParameterAndBadJsonAreInvalidArgument) {
  JsonTranscoder transcoder(contracts_.pool.get());
  Route route = DescribeRoute(contracts_, "panel");
  auto unknown = transcoder.RequestMessage(route, "{}", {{"group_by", "r"}}, {{"colums", "x"}});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("colums"));
  auto bad_json = transcoder.RequestMessage(route, "{", {{"group_by", "r"}}, {});
  EXPECT_EQ(bad_json.status().code(), absl::StatusCode::kInvalidArgument);
  Route whole = DescribeRoute(contracts_, "*");
  whole.path = *PathTemplate::Parse("/v1/variables:describe");
  auto wrong_type = transcoder.RequestMessage(whole, R"({"columns": 3})", {}, {});
  EXPECT_EQ(wrong_type.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ContractsTest, ResponsesUseLowerCamelCaseAndPrintZeroValues) {
  JsonTranscoder transcoder(contracts_.pool.get());
  modeling::v1::DescribeVariablesRequest message;
  message.set_group_by("region3");
  auto json = transcoder.MessageJson("govmetrics.modeling.v1.DescribeVariablesRequest",
                                     message.SerializeAsString());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr(R"("groupBy":"region3")"));
  EXPECT_THAT(*json, HasSubstr(R"("columns":[])"));
}

TEST(HttpErrorTest, CodesMapAsGoogleRpcCodeDocuments) {
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::FAILED_PRECONDITION), 400);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::ALREADY_EXISTS), 409);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::CANCELLED), 499);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INTERNAL), 500);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNIMPLEMENTED), 501);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::DEADLINE_EXCEEDED), 504);
}

}  // namespace
}  // namespace govmetrics::gateway

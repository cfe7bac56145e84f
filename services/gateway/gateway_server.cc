#include "services/gateway/gateway_server.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/rpc/status_mapping.h"
#include "services/gateway/dataset_upload.h"
#include "services/gateway/http_error.h"
#include "services/gateway/http_metrics.h"
#include "services/gateway/stream_pump.h"

namespace govmetrics::gateway {
namespace {

constexpr char kJson[] = "application/json";
constexpr absl::string_view kUploadPath = "/v1/datasets:upload";
// Headers a browser may send cross-origin (preflight) and read back.
constexpr char kCorsRequestHeaders[] = "Authorization, Content-Type, X-Server-Timeout";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Security headers of every response. The CSP allows no inline script or style and no
// other origin: the browsable pages load their scripts and styles from this server.
httplib::Headers SecurityHeaders(bool tls) {
  httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return headers;
}

// "(panel.columns[0].values[1]): invalid ..." -> the field path protobuf's JSON parser
// names, for the BadRequest field violation.
std::string FieldOfParseError(absl::string_view message) {
  if (message.empty() || message[0] != '(') return "";
  const size_t close = message.find("):");
  return close == absl::string_view::npos ? "" : std::string(message.substr(1, close - 1));
}

std::string SseEvent(absl::string_view event, int id, absl::string_view data) {
  // Canonical JSON from protobuf and nlohmann is one line: one `data:` line per event.
  return id >= 0 ? absl::StrCat("event: ", event, "\nid: ", id, "\ndata: ", data, "\n\n")
                 : absl::StrCat("event: ", event, "\ndata: ", data, "\n\n");
}

// One API request counted in flight from construction to destruction.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>* count) : count_(count) { count_->fetch_add(1); }
  ~InFlight() { count_->fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<int>* count_;
};

// What a server-sent-events response needs after its handler has returned. Destroyed in
// reverse order: the pump (cancels and joins its reading thread) before the reader and the
// context it uses.
struct StreamState {
  grpc::ClientContext context;
  std::unique_ptr<StreamReader> reader;
  std::unique_ptr<StreamPump> pump;
  std::optional<std::string> first;  // the first message, read before the headers were sent
  std::unique_ptr<InFlight> in_flight;
  std::chrono::steady_clock::time_point start;
};

// Writes the stream's messages as events, and a keep-alive comment whenever the backend has
// been silent for `keepalive`; false if the client went away (the call is then cancelled).
bool WriteEvents(const Route& route, const JsonTranscoder& transcoder, absl::Duration keepalive,
                 StreamState* state, httplib::DataSink& sink) {
  int id = 0;
  std::string message;
  StreamPump::Next next = StreamPump::Next::kEnd;
  if (state->first) {
    message = *std::move(state->first);
    next = StreamPump::Next::kMessage;
  }
  for (; next != StreamPump::Next::kEnd; next = state->pump->Wait(keepalive, &message)) {
    std::string out = ":keep-alive\n\n";  // a comment: EventSource and our parsers skip it
    if (next == StreamPump::Next::kMessage) {
      auto json = transcoder.ResponseJson(route, message);
      if (!json.ok()) {  // the call ends CANCELLED, reported as the error event
        state->pump->Cancel();
        return true;
      }
      out = SseEvent("message", id++, *json);
    }
    if (!sink.write(out.data(), out.size())) {
      state->pump->Cancel();
      return false;
    }
  }
  return true;
}

}  // namespace

void SendError(const grpc::Status& status, const JsonTranscoder& transcoder,
               httplib::Response& response) {
  HttpError error = HttpErrorOf(status, transcoder);
  response.status = error.http_status;
  response.set_content(error.body, kJson);
}

grpc::Status Gateway::NameBackendIfUnreachable(const grpc::Status& status, const Route& route) const {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE || !status.error_details().empty()) return status;
  const std::string area = backends_->KeyFor(route.method->service());
  const auto target = backends_->targets().find(area);
  return grpc::Status(status.error_code(),
                      absl::StrCat("backend '", area, "' (", target == backends_->targets().end() ? "" : target->second,
                                   ") unavailable: ", status.error_message()));
}

Gateway::Gateway(const RouteTable* routes, const JsonTranscoder* transcoder,
                 const Backends* backends, GatewayOptions options)
    : routes_(routes), transcoder_(transcoder), backends_(backends), options_(std::move(options)) {}

void Gateway::Install(httplib::Server* server) {
  server->set_payload_max_length(options_.max_body_bytes);
  server->set_keep_alive_max_count(1000);  // scripts send many requests on one connection
  // Headers and body go out in separate writes: with Nagle's algorithm on, the body waited
  // for the client's delayed ACK (40 ms on Linux) on every small response.
  server->set_tcp_nodelay(true);
  server->set_default_headers(SecurityHeaders(options_.tls));
  server->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
    ApplyCors(request, response);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors httplib produces itself (413 body too large, 400 unreadable request, 404 no
  // handler) get the same JSON body as errors from the services.
  server->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    HttpError error =
        response.status == 413
            ? GatewayError(413, grpc::StatusCode::RESOURCE_EXHAUSTED,
                           "request body larger than the gateway's --max_body_mb")
        : response.status == 404
            ? GatewayError(404, grpc::StatusCode::NOT_FOUND, absl::StrCat("no route for ", request.path))
            : GatewayError(response.status, grpc::StatusCode::INVALID_ARGUMENT,
                           absl::StrCat("unreadable HTTP request (status ", response.status, ")"));
    response.set_content(error.body, kJson);
  });
  // Plain HTTP health on the API port for HTTP load balancers (the admin port has gRPC's).
  server->Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
    response.status = draining() ? 503 : 200;
    response.set_content(draining() ? "NOT_SERVING\n" : "SERVING\n", "text/plain");
  });
  server->Get("/openapi.json", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(options_.openapi_json, kJson);
  });
  // The browser pages: "/" opens the workbench; "/workbench" and "/api" get their slash.
  server->Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/workbench/", 302);
  });
  server->Get("/(workbench|api)", [](const httplib::Request& request, httplib::Response& response) {
    response.set_redirect(absl::StrCat(request.path, "/"), 301);
  });
  server->Get("/(workbench|api)/.*", [this](const httplib::Request& request, httplib::Response& response) {
    ServeWebAsset(request, response);
  });
  // Registered before the generic routes: httplib tries handlers that read the body
  // themselves first, so the file streams in instead of being buffered as JSON.
  server->Post(std::string(kUploadPath),
               [this](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& content) {
                 HandleUpload(request, response, content);
               });
  auto api = [this](const httplib::Request& request, httplib::Response& response) {
    HandleApi(request, response);
  };
  server->Get("/v1/.*", api);
  server->Post("/v1/.*", api);
  server->Put("/v1/.*", api);
  server->Patch("/v1/.*", api);
  server->Delete("/v1/.*", api);
  server->Options(".*", [this](const httplib::Request& request, httplib::Response& response) {
    HandlePreflight(request, response);
  });
}

void Gateway::HandleApi(const httplib::Request& request, httplib::Response& response) {
  const auto start = std::chrono::steady_clock::now();
  PathBindings bindings;
  bool path_matched = false;
  const Route* route = routes_->Find(request.method, request.path, &bindings, &path_matched);
  std::string route_label = route ? route->path.text() : "unmatched";
  auto record = [&]() { RecordHttpRequest(request.method, route_label, response.status, SecondsSince(start)); };
  if (route == nullptr) {
    HttpError error = path_matched
        ? GatewayError(405, grpc::StatusCode::UNIMPLEMENTED, absl::StrCat(request.method, " is not bound for ", request.path))
        : GatewayError(404, grpc::StatusCode::NOT_FOUND, absl::StrCat("no API method at ", request.path));
    response.status = error.http_status;
    response.set_content(error.body, kJson);
    return record();
  }
  if (draining()) {
    SendError(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the gateway is shutting down"), *transcoder_, response);
    return record();
  }
  QueryParams query(request.params.begin(), request.params.end());
  auto message = transcoder_->RequestMessage(*route, request.body, bindings, query);
  if (!message.ok()) {
    const std::string text(message.status().message());
    SendError(InvalidRequest(FieldOfParseError(text), text), *transcoder_, response);
    return record();
  }
  if (route->method->server_streaming()) return ServeStream(*route, *std::move(message), request, response);
  ServeUnary(*route, *std::move(message), request, response);
  record();
}

void Gateway::ServeWebAsset(const httplib::Request& request, httplib::Response& response) const {
  const std::string path = absl::EndsWith(request.path, "/") ? absl::StrCat(request.path, "index.html") : request.path;
  const auto asset = options_.web.find(path);
  if (asset == options_.web.end()) {
    HttpError error = GatewayError(404, grpc::StatusCode::NOT_FOUND,
                                   options_.web.empty()
                                       ? "this gateway was built without the workbench (node/npm were missing at build time)"
                                       : absl::StrCat("no page at ", request.path));
    response.status = error.http_status;
    response.set_content(error.body, kJson);
    return;
  }
  // Revalidated on every load: a new gateway build serves new pages at the same paths.
  response.set_header("Cache-Control", "no-cache");
  response.set_content(asset->second.content.data(), asset->second.content.size(), asset->second.media_type);
}

void Gateway::HandleUpload(const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& content) {
  const auto start = std::chrono::steady_clock::now();
  InFlight in_flight(&in_flight_);
  auto finish = [&](const grpc::Status& status) {
    if (!status.ok()) SendError(status, *transcoder_, response);
    RecordHttpRequest(request.method, std::string(kUploadPath), response.status, SecondsSince(start));
  };
  if (draining()) return finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the gateway is shutting down"));
  if (request.is_multipart_form_data()) {
    return finish(InvalidRequest("body", "send the file's bytes as the request body (not a multipart form); "
                                         "name it with ?fileName=data.csv"));
  }
  // httplib does not apply its payload limit to handlers that read the body themselves:
  // a declared length over it is refused before reading, a body that grows past it as it
  // streams in is cut off (UploadBody).
  const auto too_large = [&]() {
    response.status = 413;
    response.set_content(GatewayError(413, grpc::StatusCode::RESOURCE_EXHAUSTED,
                                      "request body larger than the gateway's --max_body_mb").body, kJson);
    return finish(grpc::Status::OK);
  };
  if (request.get_header_value<uint64_t>("Content-Length") > options_.max_body_bytes) return too_large();
  grpc::ClientContext context;
  if (grpc::Status prepared = PrepareContext(request, &context); !prepared.ok()) return finish(prepared);
  const auto* service = workspace::v1::CreateDatasetRequest::descriptor()->file()->FindServiceByName("WorkspaceService");
  std::shared_ptr<grpc::Channel> channel = backends_->ChannelFor(service);
  if (channel == nullptr) {
    return finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "no backend for 'workspace' (gateway flag --backends)"));
  }
  UploadOutcome outcome = UploadBody(content, UploadParamsOf(request), options_.max_body_bytes, channel.get(), &context);
  if (outcome.too_large) return too_large();
  if (!outcome.status.ok()) return finish(outcome.status);
  const workspace::v1::CreateDatasetResponse& created = outcome.created;
  auto json = transcoder_->MessageJson("govmetrics.workspace.v1.CreateDatasetResponse", created.SerializeAsString());
  if (!json.ok()) return finish(grpc::Status(grpc::StatusCode::INTERNAL, std::string(json.status().message())));
  response.status = 200;
  response.set_content(*std::move(json), kJson);
  finish(grpc::Status::OK);
}

grpc::Status Gateway::PrepareContext(const httplib::Request& request,
                                     grpc::ClientContext* context) const {
  absl::Duration timeout = options_.default_timeout;
  if (request.has_header("X-Server-Timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(request.get_header_value("X-Server-Timeout"), &seconds) || !(seconds > 0)) {
      return InvalidRequest("X-Server-Timeout", "X-Server-Timeout must be a positive number of seconds");
    }
    timeout = std::min(absl::Seconds(seconds), options_.max_timeout);
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (request.has_header("Authorization")) {
    if (!options_.tls && !options_.allow_insecure_tokens) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "bearer tokens are refused over plaintext HTTP: use the gateway's TLS "
                          "address (or start it with --allow_insecure_tokens for local testing)");
    }
    // The caller's token, forwarded as is: the agency is the caller's, not the gateway's.
    context->AddMetadata("authorization", request.get_header_value("Authorization"));
  }
  return grpc::Status::OK;
}

void Gateway::ServeUnary(const Route& route, std::string message, const httplib::Request& request,
                         httplib::Response& response) {
  InFlight in_flight(&in_flight_);
  grpc::ClientContext context;
  if (grpc::Status prepared = PrepareContext(request, &context); !prepared.ok()) {
    return SendError(prepared, *transcoder_, response);
  }
  std::shared_ptr<grpc::Channel> channel = backends_->ChannelFor(route.method->service());
  if (channel == nullptr) {
    return SendError(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                  absl::StrCat("no backend for '", backends_->KeyFor(route.method->service()),
                                               "' (gateway flag --backends)")),
                     *transcoder_, response);
  }
  std::string reply;
  grpc::Status status = CallUnary(channel.get(), route.grpc_path, &context, message, &reply);
  if (!status.ok()) return SendError(NameBackendIfUnreachable(status, route), *transcoder_, response);
  auto json = transcoder_->ResponseJson(route, reply);
  if (!json.ok()) {
    return SendError(grpc::Status(grpc::StatusCode::INTERNAL, std::string(json.status().message())),
                     *transcoder_, response);
  }
  response.status = 200;
  response.set_content(*std::move(json), kJson);
}

void Gateway::ServeStream(const Route& route, std::string message, const httplib::Request& request,
                          httplib::Response& response) {
  auto state = std::make_shared<StreamState>();
  state->start = std::chrono::steady_clock::now();
  state->in_flight = std::make_unique<InFlight>(&in_flight_);
  auto fail = [&](const grpc::Status& status) {
    SendError(status, *transcoder_, response);
    RecordHttpRequest(request.method, route.path.text(), response.status, SecondsSince(state->start));
  };
  if (grpc::Status prepared = PrepareContext(request, &state->context); !prepared.ok()) return fail(prepared);
  std::shared_ptr<grpc::Channel> channel = backends_->ChannelFor(route.method->service());
  if (channel == nullptr) {
    return fail(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                             absl::StrCat("no backend for '", backends_->KeyFor(route.method->service()), "' (gateway flag --backends)")));
  }
  state->reader = std::make_unique<StreamReader>(channel.get(), route.grpc_path, &state->context, message);
  state->pump = std::make_unique<StreamPump>(state->reader.get(), &state->context);
  // The first message is awaited here, so that a request the service rejects at once
  // (validation) gets its HTTP error status instead of a 200 with an error event.
  std::string first;
  if (state->pump->Wait(absl::InfiniteDuration(), &first) == StreamPump::Next::kMessage) {
    state->first = std::move(first);
  } else if (grpc::Status status = state->pump->Finish(); !status.ok()) {
    return fail(NameBackendIfUnreachable(status, route));
  }
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");  // proxies must not buffer the events
  const Route* r = &route;
  const std::string method = request.method;
  response.set_chunked_content_provider(
      "text/event-stream", [this, state, r, method](size_t, httplib::DataSink& sink) {
        const bool client_here = WriteEvents(*r, *transcoder_, options_.sse_keepalive, state.get(), sink);
        grpc::Status status = state->pump->Finish();
        if (client_here) {
          const std::string last = status.ok() ? SseEvent("end", -1, "{}")
                                               : SseEvent("error", -1, HttpErrorOf(status, *transcoder_).body);
          sink.write(last.data(), last.size());
        }
        sink.done();
        RecordHttpRequest(method, r->path.text(), status.ok() ? 200 : HttpStatusOf(status.error_code()),
                          SecondsSince(state->start));
        state->in_flight.reset();
        return true;
      });
}

void Gateway::ApplyCors(const httplib::Request& request, httplib::Response& response) const {
  if (options_.cors_origins.empty() || !request.has_header("Origin")) return;
  const std::string origin = request.get_header_value("Origin");
  const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                   options_.cors_origins.end();
  if (!any && std::find(options_.cors_origins.begin(), options_.cors_origins.end(), origin) ==
                  options_.cors_origins.end()) {
    return;
  }
  response.set_header("Access-Control-Allow-Origin", origin);
  response.set_header("Vary", "Origin");
}

void Gateway::HandlePreflight(const httplib::Request& request, httplib::Response& response) const {
  if (!response.has_header("Access-Control-Allow-Origin")) {
    HttpError error = GatewayError(403, grpc::StatusCode::PERMISSION_DENIED,
                                   "cross-origin requests are not allowed from this origin "
                                   "(gateway flag --cors_allowed_origins)");
    response.status = error.http_status;
    response.set_content(error.body, kJson);
    return;
  }
  response.status = 204;
  response.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
  response.set_header("Access-Control-Allow-Headers", kCorsRequestHeaders);
  response.set_header("Access-Control-Max-Age", "600");
}

}  // namespace govmetrics::gateway

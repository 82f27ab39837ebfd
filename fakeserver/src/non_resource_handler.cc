// Routing of non-resource paths, the per-generation document cache, and the caching headers.
#include "non_resource_handler.h"

#include <chrono>
#include <ctime>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregated_discovery.h"
#include "apiextensions/custom_resource_version.h"
#include "body_codec.h"
#include "content_digest.h"
#include "health_checks.h"
#include "kubefake/api/version.h"
#include "legacy_discovery.h"
#include "negotiation.h"
#include "openapi_documents.h"
#include "version_info.h"

namespace kubefake::fakeserver {

struct NonResourceHandler::Documents {
  uint64_t generation = 0;
  api::ResourceCatalog catalog;
  CustomSchemas custom_schemas;  // of the catalog's custom resources
  // Aggregated discovery bodies and their hashes, for /api (core) and /apis.
  std::string aggregated[2];
  std::string aggregated_hash[2];
  // OpenAPI v3 key -> the group-version it documents and its hash; the index body and hash.
  std::map<std::string, std::pair<api::GroupVersion, std::string>, std::less<>> v3_keys;
  std::string v3_index;
  std::string v3_index_hash;

  struct Rendered {
    std::string body;
    std::string hash;
  };
  std::mutex mutex;
  // key -> rendered v3 document; "" -> the v2 document. Guarded by mutex.
  std::map<std::string, std::shared_ptr<const Rendered>, std::less<>> rendered;
};

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// The legacy documents keep their Go key order in JSON; YAML goes through the shared encoder.
Response LegacyDocument(const nlohmann::ordered_json& document, const OutputFormat& format) {
  if (format.media_type == MediaType::kYaml) {
    return EncodeResponse(200, nlohmann::json::parse(document.dump()), format);
  }
  Response response;
  response.headers.Set("Content-Type", "application/json");
  response.body = document.dump(format.pretty ? 2 : -1) + "\n";
  return response;
}

std::string Quoted(std::string_view hash) {
  std::string quoted;
  quoted.reserve(hash.size() + 2);
  quoted.push_back('"');
  quoted.append(hash);
  quoted.push_back('"');
  return quoted;
}

// True when If-None-Match lists `etag` (or is `*`).
bool NotModified(const Request& request, std::string_view etag) {
  const std::string_view header = request.headers.Get("If-None-Match").value_or("");
  std::string_view rest = header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view candidate = rest.substr(0, comma);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag || candidate == "*") return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

// A JSON document with its ETag; 304 without a body when the client has it.
Response CachedDocument(const Request& request, std::string content_type, const std::string& body,
                        std::string_view hash) {
  Response response;
  response.headers.Set("ETag", Quoted(hash));
  response.headers.Set("Vary", "Accept");
  if (NotModified(request, Quoted(hash))) {
    response.status = 304;
    return response;
  }
  response.headers.Set("Content-Type", std::move(content_type));
  response.body = body;
  return response;
}

// OpenAPI documents are JSON only. Errors: NotAcceptable.
Result<void> AcceptsOpenApiJson(const Request& request) {
  const std::string_view accept = request.headers.Get("Accept").value_or("");
  const std::vector<MediaRange> ranges = ParseAccept(accept);
  if (ranges.empty()) return {};
  for (const MediaRange& range : ranges) {
    if (range.Refused()) continue;
    if (range.type == "application/json" || range.type == "application/*" ||
        range.type == "*/*") {
      return {};
    }
  }
  return Fail(api::NewNotAcceptable(
      "only the following media types are accepted: application/json"));
}

// RFC 1123 in GMT, as http.TimeFormat.
std::string HttpDate(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return buffer;
}

// What the v3 document of `gv` is rendered from, for its hash.
std::string V3HashInput(const api::ResourceCatalog& catalog, const api::GroupVersion& gv) {
  std::string input = std::string(api::kKubefakeVersion) + "\n";
  input += ApiResourceListDocument(catalog, gv).value_or(nlohmann::ordered_json()).dump();
  for (const api::ResourceCatalog::Entry& resource : catalog.Resources(gv)) {
    input += "\n" + resource->list_kind;
  }
  return input;
}

}  // namespace

std::shared_ptr<NonResourceHandler::Documents> NonResourceHandler::Current() {
  const uint64_t generation = state_.CatalogGeneration();
  std::lock_guard lock(mutex_);
  if (documents_ && documents_->generation == generation) return documents_;

  auto documents = std::make_shared<Documents>();
  ServerState::CustomResourceMap custom;
  documents->catalog = state_.CatalogSnapshot(&documents->generation, &custom);
  for (const auto& [gvr, version] : custom) documents->custom_schemas[gvr] = version->schema;
  for (int core = 0; core < 2; ++core) {
    documents->aggregated[core] =
        AggregatedDiscoveryDocument(documents->catalog, core == 1).dump() + "\n";
    documents->aggregated_hash[core] = ContentHash(documents->aggregated[core]);
  }
  nlohmann::json index_paths = nlohmann::json::object();
  for (const api::GroupVersion& gv : documents->catalog.GroupVersions()) {
    const std::string key = OpenApiV3Key(gv);
    std::string hash_input = V3HashInput(documents->catalog, gv);
    for (const auto& [gvr, schema] : documents->custom_schemas) {
      if (gvr.group == gv.group && gvr.version == gv.version) hash_input += schema.dump();
    }
    std::string hash = ContentHash(hash_input);
    index_paths[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash}};
    documents->v3_keys.emplace(key, std::pair(gv, std::move(hash)));
  }
  documents->v3_index = nlohmann::json{{"paths", std::move(index_paths)}}.dump();
  documents->v3_index_hash = ContentHash(documents->v3_index);
  documents_ = documents;
  return documents;
}

Result<Response> NonResourceHandler::Handle(const Request& request) {
  const std::vector<std::string_view> segments = Segments(request.path);
  if (!segments.empty() && IsHealthEndpoint(segments[0])) {
    const std::string_view path = request.path;
    const size_t check_start = segments[0].size() + 2;  // after "/<endpoint>/"
    std::string_view check = check_start < path.size() ? path.substr(check_start) : "";
    while (check.ends_with('/')) check.remove_suffix(1);
    return HandleHealthCheck(request, segments[0], check);
  }

  Result<Response> response = [&]() -> Result<Response> {
    if (segments.empty()) return Fail(api::NewRouteNotFound());
    const bool known_root = segments[0] == "version" || segments[0] == "api" ||
                            segments[0] == "apis" || segments[0] == "openapi";
    if (!known_root) return Fail(api::NewRouteNotFound());
    if (request.method != "GET" && request.method != "HEAD") {
      return Fail(api::NewMethodNotAllowed());
    }
    if (segments[0] == "version" && segments.size() == 1) return HandleVersion(request);
    if (segments[0] == "openapi") {
      if (segments.size() == 2 && segments[1] == "v2") return ServeOpenApiV2(request);
      if (segments.size() >= 2 && segments[1] == "v3") {
        std::string key;
        for (size_t i = 2; i < segments.size(); ++i) {
          if (!key.empty()) key += "/";
          key += segments[i];
        }
        return ServeOpenApiV3(request, key);
      }
      return Fail(api::NewRouteNotFound());
    }
    if (segments.size() == 1) return ServeDiscoveryRoot(request, segments[0] == "api");

    const std::shared_ptr<Documents> documents = Current();
    std::optional<nlohmann::ordered_json> document;
    if (segments[0] == "api" && segments.size() == 2) {
      document = ApiResourceListDocument(documents->catalog, {"", std::string(segments[1])});
    } else if (segments[0] == "apis" && segments.size() == 2) {
      document = ApiGroupDocument(documents->catalog, segments[1]);
    } else if (segments[0] == "apis" && segments.size() == 3) {
      document = ApiResourceListDocument(
          documents->catalog, {std::string(segments[1]), std::string(segments[2])});
    }
    if (!document) return Fail(api::NewRouteNotFound());
    Result<OutputFormat> format = NegotiateOutput(request, false);
    if (!format) return Fail(format.error());
    return LegacyDocument(*document, *format);
  }();
  if (response && request.method == "HEAD") response->body.clear();
  return response;
}

Result<Response> NonResourceHandler::ServeDiscoveryRoot(const Request& request, bool core) {
  Result<DiscoveryFormat> format = NegotiateDiscovery(request);
  if (!format) return Fail(format.error());
  const std::shared_ptr<Documents> documents = Current();
  if (format->aggregated) {
    Response response = CachedDocument(request, kAggregatedDiscoveryContentType,
                                       documents->aggregated[core ? 1 : 0],
                                       documents->aggregated_hash[core ? 1 : 0]);
    response.headers.Set("Cache-Control", "public");
    return response;
  }
  if (core) {
    const std::string_view host = request.headers.Get("Host").value_or("");
    return LegacyDocument(ApiVersionsDocument(documents->catalog, host), format->output);
  }
  return LegacyDocument(ApiGroupListDocument(documents->catalog), format->output);
}

Result<Response> NonResourceHandler::ServeOpenApiV3(const Request& request,
                                                    const std::string& key) {
  const std::shared_ptr<Documents> documents = Current();
  if (key.empty()) {
    if (Result<void> acceptable = AcceptsOpenApiJson(request); !acceptable) {
      return Fail(acceptable.error());
    }
    return CachedDocument(request, "application/json", documents->v3_index,
                          documents->v3_index_hash);
  }
  auto found = documents->v3_keys.find(key);
  if (found == documents->v3_keys.end()) return Fail(api::NewRouteNotFound());
  if (Result<void> acceptable = AcceptsOpenApiJson(request); !acceptable) {
    return Fail(acceptable.error());
  }
  const auto& [gv, hash] = found->second;
  const std::optional<std::string_view> asked_hash = request.Query("hash");
  if (asked_hash && !asked_hash->empty() && *asked_hash != hash) {
    Response redirect;
    redirect.status = 301;
    redirect.headers.Set("Location", "/openapi/v3/" + key + "?hash=" + hash);
    return redirect;
  }
  std::shared_ptr<const Documents::Rendered> rendered;
  {
    std::lock_guard lock(documents->mutex);
    std::shared_ptr<const Documents::Rendered>& cached = documents->rendered[key];
    if (!cached) {
      cached = std::make_shared<const Documents::Rendered>(
          Documents::Rendered{RenderOpenApiV3(documents->catalog, gv, documents->custom_schemas), hash});
    }
    rendered = cached;
  }
  Response response = CachedDocument(request, "application/json", rendered->body, hash);
  if (asked_hash && !asked_hash->empty()) {
    response.headers.Set("Cache-Control", "public, immutable");
    response.headers.Set("Expires", HttpDate(state_.clock.Now() + std::chrono::hours(24 * 365)));
  }
  return response;
}

Result<Response> NonResourceHandler::ServeOpenApiV2(const Request& request) {
  if (Result<void> acceptable = AcceptsOpenApiJson(request); !acceptable) {
    return Fail(acceptable.error());
  }
  const std::shared_ptr<Documents> documents = Current();
  std::shared_ptr<const Documents::Rendered> rendered;
  {
    std::lock_guard lock(documents->mutex);
    std::shared_ptr<const Documents::Rendered>& cached = documents->rendered[""];
    if (!cached) {
      std::string body = RenderOpenApiV2(documents->catalog);
      std::string hash = ContentHash(body);
      cached = std::make_shared<const Documents::Rendered>(
          Documents::Rendered{std::move(body), std::move(hash)});
    }
    rendered = cached;
  }
  return CachedDocument(request, "application/json", rendered->body, rendered->hash);
}

}  // namespace kubefake::fakeserver

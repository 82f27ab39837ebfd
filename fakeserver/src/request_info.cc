#include "request_info.h"

#include <string>
#include <vector>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/name_validation.h"
#include "kubefake/api/go_strings.h"

namespace kubefake::fakeserver {
namespace {

// Go's strings.Split(strings.Trim(path, "/"), "/"): empty inner segments are kept.
std::vector<std::string> SplitPath(std::string_view path) {
  const size_t first = path.find_first_not_of('/');
  if (first == std::string_view::npos) return {};
  const size_t last = path.find_last_not_of('/');
  return api::SplitString(path.substr(first, last - first + 1), '/');
}

// The verb a method maps to when the path carries none.
std::string VerbForMethod(std::string_view method) {
  if (method == "POST") return "create";
  if (method == "GET" || method == "HEAD") return "get";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return "delete";
  return "";
}

// Convert_Slice_string_To_bool on the first `watch` value: anything but "0" and
// (case-insensitively) "false" is true, the empty string included.
bool WatchRequested(const Request& request) {
  const std::optional<std::string_view> watch = request.Query("watch");
  if (!watch) return false;
  return *watch != "0" && !api::EqualFoldAscii(*watch, "false");
}

}  // namespace

RequestInfo ParseRequestInfo(const Request& request) {
  RequestInfo info;
  info.path = request.path;
  info.verb = api::AsciiLowered(request.method);

  std::vector<std::string> segments = SplitPath(request.path);
  if (segments.size() < 3) return info;
  if (segments[0] != "api" && segments[0] != "apis") return info;
  info.api_prefix = segments[0];
  size_t next = 1;
  if (info.api_prefix == "apis") {
    // /apis/{group}/{version}/... needs one segment more than /api/{version}/...
    if (segments.size() < 4) return info;
    info.api_group = segments[next++];
  }
  info.is_resource_request = true;
  info.api_version = segments[next++];

  // A special verb as the first segment: /watch/... or /proxy/...
  if (segments[next] == "watch" || segments[next] == "proxy") {
    info.verb = segments[next];
    info.watch_via_path_prefix = segments[next] == "watch";
    ++next;
    // Nothing after the verb: the real parser fails here (see Fidelity); leave the resource
    // empty so that routing answers 404.
    if (next == segments.size()) return info;
  } else {
    info.verb = VerbForMethod(request.method);
  }

  // namespaces/{namespace}/{resource}/...: the parts start at {resource}, unless the third
  // segment is a namespace subresource, in which case the namespace object is addressed.
  // (The real parser also records {name} as the namespace of the namespace object paths;
  // see Fidelity.)
  if (segments[next] == "namespaces" && segments.size() - next > 2 &&
      segments[next + 2] != "status" && segments[next + 2] != "finalize") {
    info.namespace_ = segments[next + 1];
    info.namespaced_path = true;
    next += 2;
  }
  info.parts.assign(segments.begin() + static_cast<std::ptrdiff_t>(next), segments.end());

  const bool takes_subresource = info.verb != "proxy";
  const size_t understood = takes_subresource ? 3 : 2;
  if (info.parts.size() >= 3 && takes_subresource) info.subresource = info.parts[2];
  if (info.parts.size() >= 2) info.name = info.parts[1];
  info.resource = info.parts[0];
  if (info.parts.size() > understood) {
    info.extra_segments = static_cast<int>(info.parts.size() - understood);
  }

  if (info.name.empty() && info.verb == "get") {
    info.verb = WatchRequested(request) ? "watch" : "list";
  }
  if (info.name.empty() && info.verb == "delete") info.verb = "deletecollection";
  return info;
}

Result<void> ValidateRequestPath(const RequestInfo& info) {
  if (!info.is_resource_request) return {};
  const bool names_object = !info.name.empty() || info.verb == "create";
  if (info.namespaced_path && info.namespace_.empty() && names_object) {
    return Fail(api::NewBadRequest("Namespace parameter required."));
  }
  if (info.name.empty()) return {};
  return ValidateRequestKey(/*namespaced=*/false, "", info.name);
}

Result<void> ValidateRequestKey(bool namespaced, std::string_view namespace_,
                                std::string_view name) {
  if (namespaced && namespace_.empty()) {
    return Fail(api::NewBadRequest("Namespace parameter required."));
  }
  if (name.empty()) return Fail(api::NewBadRequest("Name parameter required."));
  const std::vector<std::string> problems = api::IsValidPathSegmentName(name);
  if (!problems.empty()) {
    std::string joined;
    for (const std::string& problem : problems) {
      if (!joined.empty()) joined += ";";
      joined += problem;
    }
    return Fail(
        api::NewBadRequest("Name parameter invalid: " + api::GoQuote(name) + ": " + joined));
  }
  return {};
}

}  // namespace kubefake::fakeserver

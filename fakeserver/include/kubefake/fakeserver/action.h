// Action: one request the engine served, as a test asserts on it (client-go's testing.Action,
// but recorded by the real engine on both doors, with the answer's code). ActionPattern selects
// actions (and the requests fault injection applies to). Value types; thread-compatible.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kubefake/api/error.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

struct Action {
  // get, list, watch, create, update, patch, delete, deletecollection (RequestInfo's verb);
  // for a non-resource request (discovery, /version, /healthz) the lower-cased method.
  std::string verb;
  std::string group;  // "" for core
  std::string version;
  std::string resource;     // plural; "" for a non-resource request
  std::string subresource;  // "status", "scale", ...
  std::string namespace_;
  std::string name;
  std::string path;
  // The query parameters as decoded (Request::query): resourceVersion, continue, limit...
  std::multimap<std::string, std::string> query;
  std::string body;  // the request body as sent
  // The Content-Type of a PATCH ("application/merge-patch+json", ...); "" for other verbs.
  std::string patch_type;
  std::string user;
  // The answer: its HTTP status, and for an error answered as a Status, that Status.
  int code = 0;
  std::optional<api::Error> error;
  // When the request arrived, on the engine's clock (before any fault delayed it).
  std::chrono::system_clock::time_point time{};

  // The first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;

  // "update pods/status default/web by alice -> 409 Conflict", for failure messages.
  std::string String() const;
};

// Which actions (or requests) to select. Empty strings and nullopt match anything.
struct ActionPattern {
  std::string verb;                        // a resource verb; "" for any
  std::string resource;                    // plural; "" for any
  std::optional<std::string> group;        // nullopt: any group
  std::optional<std::string> subresource;  // nullopt: any; "" only the resource itself
  std::string namespace_;
  std::string name;
  std::string user;

  // A pattern for `verb` on `resource`, written "<plural>[.<group>][/<subresource>]" as
  // kubectl names resources ("pods", "pods/status", "deployments.apps/scale"); "*" for any
  // resource (and any subresource). `verb` is a resource verb or "*".
  // Errors: BadRequest for an unknown verb or an empty resource.
  static Result<ActionPattern> For(std::string_view verb, std::string_view resource);

  bool Matches(const Action& action) const;
};

}  // namespace kubefake::fakeserver

// RequestScope: one resource request after routing: the parsed RequestInfo, the served
// resource it addresses, that resource's strategy and the negotiated output format. Handlers
// take it and answer a Response. Thread-compatible (one request, one thread).
#pragma once

#include <string>

#include "kubefake/api/resource_catalog.h"
#include "kubefake/fakeserver/request.h"
#include "negotiation.h"
#include "request_info.h"
#include "resource_strategy.h"
#include "server_state.h"
#include "storage_key.h"

namespace kubefake::fakeserver {

struct RequestScope {
  ServerState& server;
  const Request& request;
  RequestInfo info;
  api::ResourceCatalog::Entry resource;
  ResourceStrategy strategy;
  bool custom = false;
  OutputFormat format;

  api::GroupResource group_resource() const { return resource->GetGroupResource(); }
  api::GroupVersionKind kind() const { return resource->GetGroupVersionKind(); }
  api::GroupKind group_kind() const { return resource->GetGroupKind(); }
  std::string ObjectKey(std::string_view ns, std::string_view name) const {
    return fakeserver::ObjectKey(group_resource(), ns, name);
  }
};

// Handlers, one per verb (files named after them). Each validates its options, runs the
// apiserver's flow for the verb and answers the response or the Status of the first error.
Result<Response> HandleGet(RequestScope& scope);
Result<Response> HandleList(RequestScope& scope);
Result<Response> HandleWatch(RequestScope& scope);
Result<Response> HandleCreate(RequestScope& scope);
Result<Response> HandleUpdate(RequestScope& scope);
Result<Response> HandlePatch(RequestScope& scope);
Result<Response> HandleDelete(RequestScope& scope);
Result<Response> HandleDeleteCollection(RequestScope& scope);

}  // namespace kubefake::fakeserver

// RequestScope: one resource request after routing: the parsed RequestInfo, the served
// resource it addresses, that resource's strategy and the negotiated output format. Handlers
// take it and answer a Response. Thread-compatible (one request, one thread).
#pragma once

#include <memory>
#include <string>

#include "apiextensions/custom_resource_version.h"
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
  // The serving data of a custom resource (schema, printer, ...); nullptr for built-ins.
  std::shared_ptr<const apiextensions::CustomResourceVersion> custom_resource;

  api::GroupResource group_resource() const { return resource->GetGroupResource(); }
  api::GroupVersionKind kind() const { return resource->GetGroupVersionKind(); }
  api::GroupKind group_kind() const { return resource->GetGroupKind(); }
  std::string ObjectKey(std::string_view ns, std::string_view name) const {
    return fakeserver::ObjectKey(group_resource(), ns, name);
  }
  // The resource's Table printer: the CRD version's, or the built-in registry's.
  const TablePrinter& printer() const {
    return custom_resource ? custom_resource->printer : TablePrinterFor(group_resource());
  }
  // The resource's field-selector contract (R6.12, R10.10).
  const SelectableFields& selectable_fields() const {
    return custom_resource ? custom_resource->selectable_fields
                           : SelectableFields::ForBuiltIn(resource->GetGroupVersionResource(),
                                                          resource->namespaced);
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

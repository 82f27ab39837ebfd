// Reading a collection as the apiserver's list does: the request's options and selectors
// decoded and checked in the handlers' order, the revision to read at (R6.2, R6.3), pages and
// continue tokens (R6.5-R6.7), selectors (R6.8-R6.12), and the list object with its kind,
// metadata and items (R6.1). Shared by list, watch (options only) and deletecollection.
// Thread-compatible.
//
// Fidelity:
//   Emulated:  the order of the apiserver's checks (ListResource, DeleteCollection): selector
//              syntax and integer parameters (400), then the WatchList defaults and
//              ListOptions validation (422), then the field selector's labels against the
//              resource (400), then for a URL naming an object the R6.8 name check; every page
//              of a paginated list is read at the first page's revision from the storage's
//              history; remainingItemCount without selectors; a continue token with a
//              resourceVersion other than ""/"0" is a 400; an expired continue token answers 410
//              with a fresh inconsistent-continue token (R6.7); resourceVersion "<n>" with a
//              limit (or Exact) reads exactly n, without (or NotOlderThan) reads the latest
//              state; a future n answers 504 ResourceVersionTooLarge at once; items of built-in
//              lists carry no kind/apiVersion, custom resource items do.
//   Differs:   "0" reads the latest state (the real server may serve older data from its watch
//              cache) and honours limit (the watch cache of older servers ignored it); the real
//              server waits up to 3 s for a future resourceVersion before its 504, the fake
//              answers at once since nothing else can advance its revision meanwhile; a page
//              read with selectors is filled up to `limit` matches (etcd pages by keys and may
//              return fewer, R6.5).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/storage.h"
#include "object_filter.h"
#include "request_options.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

// A list, watch or deletecollection request, decoded and checked.
struct CollectionRequest {
  ListOptions options;
  ObjectFilter filter;
};

// Decodes the query of `scope.request` as the handlers do (see Fidelity). For a URL naming an
// object (the legacy /watch/.../<name> path) the filter is pinned to that name.
// Errors: BadRequest (selector syntax, integers, unsupported field labels, `fieldSelector
// metadata.name doesn't match requested name`); Invalid (ListOptions validation).
Result<CollectionRequest> ParseCollectionRequest(const RequestScope& scope);

// One page of a collection as stored: the items and what the list's metadata says.
struct CollectionPage {
  std::vector<KeyValue> items;  // in key order
  int64_t revision = 0;
  std::string continue_token;                   // empty on the last page
  std::optional<int64_t> remaining_item_count;  // set with a continue token and no selectors
};

// The page `request` reads; with `trees` false its items may come without trees (for
// EncodeListJsonDirect). Errors: Expired (a compacted exact revision or continue token); Timeout
// (too large resource version); BadRequest (continue token, resourceVersion with continue); the
// resourceVersion parse errors of ParseResourceVersion.
Result<CollectionPage> ReadCollectionPage(const RequestScope& scope,
                                          const CollectionRequest& request, bool trees = true);

// The list's metadata: resourceVersion, and continue and remainingItemCount when set.
nlohmann::json CollectionMetadata(const CollectionPage& page);

// The list object of `page` (a "<Kind>List"), its items as the endpoint serves them.
nlohmann::json CollectionJson(const RequestScope& scope, const CollectionPage& page);

// CollectionJson of the page `request` reads. Errors: ReadCollectionPage's.
Result<nlohmann::json> ReadCollection(const RequestScope& scope, const CollectionRequest& request);

}  // namespace kubefake::fakeserver

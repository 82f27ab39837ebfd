// NonResourceHandler: every path that is not an API resource: /version, /healthz, /livez,
// /readyz, legacy and aggregated discovery (/api, /api/v1, /apis, /apis/<group>[/<version>])
// and OpenAPI (/openapi/v2, /openapi/v3[/<key>]); anything else answers the route 404 Status.
// Discovery and OpenAPI documents are rendered from the served catalog and cached per catalog
// generation, so they follow CRDs as they come and go. Thread-safe.
//
// Fidelity (see also the renderers' headers):
//   Emulated:  aggregated discovery's ETag (`"<SHA-512>"`), Vary: Accept, Cache-Control: public
//              and 304 on a matching If-None-Match (R9.2). The OpenAPI v3 index with
//              `serverRelativeURL: /openapi/v3/<key>?hash=<H>` and an ETag; a document fetched
//              with the current hash is cached `public, immutable` with Expires a year ahead,
//              a stale hash answers 301 to the current URL, If-None-Match gives 304 (R9.5).
//              /openapi/v2 as JSON with an ETag (R9.6). Documents other than the health checks
//              answer GET and HEAD only (405 otherwise).
//   Differs:   the v3 hashes are digests of what the documents are rendered from (kubefake's
//              version and the group-version's resources), not of the bytes; the v3 index lists
//              only the group-version keys (no `api`, `apis`, `version`, `.well-known/...`).
//   Rejected:  OpenAPI in protobuf: a protobuf-only Accept answers 406 (client-go's
//              OpenAPISchema() asks /openapi/v2 for protobuf only; kubectl uses v3 JSON).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "server_state.h"

namespace kubefake::fakeserver {

class NonResourceHandler {
 public:
  // `state` must outlive the handler.
  explicit NonResourceHandler(ServerState& state) : state_(state) {}

  // Serves `request`, whose path is not an API resource path.
  // Errors: NotFound for unknown paths, group-versions and OpenAPI keys; MethodNotAllowed;
  // NotAcceptable.
  Result<Response> Handle(const Request& request);

 private:
  // What is rendered from one catalog generation. Documents rendered on demand are kept in
  // `rendered` under `mutex`.
  struct Documents;

  // The documents of the current catalog generation.
  std::shared_ptr<Documents> Current();

  Result<Response> ServeDiscoveryRoot(const Request& request, bool core);
  Result<Response> ServeOpenApiV3(const Request& request, const std::string& key);
  Result<Response> ServeOpenApiV2(const Request& request);

  ServerState& state_;
  std::mutex mutex_;
  std::shared_ptr<Documents> documents_;  // guarded by mutex_
};

}  // namespace kubefake::fakeserver

// Request body decoding and response encoding for the engine: JSON or YAML bodies into
// api::Object with the apiserver's apiVersion/kind checks (R3.1 step 3) and, for built-in
// kinds, its typed decode against the kind's schema with fieldValidation (R3.10, R3.16, via
// schema_decoder.h); objects or Status errors into a Response in the negotiated format (R5.1).
// Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  built-in kinds default a missing apiVersion/kind from the URL, custom resources
//              require kind; a body apiVersion other than the endpoint's answers the real 400;
//              malformed JSON/YAML and non-object bodies answer 400 with the apiserver's
//              `the object provided is unrecognized (must be of type <Kind>): ...` shape.
//              Built-in kinds: type errors answer 400 `<Kind> in version "<v>" cannot be
//              handled as a <Kind>: json: cannot unmarshal ...` whatever fieldValidation says;
//              unknown and duplicate fields (for YAML bodies also go-yaml's `line 3: key "a"
//              already set in map`, from YAMLToJSONStrict, listed first) are dropped silently
//              with Ignore, become one Warning header each with Warn (the default), and fail
//              with Strict (400 `... cannot be handled as a <Kind>: strict decoding error:
//              unknown field "spec.foo", ...`). Unknown fields never reach storage, as the typed
//              round trip drops them. Warnings ride on error responses too, as the apiserver's
//              warning recorder puts them on whatever it answers.
//              Custom resources with a schema are pruned and defaulted by it (R10.6, R10.7,
//              apiextensions/schema_pruning.h); pruned fields count as unknown fields, with the
//              same Ignore/Warn/Strict handling; a schema with x-kubernetes-validations adds a
//              Warning that its CEL rules were not evaluated.
//              Protobuf bodies (built-in kinds; R11.4) are decoded to JSON by protobuf_codec.h
//              and then take the same path; custom resources answer 415 listing JSON and YAML.
//              Protobuf responses fall back to JSON, or answer 406, for bodies without a
//              protobuf message (negotiation.h).
//   Differs:   a custom-resource write whose Accept is protobuf only is carried out before its
//              406 (the real server refuses it first). The texts after the colon come from our JSON/YAML decoders, which mirror Go's.
//              Duplicate fields of custom resources are not reported. The typed round trip's
//              other effects (nulls and empty values dropped, quantities and times in canonical
//              form) are not applied; the apiserver's limits on the number and size of warnings
//              are not either.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/object.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "negotiation.h"
#include "request_options.h"

namespace kubefake::fakeserver {

namespace apiextensions {
struct CustomResourceVersion;
}

struct ObjectDecodeOptions {
  // A custom resource: kind is required (R3.1) and there is no built-in schema to decode
  // against; `custom_resource`, when set, prunes and defaults by its CRD schema.
  bool custom = false;
  const apiextensions::CustomResourceVersion* custom_resource = nullptr;
  FieldValidation field_validation = FieldValidation::kWarn;
  // The caller decodes the body once: a handed-over tree (Request::parsed_body) is taken into
  // the object instead of copied.
  bool take_body_tree = false;
};

struct DecodedObject {
  api::Object object;
  // With fieldValidation=Warn, the strict-decoding problems, one warning text each.
  std::vector<std::string> warnings;
};

// Decodes the body of `request` as an object of `kind`, unknown fields dropped (built-ins).
// Errors: BadRequest (also for type errors and, with Strict, unknown or duplicate fields);
// UnsupportedMediaType for a Content-Type we do not read.
Result<DecodedObject> DecodeObjectBody(const Request& request, const api::GroupVersionKind& kind,
                                       const ObjectDecodeOptions& options);

// The text of a Strict fieldValidation failure: `strict decoding error: <p1>, <p2>` (R3.10).
std::string StrictDecodingMessage(const std::vector<std::string>& problems);

// What `validation` makes of strict-decoding problems (R3.10): with Strict, the message of the
// error to answer; with Warn, each problem becomes a warning (go-yaml's multi-line list split
// into one per line) and nullopt; with Ignore, nothing and nullopt.
std::optional<std::string> ResolveDecodingProblems(const std::vector<std::string>& problems,
                                                   FieldValidation validation,
                                                   std::vector<std::string>& warnings);

// Custom resources (R10.6, R10.7): prunes `body` by the version's structural schema (each pruned
// path is a problem when `strict`), applies its defaults, and warns that CEL rules were not
// evaluated.
void ApplyCustomResourceSchema(const apiextensions::CustomResourceVersion& custom, bool strict,
                               nlohmann::json& body, std::vector<std::string>& problems,
                               std::vector<std::string>& warnings);

// Decodes the body as plain JSON (DeleteOptions and other option objects). An empty body is
// JSON null. Errors: BadRequest; UnsupportedMediaType.
Result<nlohmann::json> DecodeJsonBody(const Request& request);

// `response` with one `Warning: 299 - "<text>"` header per warning (R3.10; `\` and `"` in the
// text escaped). An error becomes its Status response in `format`, with the headers too.
Result<Response> WithWarnings(Result<Response> response, const std::vector<std::string>& warnings,
                              const OutputFormat& format);

// A response carrying `body` in `format`.
Response EncodeResponse(int status, const nlohmann::json& body, const OutputFormat& format);
// A response carrying `error`'s Status (with Retry-After when it has retryAfterSeconds).
Response ErrorResponse(const api::Error& error, const OutputFormat& format = {});

}  // namespace kubefake::fakeserver

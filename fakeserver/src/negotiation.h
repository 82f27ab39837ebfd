// Content negotiation: the media type of a request body (Content-Type) and of the response
// (Accept), as the apiserver's negotiation package decides them (R11, R5.10, R5.11).
// Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  application/json and application/yaml both ways; Accept clauses in order with
//              q=0 skipped, wildcards (*/*, application/*), clauses we cannot serve skipped so
//              a client that offers protobuf first and JSON second gets JSON; 406 when nothing
//              is acceptable; YAML is not offered for watch (R7.2); pretty output for
//              ?pretty=true and for curl, Wget and browser user agents.
//              Transform clauses as AllowsMediaTypeTransform decides them (R11.3): `as=Table`
//              for JSON and YAML, `as=PartialObjectMetadata` and `as=PartialObjectMetadataList`
//              for either, each only with g=meta.k8s.io and v=v1 or v1beta1; any other clause
//              carrying as/g/v (`as=Foo`, a missing g) is skipped like an unservable type.
//              Whether the transform fits the verb is decided later (response_transform.h).
//              application/vnd.kubernetes.protobuf both ways for built-in kinds (R11.1,
//              R11.4): with the transforms PartialObjectMetadata(List) but never Table; for watch
//              with `;stream=watch`. A protobuf response that has no protobuf message (custom
//              resources, kind-less documents) is written in JSON when a later Accept clause
//              allows JSON, else 406 naming only JSON and YAML, as the real server negotiates
//              against a CR's serializers (body_codec.h). Protobuf bodies for custom resources
//              answer 415 with the same list.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

enum class MediaType { kJson, kYaml, kProtobuf };

// The conversion an Accept clause asks for (`as`, `g`, `v`; R6.14, R6.15).
struct ResponseTransform {
  enum class Kind { kNone, kTable, kPartialObjectMetadata, kPartialObjectMetadataList };
  Kind kind = Kind::kNone;
  std::string version;  // of meta.k8s.io: "v1" or "v1beta1" ("" for kNone)
};

struct OutputFormat {
  MediaType media_type = MediaType::kJson;
  bool pretty = false;
  ResponseTransform transform;
  // kProtobuf only: a later Accept clause also accepts JSON (the fallback when the body has no
  // protobuf message).
  bool json_fallback = false;
};

// One clause of an Accept or Content-Type header: the lower-cased "type/subtype" and its
// parameters in order (keys lower-cased, values as sent).
struct MediaRange {
  std::string type;
  std::vector<std::pair<std::string, std::string>> params;

  // The value of parameter `key` (lower-case), or nullptr.
  const std::string* Param(std::string_view key) const;
  // True for a clause with q=0, which the client refuses.
  bool Refused() const;
};

// The clauses of an Accept header in order ("" gives none).
std::vector<MediaRange> ParseAccept(std::string_view accept);
// One clause ("application/json; charset=utf-8").
MediaRange ParseMediaRange(std::string_view text);

// The format of the request body; protobuf only when `protobuf_allowed` (built-in kinds).
// Errors: UnsupportedMediaType (415) with the real message.
Result<MediaType> RequestBodyMediaType(const Request& request, bool protobuf_allowed = true);

// The 406 a custom resource (or another body without a protobuf message) answers to a
// protobuf-only Accept.
api::Error ProtobufNotAcceptable();

// The format of the response. `streaming` is true for watch. Errors: NotAcceptable (406).
Result<OutputFormat> NegotiateOutput(const Request& request, bool streaming);

// "application/json", "application/yaml" or "application/vnd.kubernetes.protobuf".
std::string_view ContentTypeOf(MediaType media_type);

}  // namespace kubefake::fakeserver

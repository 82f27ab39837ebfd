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
//   Rejected:  protobuf bodies (415) and protobuf-only Accept (406) until protobuf lands;
//              `as=Table`/`as=PartialObjectMetadata` clauses are skipped (a kubectl Accept falls
//              through to its plain application/json clause).
#pragma once

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

enum class MediaType { kJson, kYaml };

struct OutputFormat {
  MediaType media_type = MediaType::kJson;
  bool pretty = false;
};

// The format of the request body. Errors: UnsupportedMediaType (415) with the real message.
Result<MediaType> RequestBodyMediaType(const Request& request);

// The format of the response. `streaming` is true for watch. Errors: NotAcceptable (406).
Result<OutputFormat> NegotiateOutput(const Request& request, bool streaming);

// "application/json" or "application/yaml".
std::string_view ContentTypeOf(MediaType media_type);

}  // namespace kubefake::fakeserver

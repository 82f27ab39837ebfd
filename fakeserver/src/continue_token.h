// Continue tokens for paginated lists, in the apiserver's format: unpadded base64url of
// {"v":"meta.k8s.io/v1","rv":<snapshot revision>,"start":"<next key after the prefix>"}
// (R6.5, k8s.io/apiserver pkg/storage/continue.go). Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  the token format and DecodeContinue's checks and texts: base64 errors with Go's
//              `illegal base64 data at input byte <n>` (CR and LF skipped, as Go does), JSON type
//              errors as encoding/json words them for the token struct, the version, a zero
//              rv, an empty start key, and a start key that path.Clean would change.
//   Differs:   JSON syntax errors are reported with a shorter text than encoding/json's
//              (`invalid character 'x' looking for beginning of value` only for the common case
//              of a token that is not JSON at all).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

struct ContinuePosition {
  int64_t revision = 0;   // negative in a token that continues at the latest revision (R6.7)
  std::string start_key;  // absolute storage key to resume at (inclusive)
};

// A token resuming at `start_key` (which must be under `prefix`) at `revision`.
std::string EncodeContinue(std::string_view start_key, std::string_view prefix, int64_t revision);

// Decodes a token for a list under `prefix`; the start key is always under `prefix`.
// Errors: BadRequest `invalid continue token: continue key is not valid...` with the
// apiserver's texts.
Result<ContinuePosition> DecodeContinue(std::string_view token, std::string_view prefix);

}  // namespace kubefake::fakeserver

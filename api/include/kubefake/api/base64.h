// Base64 as Go's encoding/base64 does it (StdEncoding, URLEncoding, RawStdEncoding,
// RawURLEncoding; not Strict): Kubernetes carries []byte fields, Secret data, kubeconfig *-data
// fields and continue tokens this way, and reports Go's CorruptInputError offsets when they do
// not decode. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace kubefake::api {

// Go's four encodings: Std and Raw use '+' and '/', URL and RawURL '-' and '_'; the Raw ones
// neither write nor accept '=' padding.
enum class Base64Encoding { kStd, kUrl, kRawStd, kRawUrl };

// A CorruptInputError: the byte offset in the input where decoding failed.
struct Base64DecodeError {
  std::size_t offset;

  // Go's text: `illegal base64 data at input byte <offset>`.
  std::string Message() const;
};

std::string Base64Encode(std::string_view data, Base64Encoding encoding = Base64Encoding::kStd);

// Decodes as Go's DecodeString: '\r' and '\n' are skipped anywhere; Std and URL require the
// padding a final partial quantum needs, Raw reject any '='; bits left over in a final partial
// quantum are ignored. Errors: the offset Go's CorruptInputError reports (a character outside
// the alphabet, misplaced or missing padding, anything but newlines after the padding, a lone
// final character).
std::expected<std::string, Base64DecodeError> Base64Decode(
    std::string_view text, Base64Encoding encoding = Base64Encoding::kStd);

}  // namespace kubefake::api

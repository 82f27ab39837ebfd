#include "continue_token.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "kubefake/api/base64.h"
#include "kubefake/api/json_codec.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kVersion = "meta.k8s.io/v1";
constexpr std::string_view kNotValid = "continue key is not valid";

// path.Clean, for comparing a start key with its cleaned form.
std::string CleanPath(std::string_view path) {
  const bool rooted = path.starts_with('/');
  std::vector<std::string_view> segments;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(begin, end - begin);
    if (segment.empty() || segment == ".") {
      // skipped
    } else if (segment == "..") {
      if (!segments.empty() && segments.back() != "..") {
        segments.pop_back();
      } else if (!rooted) {
        segments.push_back(segment);
      }
    } else {
      segments.push_back(segment);
    }
    begin = end + 1;
  }
  std::string cleaned = rooted ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) cleaned += '/';
    cleaned += segments[i];
  }
  if (cleaned.empty()) cleaned = ".";
  return cleaned;
}

api::Error Invalid(std::string_view detail) {
  std::string message = "invalid continue token: " + std::string(kNotValid);
  if (!detail.empty()) message += ": " + std::string(detail);
  return api::NewBadRequest(std::move(message));
}

api::Error UnmarshalError(const nlohmann::json& value, std::string_view field,
                          std::string_view go_type) {
  std::string what = std::string(api::GoJsonTypeName(value));
  if (value.is_number()) what += " " + value.dump();
  return Invalid("json: cannot unmarshal " + what + " into Go struct field continueToken." +
                 std::string(field) + " of type " + std::string(go_type));
}

// The first character of a text that is not JSON at all, as encoding/json reports it.
std::string SyntaxError(std::string_view raw) {
  const size_t first = raw.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "unexpected end of JSON input";
  const char c = raw[first];
  if (std::string_view("{[\"-0123456789tfn").find(c) == std::string_view::npos) {
    const std::string shown = c == '\'' ? "'\\''" : "'" + std::string(1, c) + "'";
    return "invalid character " + shown + " looking for beginning of value";
  }
  return "invalid JSON in the continue token";
}

}  // namespace

std::string EncodeContinue(std::string_view start_key, std::string_view prefix, int64_t revision) {
  std::string_view relative = start_key;
  if (relative.starts_with(prefix)) relative.remove_prefix(prefix.size());
  const nlohmann::json token = {{"v", kVersion}, {"rv", revision}, {"start", relative}};
  return api::Base64Encode(token.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                          api::Base64Encoding::kRawUrl);
}

Result<ContinuePosition> DecodeContinue(std::string_view token, std::string_view prefix) {
  const auto raw = api::Base64Decode(token, api::Base64Encoding::kRawUrl);
  if (!raw) return Fail(Invalid(raw.error().Message()));
  const nlohmann::json json = nlohmann::json::parse(*raw, nullptr, false);
  if (json.is_discarded()) return Fail(Invalid(SyntaxError(*raw)));
  if (!json.is_object() && !json.is_null()) {  // null decodes to the zero token
    return Fail(Invalid("json: cannot unmarshal " + std::string(api::GoJsonTypeName(json)) +
                        " into Go value of type storage.continueToken"));
  }
  // Decoding into struct {v string; rv int64; start string}: null leaves a field unset.
  std::string version;
  int64_t revision = 0;
  std::string start;
  if (auto it = json.find("v"); it != json.end() && !it->is_null()) {
    if (!it->is_string()) return Fail(UnmarshalError(*it, "v", "string"));
    version = it->get<std::string>();
  }
  if (auto it = json.find("rv"); it != json.end() && !it->is_null()) {
    const bool fits =
        it->is_number_integer() &&
        (!it->is_number_unsigned() ||
         it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
    if (!fits) return Fail(UnmarshalError(*it, "rv", "int64"));
    revision = it->get<int64_t>();
  }
  if (auto it = json.find("start"); it != json.end() && !it->is_null()) {
    if (!it->is_string()) return Fail(UnmarshalError(*it, "start", "string"));
    start = it->get<std::string>();
  }
  if (version != kVersion) {
    return Fail(Invalid("server does not recognize this encoded version \"" + version + "\""));
  }
  if (revision == 0) {
    return Fail(Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)"));
  }
  if (start.empty()) {
    return Fail(Invalid("encoded start key empty (version meta.k8s.io/v1)"));
  }
  // The apiserver refuses a key that path.Clean would change (path traversal defence). Keys are
  // compared as strings, so the prefix bounds the read whatever the key holds.
  if (CleanPath(start) != start) return Fail(Invalid(start));
  return ContinuePosition{revision, std::string(prefix) + start};
}

}  // namespace kubefake::fakeserver

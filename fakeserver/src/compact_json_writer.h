// CompactJsonWriter: appends compact JSON to one string, byte for byte what
// nlohmann::json::dump(-1, ' ', false, replace) gives. It walks objects, arrays and ASCII strings
// itself, copying a string that needs no escaping (nearly every string of a Kubernetes object)
// in one append, where nlohmann's serializer decodes and buffers it byte by byte (for a LIST of
// Pods, three times the cost of everything else), and integers, booleans and null; floating-point
// numbers and strings with bytes from 0x80 on (UTF-8, checked and replaced as nlohmann does) go
// through one nlohmann serializer, made the first time one is met (making it allocates) and kept
// for the whole body. Thread-compatible; include it only where JSON is written (it pulls in
// json.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kubefake::fakeserver {

class CompactJsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit CompactJsonWriter(std::string& out) : out_(out) {}

  void Value(const nlohmann::json& value);
  // A member's key and colon.
  void Key(std::string_view key);
  void Raw(std::string_view text) { out_ += text; }

 private:
  // Writes `text` quoted and escaped when it is ASCII; false (nothing written) otherwise.
  bool AsciiString(std::string_view text);
  // Writes `value` through nlohmann's serializer.
  void Serialized(const nlohmann::json& value);

  std::string& out_;
  std::optional<nlohmann::detail::serializer<nlohmann::json>> serializer_;
};

}  // namespace kubefake::fakeserver

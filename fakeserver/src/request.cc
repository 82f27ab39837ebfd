#include "kubefake/fakeserver/request.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kubefake/api/ascii.h"
#include "kubefake/api/body_tree.h"
#include "watch_stream.h"

namespace kubefake::fakeserver {
namespace {

}  // namespace

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (api::EqualFoldAscii(key, name)) return value;
  }
  return std::nullopt;
}

void Headers::Set(std::string_view name, std::string value) {
  Remove(name);
  entries_.emplace_back(std::string(name), std::move(value));
}

void Headers::Remove(std::string_view name) {
  std::erase_if(entries_,
                [&](const auto& entry) { return api::EqualFoldAscii(entry.first, name); });
}

void Headers::Add(std::string_view name, std::string value) {
  entries_.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string StreamRead::Bytes() && {
  if (object == nullptr) return std::move(frame);
  return EncodeWatchFrame(event_type, *object, /*protobuf=*/false);
}

StreamRead ResponseStream::WaitNext() {
  constexpr std::chrono::hours kLongWait(1);
  while (true) {
    StreamRead read = NextWithin(kLongWait);
    if (read.state != StreamRead::State::kNothingYet) return read;
  }
}

std::optional<std::string> ResponseStream::Next() {
  StreamRead read = WaitNext();
  if (read.state == StreamRead::State::kEnded) return std::nullopt;
  return std::move(read).Bytes();
}

std::string Request::BodyBytes() const {
  if (!parsed_body) return body;
  return parsed_body->tree().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kubefake::fakeserver

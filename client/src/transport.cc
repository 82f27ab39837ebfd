// HeaderList, ResponseStream::NextFrame's default and TransportFor.
#include "kubefake/client/transport.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kubefake/api/ascii.h"

namespace kubefake::client {
namespace {

}  // namespace

std::string JsonBodyBytes(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

Result<std::optional<StreamFrame>> ResponseStream::NextFrame() {
  Result<std::optional<std::string>> bytes = Next();
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return std::nullopt;
  return StreamFrame{std::move(**bytes), {}, {}};
}

std::optional<std::string_view> HeaderList::Get(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (api::EqualFoldAscii(key, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string_view> HeaderList::GetAll(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : entries_) {
    if (api::EqualFoldAscii(key, name)) values.push_back(value);
  }
  return values;
}

void HeaderList::Set(std::string_view name, std::string value) {
  std::erase_if(entries_,
                [&](const auto& entry) { return api::EqualFoldAscii(entry.first, name); });
  Add(name, std::move(value));
}

void HeaderList::Add(std::string_view name, std::string value) {
  entries_.emplace_back(std::string(name), std::move(value));
}

Result<std::shared_ptr<Transport>> TransportFor(const Config& config) {
  if (config.transport) return config.transport;
  return NewHttpTransport(config);
}

}  // namespace kubefake::client

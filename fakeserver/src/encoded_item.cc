// EncodeItem: one CompactJsonWriter over the object's members, skipping apiVersion and kind.
#include "encoded_item.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "compact_json_writer.h"

namespace kubefake::fakeserver {

EncodedItem EncodeItem(const nlohmann::json& object) {
  std::string json;
  CompactJsonWriter out(json);
  std::optional<size_t> api_version_at, kind_at;
  bool first = true;
  out.Raw("{");
  for (const auto& [key, value] : object.get_ref<const nlohmann::json::object_t&>()) {
    if (key == "apiVersion" || key == "kind") continue;
    if (!first) out.Raw(",");
    first = false;
    if (!api_version_at && key > "apiVersion") api_version_at = json.size();
    if (!kind_at && key > "kind") kind_at = json.size();
    out.Key(key);
    out.Value(value);
  }
  EncodedItem item;
  item.api_version_at = api_version_at.value_or(json.size());
  item.kind_at = kind_at.value_or(json.size());
  out.Raw("}");
  // Kept for the object's life: no spare capacity from the writer's doublings.
  item.json.assign(json);
  return item;
}

EncodedItemPtr EncodedBytesOf(const KeyValue& stored) {
  if (stored.encoded) return stored.encoded;
  return std::make_shared<const EncodedItem>(EncodeItem(stored.object->json()));
}

}  // namespace kubefake::fakeserver

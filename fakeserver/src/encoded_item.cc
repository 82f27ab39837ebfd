// EncodeItem: one CompactJsonWriter over the object's members, skipping apiVersion and kind;
// the metadata's members written one by one to mark where resourceVersion's value lies.
#include "encoded_item.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "compact_json_writer.h"

namespace kubefake::fakeserver {
namespace {

// Writes `metadata` (an object) as CompactJsonWriter::Value would, noting where its
// resourceVersion's value goes in `draft`.
void WriteMetadata(CompactJsonWriter& out, const nlohmann::json& metadata, ItemDraft& draft) {
  const std::string& json = draft.item.json;
  bool first = true;
  out.Raw("{");
  for (const auto& [key, value] : metadata.get_ref<const nlohmann::json::object_t&>()) {
    if (!first) out.Raw(",");
    first = false;
    out.Key(key);
    if (key != "resourceVersion") {
      out.Value(value);
      continue;
    }
    draft.resource_version_at = json.size();
    out.Value(value);
    draft.resource_version_end = json.size();
  }
  out.Raw("}");
}

}  // namespace

ItemDraft DraftItem(const nlohmann::json& object) {
  ItemDraft draft;
  std::string& json = draft.item.json;
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
    if (key == "metadata" && value.is_object()) {
      WriteMetadata(out, value, draft);
    } else {
      out.Value(value);
    }
  }
  draft.item.api_version_at = api_version_at.value_or(json.size());
  draft.item.kind_at = kind_at.value_or(json.size());
  out.Raw("}");
  return draft;
}

EncodedItem FinishItem(const ItemDraft& draft, std::string_view resource_version) {
  const std::string& json = draft.item.json;
  if (draft.resource_version_end == std::string::npos) {
    std::fprintf(stderr, "kubefake: FinishItem on a draft without a resourceVersion\n");
    std::abort();
  }
  const std::string_view head = std::string_view(json).substr(0, draft.resource_version_at);
  const std::string_view tail = std::string_view(json).substr(draft.resource_version_end);
  EncodedItem item;
  item.api_version_at = draft.item.api_version_at;
  item.kind_at = draft.item.kind_at;
  item.json.reserve(head.size() + resource_version.size() + 2 + tail.size());
  item.json.append(head).append("\"").append(resource_version).append("\"").append(tail);
  return item;
}

EncodedItem EncodeItem(const nlohmann::json& object) {
  ItemDraft draft = DraftItem(object);
  // Kept for the object's life: no spare capacity from the writer's doublings.
  draft.item.json = std::string(draft.item.json);
  return std::move(draft.item);
}

EncodedItemPtr EncodedBytesOf(const KeyValue& stored) {
  if (stored.encoded) return stored.encoded;
  return std::make_shared<const EncodedItem>(EncodeItem(stored.object->json()));
}

}  // namespace kubefake::fakeserver

// EncodedItem: a stored object's compact JSON as an item of a built-in list (without apiVersion
// and kind), with the places where those two go in the object alone (a GET's body). It is the
// form InMemoryStorage keeps objects in, so a LIST copies bytes instead of walking trees.
// Immutable once made; thread-compatible.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "kubefake/fakeserver/storage.h"

namespace kubefake::fakeserver {

struct EncodedItem {
  std::string json;
  // Offsets in `json` of the first member whose key sorts after "apiVersion" (and "kind"), or
  // of the closing brace when none does.
  size_t api_version_at = 0;
  size_t kind_at = 0;
};

// `object` (a JSON object) as a list item: its members but apiVersion and kind, byte for byte
// as nlohmann's dump writes them (error_handler_t::replace), in a string of exactly its size.
EncodedItem EncodeItem(const nlohmann::json& object);

// An object's item written before its resourceVersion is known (so outside the storage's write
// lock): EncodeItem's bytes with room to spare, and where metadata.resourceVersion's value is.
struct ItemDraft {
  EncodedItem item;
  // [resource_version_at, resource_version_end) in item.json: the value of
  // metadata.resourceVersion as written; both npos when there is none.
  size_t resource_version_at = std::string::npos;
  size_t resource_version_end = std::string::npos;
};
ItemDraft DraftItem(const nlohmann::json& object);

// The draft's item with metadata.resourceVersion's value replaced by the JSON string
// `resource_version` (digits: nothing to escape), in a string of exactly its size. The draft
// must have a resourceVersion, and both offsets of the item lie before it (metadata sorts after
// apiVersion and kind).
EncodedItem FinishItem(const ItemDraft& draft, std::string_view resource_version);

// The bytes of `stored` as a list item: its `encoded` ones, or its tree encoded now.
EncodedItemPtr EncodedBytesOf(const KeyValue& stored);

}  // namespace kubefake::fakeserver

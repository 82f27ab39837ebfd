// EncodedItem: a stored object's compact JSON as an item of a built-in list (without apiVersion
// and kind), with the places where those two go in the object alone (a GET's body). It is the
// form InMemoryStorage keeps objects in, so a LIST copies bytes instead of walking trees.
// Immutable once made; thread-compatible.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>

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

// The bytes of `stored` as a list item: its `encoded` ones, or its tree encoded now.
EncodedItemPtr EncodedBytesOf(const KeyValue& stored);

}  // namespace kubefake::fakeserver

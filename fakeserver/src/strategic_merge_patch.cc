#include "strategic_merge_patch.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/go_format.h"
#include "patch_documents.h"

namespace kubefake::fakeserver {
namespace {

using Json = nlohmann::json;
using api::SchemaType;
using api::ValueSchema;

constexpr std::string_view kDirectiveMarker = "$patch";
constexpr std::string_view kRetainKeysDirective = "$retainKeys";
constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";
constexpr std::string_view kReplace = "replace";
constexpr std::string_view kDelete = "delete";
constexpr std::string_view kMerge = "merge";
constexpr std::string_view kRetainKeysStrategy = "retainKeys";

// mergepatch/errors.go, with the codes the apiserver's interpretStrategicMergePatchError gives.
api::Error BadPatchFormatForPrimitiveList() {
  return api::NewBadRequest("invalid patch format of primitive list");
}
api::Error BadPatchFormatForRetainKeys() {
  return api::NewBadRequest("invalid patch format of retainKeys");
}
api::Error BadPatchFormatForSetElementOrderList() {
  return api::NewBadRequest("invalid patch format of setElementOrder list");
}
// Errors the apiserver does not recognize are returned as they are: 500 without a reason.
api::Error Unwrapped(std::string message) {
  return api::Error(500, api::Reason::kUnknown, std::move(message));
}
api::Error NoMergeKey(const Json& map, std::string_view key) {
  return Unwrapped("map: " + api::GoFormatValue(map) + " does not contain declared merge key: " +
                   std::string(key));
}
api::Error BadArgType(std::string_view expected, const Json& actual) {
  return Unwrapped("expected a " + std::string(expected) + ", but received a " +
                   api::GoDecodedTypeName(actual));
}
// fmt's %s of an interface{} value.
std::string GoFormatS(const Json& value) {
  if (value.is_string() || value.is_object() || value.is_array()) return api::GoFormatValue(value);
  if (value.is_null()) return "%!s(<nil>)";
  return "%!s(" + api::GoDecodedTypeName(value) + "=" + api::GoFormatValue(value) + ")";
}
api::Error BadPatchType(const Json& directive, const Json& map) {
  return Unwrapped("unknown patch type: " + GoFormatS(directive) + " in map: " +
                   api::GoFormatValue(map));
}

// Whether `value` is the string `text` (a directive's value).
bool IsText(const Json& value, std::string_view text) {
  return value.is_string() && value.get_ref<const std::string&>() == text;
}

// The kind of Go value encoding/json decodes into interface{}: reflect.TypeOf comparisons.
enum class GoKind { kNil, kMap, kSlice, kString, kInt, kFloat, kBool };

GoKind KindOf(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return GoKind::kMap;
    case Json::value_t::array:
      return GoKind::kSlice;
    case Json::value_t::string:
      return GoKind::kString;
    case Json::value_t::boolean:
      return GoKind::kBool;
    case Json::value_t::number_float:
      return GoKind::kFloat;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return GoKind::kInt;
    default:
      return GoKind::kNil;
  }
}

// Go's == on two interface{} values holding scalars: same dynamic type and value. Maps and
// slices never compare equal here (Go would panic comparing them).
bool GoEqual(const Json& a, const Json& b) {
  const GoKind kind = KindOf(a);
  if (kind != KindOf(b) || kind == GoKind::kMap || kind == GoKind::kSlice) return false;
  return a == b;
}

// The interface{} type: anything a free-form schema node holds.
const ValueSchema kUntyped{};

// Where a value sits in the Go types, as PatchMetaFromStruct's reflect.Type tells it.
struct PatchMeta {
  const ValueSchema* schema = &kUntyped;
  std::string strategy;  // "merge", "replace" or "" once retainKeys is taken out
  std::string merge_key;
};

// reflect.Kind().String() of the Go type a schema value stands for.
std::string_view GoKindName(const ValueSchema& schema) {
  switch (schema.type) {
    case SchemaType::kString:
      return schema.format == "byte" ? "slice" : "string";
    case SchemaType::kInteger:
      return schema.format == "int32" ? "int32" : "int64";
    case SchemaType::kNumber:
      return "float64";
    case SchemaType::kBoolean:
      return "bool";
    case SchemaType::kArray:
      return "slice";
    case SchemaType::kMap:
      return "map";
    case SchemaType::kFreeForm:
      return schema.ref == nullptr ? "interface" : "struct";
    default:
      return "struct";
  }
}

std::string_view GoStructName(const api::TypeSchema& type) {
  const size_t dot = type.name.rfind('.');
  return dot == std::string_view::npos ? type.name : type.name.substr(dot + 1);
}

// extractRetainKeysPatchStrategy over the comma-separated x-kubernetes-patch-strategy.
Result<std::string> PatchStrategy(std::string_view strategies) {
  std::vector<std::string_view> parts;
  while (!strategies.empty()) {
    const size_t comma = strategies.find(',');
    parts.push_back(strategies.substr(0, comma));
    strategies = comma == std::string_view::npos ? "" : strategies.substr(comma + 1);
  }
  if (parts.empty()) return std::string();
  if (parts.size() == 1) {
    return parts[0] == kRetainKeysStrategy ? std::string() : std::string(parts[0]);
  }
  if (parts.size() == 2) {
    if (parts[0] == kRetainKeysStrategy) return std::string(parts[1]);
    if (parts[1] == kRetainKeysStrategy) return std::string(parts[0]);
  }
  std::string listed;
  for (std::string_view part : parts) {
    if (!listed.empty()) listed += ' ';
    listed += part;
  }
  return Fail(Unwrapped("unexpected patch strategy: [" + listed + "]"));
}

// LookupPatchMetadataForStruct: the field `key` of a struct, or the values of a map.
Result<PatchMeta> LookupForStruct(const ValueSchema& parent, const std::string& key) {
  if (parent.type == SchemaType::kMap) {
    return PatchMeta{parent.element != nullptr ? parent.element : &kUntyped, "", ""};
  }
  const api::TypeSchema* type = parent.ref;
  const bool is_struct = type != nullptr && (parent.type == SchemaType::kObject ||
                                             parent.type == SchemaType::kFreeForm);
  if (!is_struct) {
    return Fail(Unwrapped(
        "merging an object in json but data type is not map or struct, instead is: " +
        std::string(GoKindName(parent))));
  }
  const api::FieldSchema* field = type->FindField(key);
  if (field == nullptr) {
    return Fail(Unwrapped("unable to find api field in struct " +
                          std::string(GoStructName(*type)) + " for the json field \"" + key +
                          "\""));
  }
  Result<std::string> strategy = PatchStrategy(field->patch_strategy);
  if (!strategy) return Fail(strategy.error());
  return PatchMeta{&field->value, std::move(*strategy), std::string(field->patch_merge_key)};
}

// LookupPatchMetadataForSlice: as above, then the element type of the list.
Result<PatchMeta> LookupForSlice(const ValueSchema& parent, const std::string& key) {
  Result<PatchMeta> meta = LookupForStruct(parent, key);
  if (!meta) return meta;
  const ValueSchema& list = *meta->schema;
  if (list.type != SchemaType::kArray) {
    return Fail(Unwrapped("expected slice or array type, but got: " +
                          std::string(GoKindName(parent))));
  }
  if (list.element != nullptr && list.element->type == SchemaType::kArray) {
    return Fail(Unwrapped("unexpected slice of slice"));
  }
  meta->schema = list.element != nullptr ? list.element : &kUntyped;
  return meta;
}

// sliceElementType: the one kind of every element of the lists.
Result<GoKind> SliceElementKind(const std::vector<const Json*>& lists) {
  std::optional<GoKind> kind;
  for (const Json* list : lists) {
    for (const Json& item : *list) {
      const GoKind current = KindOf(item);
      if (!kind) {
        if (current == GoKind::kSlice) {
          return Fail(NewRejectedPatchError());  // lists of lists are not supported
        }
        kind = current;
      } else if (*kind != current) {
        Json all = Json::array();
        for (const Json* l : lists) all.push_back(*l);
        return Fail(Unwrapped("list element types are not identical: " + api::GoFormatValue(all)));
      }
    }
  }
  if (!kind) return Fail(Unwrapped("no elements in any of the given slices"));
  return *kind;
}

// The value `index` compares items by: the merge key's value for maps, the item otherwise.
const Json* OrderValue(const Json& item, const std::string& merge_key, GoKind kind) {
  if (kind != GoKind::kMap) return &item;
  if (!item.is_object()) return nullptr;
  auto it = item.find(merge_key);
  return it == item.end() ? nullptr : &*it;
}

bool SameOrderValue(const Json* a, const Json* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return GoEqual(*a, *b);
}

// index: the position of `item` in `list`, -1 when absent.
int IndexOf(const Json& list, const Json& item, const std::string& merge_key, GoKind kind) {
  const Json* wanted = OrderValue(item, merge_key, kind);
  for (size_t i = 0; i < list.size(); ++i) {
    if (SameOrderValue(wanted, OrderValue(list[i], merge_key, kind))) return static_cast<int>(i);
  }
  return -1;
}

// findMapInSliceBasedOnKeyValue.
Result<int> FindByKey(const Json& list, const std::string& key, const Json& value) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) {
      return Fail(Unwrapped("value for key " + std::to_string(i) + " is not a map."));
    }
    auto it = list[i].find(key);
    if (it != list[i].end() && GoEqual(*it, value)) return static_cast<int>(i);
  }
  return -1;
}

Result<void> ValidateMergeKeys(const std::string& merge_key, const Json& list) {
  for (const Json& item : list) {
    if (!item.is_object()) return Fail(BadArgType("map[string]interface {}", item));
    if (!item.contains(merge_key)) return Fail(NoMergeKey(item, merge_key));
  }
  return {};
}

bool IsDeleteElement(const Json& item) {
  auto it = item.find(kDirectiveMarker);
  return it != item.end() && IsText(*it, kDelete);
}

// normalizeSliceOrder: sorts `items` by their place in `order` (sort.SliceStable with the
// apiserver's comparator; items absent from `order` compare as smaller), `$patch: delete`
// elements last.
Result<Json> NormalizeSliceOrder(Json items, const Json& order, const std::string& merge_key,
                                 GoKind kind) {
  Json deletions = Json::array();
  if (kind == GoKind::kMap) {
    if (Result<void> valid = ValidateMergeKeys(merge_key, items); !valid) {
      return Fail(valid.error());
    }
    if (Result<void> valid = ValidateMergeKeys(merge_key, order); !valid) {
      return Fail(valid.error());
    }
    Json kept = Json::array();
    for (Json& item : items) (IsDeleteElement(item) ? deletions : kept).push_back(std::move(item));
    items = std::move(kept);
  }
  const auto less = [&](const Json& a, const Json& b) {
    const int ia = IndexOf(order, a, merge_key, kind);
    if (ia < 0) return true;
    const int ib = IndexOf(order, b, merge_key, kind);
    if (ib < 0) return true;
    return ia < ib;
  };
  // Go's insertion sort, which sort.SliceStable runs on lists of up to 20 elements; kept for
  // longer ones so that the inconsistent comparator behaves the same way throughout.
  for (size_t i = 1; i < items.size(); ++i) {
    for (size_t j = i; j > 0 && less(items[j], items[j - 1]); --j) std::swap(items[j], items[j - 1]);
  }
  for (Json& item : deletions) items.push_back(std::move(item));
  return items;
}

// mergeSortedSlice: interleaves server-only items (`left`) with patch items (`right`).
Json MergeSortedSlice(const Json& left, const Json& right, const Json& server_order,
                      const std::string& merge_key, GoKind kind) {
  Json out = Json::array();
  size_t i = 0;
  size_t j = 0;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      out.push_back(right[j++]);
    } else if (j >= right.size()) {
      out.push_back(left[i++]);
    } else {
      const int li = IndexOf(server_order, left[i], merge_key, kind);
      const int ri = IndexOf(server_order, right[j], merge_key, kind);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(left[i++]);
      } else {
        out.push_back(right[j++]);
      }
    }
  }
  return out;
}

// partition*ByPresentInList: items of `merged` present in `by`, and the others.
Result<std::pair<Json, Json>> Partition(const Json& merged, const Json& by,
                                        const std::string& merge_key) {
  Json present = Json::array();
  Json absent = Json::array();
  for (const Json& item : merged) {
    bool found = false;
    if (merge_key.empty()) {
      for (const Json& candidate : by) found = found || GoEqual(candidate, item);
    } else {
      if (!item.is_object()) return Fail(BadArgType("map[string]interface {}", item));
      auto key = item.find(merge_key);
      if (key == item.end()) return Fail(NoMergeKey(item, merge_key));
      Result<int> at = FindByKey(by, merge_key, *key);
      if (!at) return Fail(at.error());
      found = *at >= 0;
    }
    (found ? present : absent).push_back(item);
  }
  return std::pair{std::move(present), std::move(absent)};
}

// normalizeElementOrder after partitioning `merged` by `patch_order`.
Result<Json> EnforceOrder(const Json& merged, const Json& patch_order, const Json& server_order,
                          const std::string& merge_key, GoKind kind) {
  Result<std::pair<Json, Json>> parts = Partition(merged, patch_order, merge_key);
  if (!parts) return Fail(parts.error());
  Result<Json> patch_items = NormalizeSliceOrder(std::move(parts->first), patch_order, merge_key,
                                                 kind);
  if (!patch_items) return patch_items;
  Result<Json> server_only = NormalizeSliceOrder(std::move(parts->second), server_order,
                                                 merge_key, kind);
  if (!server_only) return server_only;
  return MergeSortedSlice(*server_only, *patch_items, server_order, merge_key, kind);
}

// removeDirectives: a map holding `$patch` is dropped, other maps and lists are cleaned.
bool RemoveDirectives(Json& value) {
  if (value.is_object()) {
    if (value.contains(kDirectiveMarker)) return false;
    for (auto it = value.begin(); it != value.end();) {
      if (RemoveDirectives(it.value())) {
        ++it;
      } else {
        it = value.erase(it);
      }
    }
  } else if (value.is_array()) {
    Json kept = Json::array();
    for (Json& item : value) {
      if (RemoveDirectives(item)) kept.push_back(std::move(item));
    }
    value = std::move(kept);
  }
  return true;
}

// discardNullValuesFromPatch.
void DiscardNulls(Json& value) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it.value().is_null()) {
        it = value.erase(it);
      } else {
        DiscardNulls(it.value());
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (Json& item : value) DiscardNulls(item);
  }
}

// A key of the form "<prefix>/<field>": the field, or the format error for the prefix.
Result<std::string> ExtractKey(const std::string& key, std::string_view prefix) {
  const size_t slash = key.find('/');
  if (slash == std::string::npos || std::string_view(key).substr(0, slash) != prefix) {
    return Fail(prefix == kDeleteFromPrimitiveListPrefix ? BadPatchFormatForPrimitiveList()
                                                         : BadPatchFormatForSetElementOrderList());
  }
  return key.substr(slash + 1);
}

Result<Json> MergeMap(Json original, Json patch, const ValueSchema& schema);

// mergeSlice for a list with the merge strategy.
Result<Json> MergeSlice(Json original, Json patch, const ValueSchema& element,
                        const std::string& merge_key, bool delete_list) {
  if (original.empty() && patch.empty()) return original;
  Result<GoKind> kind = SliceElementKind({&original, &patch});
  if (!kind) return Fail(kind.error());
  Json merged;
  if (*kind != GoKind::kMap) {
    if (delete_list) {
      Json kept = Json::array();
      for (Json& item : original) {
        bool deleted = false;
        for (const Json& gone : patch) deleted = deleted || GoEqual(gone, item);
        if (!deleted) kept.push_back(std::move(item));
      }
      return kept;
    }
    merged = Json::array();
    for (const Json* list : {&original, &patch}) {
      for (const Json& item : *list) {
        bool seen = false;
        for (const Json& kept : merged) seen = seen || GoEqual(kept, item);
        if (!seen) merged.push_back(item);
      }
    }
  } else {
    if (merge_key.empty()) {
      return Fail(Unwrapped("cannot merge lists without merge key for type " +
                            std::string(GoKindName(element))));
    }
    // mergeSliceWithSpecialElements: deletions and replace first.
    Json plain = Json::array();
    bool replace = false;
    for (Json& item : patch) {
      auto directive = item.find(kDirectiveMarker);
      if (directive == item.end()) {
        plain.push_back(std::move(item));
      } else if (IsText(*directive, kDelete)) {
        auto key = item.find(merge_key);
        if (key == item.end()) return Fail(NoMergeKey(item, merge_key));
        for (;;) {
          Result<int> at = FindByKey(original, merge_key, *key);
          if (!at) return Fail(at.error());
          if (*at < 0) break;
          original.erase(static_cast<size_t>(*at));
        }
      } else if (IsText(*directive, kReplace)) {
        replace = true;
      } else if (IsText(*directive, kMerge)) {
        return Fail(Unwrapped("merging lists cannot yet be specified in the patch"));
      } else {
        return Fail(BadPatchType(*directive, item));
      }
    }
    if (replace) {
      original = std::move(plain);
      plain = Json::array();
    }
    patch = std::move(plain);
    // mergeSliceWithoutSpecialElements.
    merged = original;
    for (const Json& item : patch) {
      auto key = item.find(merge_key);
      if (key == item.end()) return Fail(NoMergeKey(item, merge_key));
      Result<int> at = FindByKey(merged, merge_key, *key);
      if (!at) return Fail(at.error());
      if (*at >= 0) {
        Result<Json> element_merged =
            MergeMap(std::move(merged[static_cast<size_t>(*at)]), item, element);
        if (!element_merged) return element_merged;
        merged[static_cast<size_t>(*at)] = std::move(*element_merged);
      } else {
        merged.push_back(item);
      }
    }
  }
  return EnforceOrder(merged, patch, original, merge_key, *kind);
}

// mergeSliceHandler.
Result<Json> MergeSliceField(Json original, Json patch, const PatchMeta& meta, bool delete_list) {
  if (meta.strategy != kMerge) return patch;
  return MergeSlice(std::move(original), std::move(patch), *meta.schema, meta.merge_key,
                    delete_list);
}

// applyRetainKeysDirective.
Result<void> ApplyRetainKeys(Json& original, Json& patch) {
  auto directive = patch.find(kRetainKeysDirective);
  if (directive == patch.end()) return {};
  const Json retain = std::move(*directive);
  patch.erase(directive);
  if (!retain.is_array()) return Fail(BadPatchFormatForRetainKeys());
  const auto retained = [&](const std::string& key) {
    return std::ranges::any_of(retain, [&](const Json& k) { return k.is_string() && k == key; });
  };
  for (auto entry = patch.begin(); entry != patch.end(); ++entry) {
    const std::string& key = entry.key();
    if (entry.value().is_null() || key.starts_with(kDeleteFromPrimitiveListPrefix) ||
        key.starts_with(kSetElementOrderPrefix)) {
      continue;
    }
    if (!retained(key)) return Fail(BadPatchFormatForRetainKeys());
  }
  for (auto it = original.begin(); it != original.end();) {
    if (retained(it.key())) {
      ++it;
    } else {
      it = original.erase(it);
    }
  }
  return {};
}

// validatePatchWithSetOrderList.
Result<void> ValidateSetOrder(const Json& patch_list, const Json& order,
                              const std::string& merge_key) {
  if (order.empty() || patch_list.empty()) return {};
  std::vector<const Json*> items;
  for (const Json& item : patch_list) {
    if (!merge_key.empty()) {
      if (!item.is_object()) return Fail(BadArgType("map[string]interface {}", item));
      if (IsDeleteElement(item)) continue;
    }
    items.push_back(&item);
  }
  size_t p = 0;
  size_t o = 0;
  while (p < items.size() && o < order.size()) {
    const Json& item = *items[p];
    if (item.is_object() && item.contains(kDirectiveMarker)) {
      ++p;
      continue;
    }
    bool equal;
    if (merge_key.empty()) {
      equal = GoEqual(item, order[o]);
    } else {
      if (!order[o].is_object()) return Fail(BadArgType("map[string]interface {}", order[o]));
      auto left = item.find(merge_key);
      if (left == item.end()) return Fail(NoMergeKey(item, merge_key));
      auto right = order[o].find(merge_key);
      if (right == order[o].end()) return Fail(NoMergeKey(order[o], merge_key));
      equal = GoEqual(*left, *right);
    }
    if (equal) ++p;
    ++o;
  }
  if (p < items.size() && o >= order.size()) {
    return Fail(Unwrapped("the order in patch list:\n" + api::GoFormatValue(patch_list) +
                          "\n doesn't match $setElementOrder list:\n" + api::GoFormatValue(order)));
  }
  return {};
}

// mergePatchIntoOriginal: the lists named by $setElementOrder directives, merged and ordered.
Result<void> MergeOrderedLists(Json& original, Json& patch, const ValueSchema& schema) {
  std::vector<std::string> directives;
  for (auto entry = patch.begin(); entry != patch.end(); ++entry) {
    if (entry.key().starts_with(kSetElementOrderPrefix)) directives.push_back(entry.key());
  }
  for (const std::string& directive : directives) {
    Json order = std::move(patch[directive]);
    patch.erase(directive);
    if (!order.is_array()) return Fail(BadArgType("[]interface {}", order));
    Result<std::string> field = ExtractKey(directive, kSetElementOrderPrefix);
    if (!field) return Fail(field.error());
    auto in_original = original.find(*field);
    auto in_patch = patch.find(*field);
    const bool found_original = in_original != original.end();
    const bool found_patch = in_patch != patch.end();
    if (found_original && !in_original->is_array()) {
      return Fail(BadArgType("[]interface {}", *in_original));
    }
    if (found_patch && !in_patch->is_array()) return Fail(BadArgType("[]interface {}", *in_patch));
    const Json original_list = found_original ? *in_original : Json::array();
    const Json patch_list = found_patch ? *in_patch : Json::array();
    Result<PatchMeta> meta = LookupForSlice(schema, *field);
    if (!meta) return Fail(meta.error());
    if (Result<void> valid = ValidateSetOrder(patch_list, order, meta->merge_key); !valid) {
      return Fail(valid.error());
    }
    if (!found_original && !found_patch) continue;
    Json merged;
    if (found_original && !found_patch) {
      merged = original_list;
    } else if (!found_original) {
      merged = patch_list;
      RemoveDirectives(merged);
    } else {
      Result<Json> result = MergeSliceField(original_list, patch_list, *meta, false);
      if (!result) return Fail(result.error());
      merged = std::move(*result);
    }
    Result<GoKind> kind = SliceElementKind({&original_list, &patch_list});
    if (!kind) return Fail(kind.error());
    Result<Json> ordered = EnforceOrder(merged, order, original_list, meta->merge_key, *kind);
    if (!ordered) return Fail(ordered.error());
    original[*field] = std::move(*ordered);
    patch.erase(*field);
  }
  return {};
}

// mergeMap.
Result<Json> MergeMap(Json original, Json patch, const ValueSchema& schema) {
  if (auto directive = patch.find(kDirectiveMarker); directive != patch.end()) {
    if (IsText(*directive, kReplace)) {
      patch.erase(directive);
      return patch;
    }
    if (IsText(*directive, kDelete)) return Json::object();
    return Fail(BadPatchType(*directive, patch));
  }
  if (!original.is_object()) original = Json::object();
  if (Result<void> retained = ApplyRetainKeys(original, patch); !retained) {
    return Fail(retained.error());
  }
  if (Result<void> ordered = MergeOrderedLists(original, patch, schema); !ordered) {
    return Fail(ordered.error());
  }
  for (auto entry = patch.begin(); entry != patch.end(); ++entry) {
    std::string key = entry.key();
    Json& patch_value = entry.value();
    const bool delete_list = key.starts_with(kDeleteFromPrimitiveListPrefix);
    if (delete_list) {
      Result<std::string> field = ExtractKey(key, kDeleteFromPrimitiveListPrefix);
      if (!field) return Fail(field.error());
      key = std::move(*field);
    }
    if (patch_value.is_null()) {
      original.erase(key);
      continue;  // IgnoreUnmatchedNulls
    }
    auto current = original.find(key);
    if (current == original.end() || KindOf(*current) != KindOf(patch_value)) {
      if (!delete_list) {
        DiscardNulls(patch_value);
        if (RemoveDirectives(patch_value)) {
          original[key] = std::move(patch_value);
        } else {
          original.erase(key);
        }
      }
      continue;
    }
    if (current->is_object()) {
      Result<PatchMeta> meta = LookupForStruct(schema, key);
      if (!meta) return Fail(meta.error());
      if (meta->strategy == kReplace) {
        *current = std::move(patch_value);
        continue;
      }
      Result<Json> merged = MergeMap(std::move(*current), std::move(patch_value), *meta->schema);
      if (!merged) return merged;
      original[key] = std::move(*merged);
    } else if (current->is_array()) {
      Result<PatchMeta> meta = LookupForSlice(schema, key);
      if (!meta) return Fail(meta.error());
      Result<Json> merged =
          MergeSliceField(std::move(*current), std::move(patch_value), *meta, delete_list);
      if (!merged) return merged;
      original[key] = std::move(*merged);
    } else {
      *current = std::move(patch_value);
    }
  }
  return original;
}

}  // namespace

Result<Json> StrategicMergePatch(Json original, Json patch, const api::TypeSchema& type) {
  ValueSchema root;
  root.type = SchemaType::kObject;
  root.ref = &type;
  return MergeMap(std::move(original), std::move(patch), root);
}

}  // namespace kubefake::fakeserver

// FieldsV1: metav1.FieldsV1, the trie of field paths a managedFields entry owns
// ({"f:spec":{"f:replicas":{}}}), held as an immutable JSON tree that copies share. Decoding
// from a shared tree (Decode of a std::shared_ptr<const nlohmann::json>, as RestResult::Into
// does) refers into that tree instead of copying the trie: a decoded object's managedFields
// then cost a reference count to copy and destroy, and keep the source tree alive as long as
// they live. Value type; copies share the immutable tree; thread-compatible.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

namespace kubefake::api {

class FieldsV1 {
 public:
  FieldsV1();  // null
  explicit FieldsV1(nlohmann::json trie);
  // `trie`, a value inside the tree `owner` holds; keeps all of `owner` alive.
  FieldsV1(std::shared_ptr<const nlohmann::json> owner, const nlohmann::json& trie);

  const nlohmann::json& json() const { return *trie_; }

  // Equal tries, as Go compares the JSON they hold.
  bool operator==(const FieldsV1& other) const { return *trie_ == *other.trie_; }

 private:
  std::shared_ptr<const nlohmann::json> trie_;
};

void to_json(nlohmann::json& j, const FieldsV1& v);
// Refers into the tree of the innermost SharedDecodeSource alive on this thread, if any; copies
// `j` otherwise.
void from_json(const nlohmann::json& j, FieldsV1& v);

// While alive, decoding on this thread takes FieldsV1 values from `source` by reference
// instead of copying them; everything decoded in that time must lie inside `*source`, which
// the scope does not copy (it must outlive the scope). Scopes nest; thread-hostile (one
// thread's decoding state).
class SharedDecodeSource {
 public:
  explicit SharedDecodeSource(const std::shared_ptr<const nlohmann::json>& source);
  ~SharedDecodeSource();
  SharedDecodeSource(const SharedDecodeSource&) = delete;
  SharedDecodeSource& operator=(const SharedDecodeSource&) = delete;

 private:
  const std::shared_ptr<const nlohmann::json>* previous_;
};

}  // namespace kubefake::api

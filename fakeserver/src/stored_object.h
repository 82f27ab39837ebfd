// StoredObject: how InMemoryStorage keeps one version of an object. Its bytes (an EncodedItem
// plus the apiVersion and kind the item leaves out) are what it holds for the object's life;
// the tree is parsed from them when a reader asks and nobody holds one, and is shared (held
// weakly here) while anyone does. A tree takes about three times the memory of its JSON, and
// walking trees scattered over the heap is what made a first LIST slow; bytes fix both.
// Thread-safe.
//
// Fidelity: a tree parsed back equals the stored one (nlohmann's ==), but for what JSON cannot
// carry: a non-negative integer comes back unsigned, and invalid UTF-8 comes back replaced by
// U+FFFD as it is written on the wire. An object whose apiVersion or kind is not a string keeps
// its tree for its life.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "encoded_item.h"
#include "kubefake/fakeserver/storage.h"
#include "recent_trees.h"

namespace kubefake::fakeserver {

class StoredObject {
 public:
  // Encodes `tree` (a JSON object), which is then shared as the object's tree while its owners
  // hold it.
  explicit StoredObject(ObjectPtr tree);
  // The same with `tree` already encoded as `item` (EncodeItem's bytes, or a finished draft).
  StoredObject(ObjectPtr tree, EncodedItem item);
  StoredObject(const StoredObject&) = delete;
  StoredObject& operator=(const StoredObject&) = delete;

  // The object's tree: one still held elsewhere, or parsed from the bytes now and then held
  // by `parsed_trees` too.
  ObjectPtr Tree(RecentTrees& parsed_trees) const;
  // The object as a list item; shares ownership of this StoredObject.
  static EncodedItemPtr Encoded(const std::shared_ptr<const StoredObject>& stored) {
    return {stored, &stored->item_};
  }

 private:
  EncodedItem item_;
  std::optional<std::string> api_version_;
  std::optional<std::string> kind_;
  // Set when the tree cannot be rebuilt from the bytes (see the Fidelity note).
  ObjectPtr pinned_;
  mutable std::mutex mu_;
  mutable std::weak_ptr<const api::Object> tree_;  // guarded by mu_
};

}  // namespace kubefake::fakeserver

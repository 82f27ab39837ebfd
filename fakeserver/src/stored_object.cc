// StoredObject: encoding once, parsing back on demand.
#include "stored_object.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

namespace kubefake::fakeserver {
namespace {

// Copies the string member `name` of `object` into `out` (nullopt when absent); false when the
// member is not a string.
bool CopyStringMember(const nlohmann::json& object, const char* name,
                      std::optional<std::string>& out) {
  auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

StoredObject::StoredObject(ObjectPtr tree) : StoredObject(tree, EncodeItem(tree->json())) {}

StoredObject::StoredObject(ObjectPtr tree, EncodedItem item) : item_(std::move(item)), tree_(tree) {
  if (!CopyStringMember(tree->json(), "apiVersion", api_version_) ||
      !CopyStringMember(tree->json(), "kind", kind_)) {
    pinned_ = std::move(tree);
  }
}

ObjectPtr StoredObject::Tree(RecentTrees& parsed_trees) const {
  if (pinned_) return pinned_;
  std::unique_lock lock(mu_);
  if (ObjectPtr tree = tree_.lock()) return tree;
  nlohmann::json json = nlohmann::json::parse(item_.json, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    std::fprintf(stderr, "kubefake: stored bytes do not parse: %s\n", item_.json.c_str());
    std::abort();
  }
  if (api_version_) json["apiVersion"] = *api_version_;
  if (kind_) json["kind"] = *kind_;
  auto tree = std::make_shared<const api::Object>(std::move(json));
  tree_ = tree;
  lock.unlock();
  parsed_trees.Hold(tree);
  return tree;
}

}  // namespace kubefake::fakeserver

#include "storage_key.h"

namespace kubefake::fakeserver {

std::string CollectionPrefix(const api::GroupResource& resource, std::string_view ns) {
  std::string key = "/registry/";
  key += resource.group.empty() ? "core" : resource.group;
  key += '/';
  key += resource.resource;
  key += '/';
  if (!ns.empty()) {
    key += ns;
    key += '/';
  }
  return key;
}

std::string ObjectKey(const api::GroupResource& resource, std::string_view ns,
                      std::string_view name) {
  std::string key = CollectionPrefix(resource, ns);
  key += name;
  return key;
}

}  // namespace kubefake::fakeserver

#include "kubefake/api/group_version.h"

namespace kubefake::api {
namespace {

std::string JoinGroup(std::string_view first, std::string_view group) {
  std::string out(first);
  if (!group.empty()) {
    out += '.';
    out += group;
  }
  return out;
}

}  // namespace

std::optional<GroupVersion> GroupVersion::Parse(std::string_view api_version) {
  if (api_version.empty()) return GroupVersion{};
  const size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return GroupVersion{"", std::string(api_version)};
  if (api_version.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  return GroupVersion{std::string(api_version.substr(0, slash)),
                      std::string(api_version.substr(slash + 1))};
}

std::string GroupVersion::String() const {
  if (group.empty()) return version;
  return group + "/" + version;
}

std::string GroupKind::String() const { return JoinGroup(kind, group); }

GroupResource GroupResource::Parse(std::string_view s) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return GroupResource{"", std::string(s)};
  return GroupResource{std::string(s.substr(dot + 1)), std::string(s.substr(0, dot))};
}

std::string GroupResource::String() const { return JoinGroup(resource, group); }

std::optional<GroupVersionKind> GroupVersionKind::FromApiVersionAndKind(
    std::string_view api_version, std::string_view kind) {
  std::optional<GroupVersion> gv = GroupVersion::Parse(api_version);
  if (!gv) return std::nullopt;
  return GroupVersionKind{std::move(gv->group), std::move(gv->version), std::string(kind)};
}

std::string GroupVersionKind::String() const {
  return group + "/" + version + ", Kind=" + kind;
}

std::string GroupVersionResource::String() const {
  return group + "/" + version + ", Resource=" + resource;
}

}  // namespace kubefake::api

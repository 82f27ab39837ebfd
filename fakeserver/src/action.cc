// Action's printed form and ActionPattern's parsing and matching.
#include "kubefake/fakeserver/action.h"

#include <algorithm>
#include <array>

namespace kubefake::fakeserver {
namespace {

constexpr std::array<std::string_view, 8> kResourceVerbs = {
    "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};

}  // namespace

std::string Action::String() const {
  std::string out = verb + " ";
  if (resource.empty()) {
    out += path;
  } else {
    out += resource;
    if (!group.empty()) out += "." + group;
    if (!subresource.empty()) out += "/" + subresource;
    if (!namespace_.empty() || !name.empty()) out += " ";
    if (!namespace_.empty()) out += namespace_ + (name.empty() ? "" : "/");
    out += name;
  }
  if (!user.empty()) out += " by " + user;
  out += " -> " + std::to_string(code);
  if (error) out += " " + std::string(error->reason_string());
  return out;
}

std::optional<std::string_view> Action::Query(std::string_view parameter) const {
  auto it = query.find(std::string(parameter));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<ActionPattern> ActionPattern::For(std::string_view verb, std::string_view resource) {
  if (verb != "*" && std::ranges::find(kResourceVerbs, verb) == kResourceVerbs.end()) {
    return Fail(api::NewBadRequest(
        "unknown verb \"" + std::string(verb) +
        "\": use get, list, watch, create, update, patch, delete, deletecollection or *"));
  }
  ActionPattern pattern;
  if (verb != "*") pattern.verb = verb;
  if (resource == "*") return pattern;
  const size_t slash = resource.find('/');
  std::string_view resource_and_group = resource.substr(0, slash);
  pattern.subresource =
      slash == std::string_view::npos ? std::string() : std::string(resource.substr(slash + 1));
  const size_t dot = resource_and_group.find('.');
  pattern.resource = resource_and_group.substr(0, dot);
  if (dot != std::string_view::npos) pattern.group = resource_and_group.substr(dot + 1);
  if (pattern.resource.empty() ||
      (slash != std::string_view::npos && pattern.subresource->empty())) {
    return Fail(api::NewBadRequest("invalid resource \"" + std::string(resource) +
                                   "\": want <plural>[.<group>][/<subresource>] or *"));
  }
  return pattern;
}

bool ActionPattern::Matches(const Action& action) const {
  auto matches = [](const std::string& want, const std::string& have) {
    return want.empty() || want == have;
  };
  return matches(verb, action.verb) && matches(resource, action.resource) &&
         (!group || *group == action.group) &&
         (!subresource || *subresource == action.subresource) &&
         matches(namespace_, action.namespace_) && matches(name, action.name) &&
         matches(user, action.user);
}

}  // namespace kubefake::fakeserver

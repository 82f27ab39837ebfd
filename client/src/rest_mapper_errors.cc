// The RESTMapper's errors: Go's %v of schema names and slices, %q of version lists.
#include "rest_mapper_errors.h"

#include <set>

#include "kubefake/api/go_quote.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::client {
namespace {

api::Error Typed(const char* type, std::string message) {
  api::StatusDetails details;
  details.causes.push_back({type, message, ""});
  return api::Error(0, api::Reason::kUnknown, std::move(message), std::move(details));
}

// Go's %v of a slice of Stringers: `[a b]`.
template <typename T>
std::string GoList(const std::vector<T>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? " " : "") + items[i].String();
  return out + "]";
}

// The message the two Ambiguous errors share.
std::string MatchesMultiple(const std::string& partial,
                            const std::vector<api::GroupVersionResource>& resources,
                            const std::vector<api::GroupVersionKind>& kinds) {
  if (!kinds.empty() && !resources.empty()) {
    return partial + " matches multiple resources " + GoList(resources) + " and kinds " +
           GoList(kinds);
  }
  if (!kinds.empty()) return partial + " matches multiple kinds " + GoList(kinds);
  if (!resources.empty()) return partial + " matches multiple resources " + GoList(resources);
  return partial + " matches multiple resources or kinds";
}

bool HasCause(const api::Error& error, std::string_view type) {
  return error.code() == 0 && error.details() && error.details()->causes.size() == 1 &&
         error.details()->causes[0].type == type;
}

}  // namespace

api::Error NoResourceMatchError(const api::GroupVersionResource& partial) {
  return Typed(kNoResourceMatch, "no matches for " + partial.String());
}

api::Error NoKindMatchError(const api::GroupKind& kind, const std::vector<std::string>& versions) {
  const std::set<std::string> searched(versions.begin(), versions.end());
  std::string message = "no matches for kind " + api::GoQuote(kind.kind);
  if (searched.empty()) {
    message += " in group " + api::GoQuote(kind.group);
  } else if (searched.size() == 1) {
    message +=
        " in version " + api::GoQuote(api::GroupVersion{kind.group, *searched.begin()}.String());
  } else {
    message += " in versions [";
    for (auto it = searched.begin(); it != searched.end(); ++it) {
      message += (it == searched.begin() ? "" : " ") + api::GoQuote(*it);
    }
    message += "]";
  }
  return Typed(kNoKindMatch, std::move(message));
}

api::Error AmbiguousResourceError(const api::GroupVersionResource& partial,
                                  const std::vector<api::GroupVersionResource>& resources,
                                  const std::vector<api::GroupVersionKind>& kinds) {
  return Typed(kAmbiguousResource, MatchesMultiple(partial.String(), resources, kinds));
}

api::Error AmbiguousKindError(const api::GroupVersionKind& partial,
                              const std::vector<api::GroupVersionResource>& resources,
                              const std::vector<api::GroupVersionKind>& kinds) {
  return Typed(kAmbiguousKind, MatchesMultiple(partial.String(), resources, kinds));
}

api::Error MapperError(std::string message) {
  return api::Error(0, api::Reason::kUnknown, std::move(message));
}

bool IsNoMatchError(const api::Error& error) {
  return HasCause(error, kNoResourceMatch) || HasCause(error, kNoKindMatch);
}

bool IsAmbiguousError(const api::Error& error) {
  return HasCause(error, kAmbiguousResource) || HasCause(error, kAmbiguousKind);
}

}  // namespace kubefake::client

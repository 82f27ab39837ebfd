// Selector checks: label selector operators, field selectors and their errors on list.
#include <algorithm>

#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

// The sorted names of the check's configmaps that `selector` (a labelSelector or
// fieldSelector, by `param`) lists, ignoring those the cluster adds (kube-root-ca.crt).
Step<std::vector<std::string>> ListNames(CheckContext& context, const std::string& param,
                                         const std::string& selector) {
  Step<nlohmann::json> list = Expect(
      context.Rest().Get().AbsPath(context.CorePath("configmaps")).Param(param, selector).Do(), 200,
      "list with " + param + " " + selector);
  if (!list) return std::unexpected(list.error());
  std::vector<std::string> names;
  for (const nlohmann::json& item : (*list)["items"]) {
    const std::string name = Meta(item, "name");
    if (name != "kube-root-ca.crt") names.push_back(name);
  }
  std::ranges::sort(names);
  return names;
}

std::string Join(const std::vector<std::string>& names) {
  std::string text = "[";
  for (const std::string& name : names) text += (text.size() > 1 ? " " : "") + name;
  return text + "]";
}

Verdict LabelSelectorOperators(CheckContext& context) {
  for (const auto& [name, tier] : {std::pair{"web", "web"}, {"db", "db"}, {"plain", ""}}) {
    const nlohmann::json labels = *tier ? nlohmann::json{{"tier", tier}} : nlohmann::json::object();
    Step<nlohmann::json> created =
        CreateIn(context, "configmaps", ConfigMap(name, nlohmann::json::object(), labels));
    if (!created) return created.error();
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"tier=web", {"web"}},          {"tier in (web,db)", {"db", "web"}},
      {"tier!=web", {"db", "plain"}}, {"!tier", {"plain"}},
      {"tier", {"db", "web"}},        {"tier notin (web)", {"db", "plain"}},
  };
  for (const auto& [selector, expected] : cases) {
    Step<std::vector<std::string>> names = ListNames(context, "labelSelector", selector);
    if (!names) return names.error();
    if (*names != expected) return Failed(selector + " -> " + Join(expected), Join(*names));
  }
  return Passed();
}

Verdict FieldSelectorOnTheName(CheckContext& context) {
  for (const char* name : {"one", "two"}) {
    Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap(name));
    if (!created) return created.error();
  }
  for (const auto& [selector, expected] :
       {std::pair<std::string, std::vector<std::string>>{"metadata.name=one", {"one"}},
        {"metadata.name!=one", {"two"}},
        {"metadata.name=three", {}}}) {
    Step<std::vector<std::string>> names = ListNames(context, "fieldSelector", selector);
    if (!names) return names.error();
    if (*names != expected) return Failed(selector + " -> " + Join(expected), Join(*names));
  }
  return Passed();
}

Verdict UnsupportedFieldSelectorIsABadRequest(CheckContext& context) {
  client::RestResult configmaps = context.Rest()
                                      .Get()
                                      .AbsPath(context.CorePath("configmaps"))
                                      .Param("fieldSelector", "spec.foo=x")
                                      .Do();
  if (auto failed = ExpectError(configmaps, 400, "BadRequest",
                                "\"spec.foo\" is not a known field selector: only "
                                "\"metadata.name\", \"metadata.namespace\"")) {
    return *failed;
  }
  client::RestResult pods = context.Rest()
                                .Get()
                                .AbsPath(context.CorePath("pods"))
                                .Param("fieldSelector", "spec.foo=x")
                                .Do();
  return ExpectError(pods, 400, "BadRequest", "field label not supported: spec.foo")
      .value_or(Passed());
}

Verdict MalformedLabelSelectorIsABadRequest(CheckContext& context) {
  return ExpectError(context.Rest()
                         .Get()
                         .AbsPath(context.CorePath("configmaps"))
                         .Param("labelSelector", "tier in web")
                         .Do(),
                     400, "BadRequest")
      .value_or(Passed());
}

}  // namespace

std::vector<ServerCheck> SelectorChecks() {
  return {
      {"selectors", "label selectors: =, !=, in, notin, exists and !exists", "R6.9",
       LabelSelectorOperators},
      {"selectors", "field selector on metadata.name with = and !=", "R6.8, R6.11",
       FieldSelectorOnTheName},
      {"selectors", "an unsupported field selector is 400 with the type's message", "R6.12",
       UnsupportedFieldSelectorIsABadRequest},
      {"selectors", "a malformed label selector is 400 BadRequest", "R6.10",
       MalformedLabelSelectorIsABadRequest},
  };
}

}  // namespace kubefake::testkit::conformance

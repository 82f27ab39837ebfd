// CustomResourceDefinition checks: a CRD becomes Established and discovery serves it; custom
// resources are validated against its schema (422 with causes).
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kGroup = "conformance.kubefake.io";

// A namespaced CRD whose names are unique to the check (they end in its namespace's suffix).
struct WidgetCrd {
  std::string plural;
  std::string kind;
  std::string name;  // <plural>.<group>
};

WidgetCrd WidgetNames(const CheckContext& context) {
  std::string suffix = context.Namespace().substr(context.Namespace().rfind('-') + 1);
  WidgetCrd crd;
  crd.plural = "widgets" + suffix;
  crd.kind = "Widget" + suffix;
  crd.name = crd.plural + "." + std::string(kGroup);
  return crd;
}

nlohmann::json WidgetCrdObject(const WidgetCrd& crd) {
  const nlohmann::json schema = {
      {"type", "object"},
      {"properties",
       {{"spec",
         {{"type", "object"},
          {"properties", {{"size", {{"type", "integer"}, {"minimum", 1}}}}}}}}}};
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", crd.name}}},
          {"spec",
           {{"group", kGroup},
            {"scope", "Namespaced"},
            {"names", {{"plural", crd.plural}, {"kind", crd.kind}}},
            {"versions",
             {{{"name", "v1"},
               {"served", true},
               {"storage", true},
               {"schema", {{"openAPIV3Schema", schema}}}}}}}}};
}

bool ConditionTrue(const nlohmann::json& object, std::string_view type) {
  for (const nlohmann::json& condition : object.value("status", nlohmann::json::object())
                                             .value("conditions", nlohmann::json::array())) {
    if (condition.value("type", "") == type) return condition.value("status", "") == "True";
  }
  return false;
}

// Creates the check's CRD (deleted after the check) and waits until it is Established.
Step<WidgetCrd> EstablishedWidgetCrd(CheckContext& context) {
  const WidgetCrd crd = WidgetNames(context);
  const std::string path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd.name;
  Step<nlohmann::json> created =
      Expect(context.Rest()
                 .Post()
                 .AbsPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
                 .Body(WidgetCrdObject(crd))
                 .Do(),
             201, "POST CustomResourceDefinition");
  if (!created) return std::unexpected(created.error());
  context.DeferCleanup([&context, path] { context.Rest().Delete().AbsPath(path).Do(); });
  nlohmann::json last;
  const bool established = context.Eventually([&] {
    Result<nlohmann::json> got = context.Rest().Get().AbsPath(path).Do().Json();
    if (got) last = *got;
    return got && ConditionTrue(*got, "Established") && ConditionTrue(*got, "NamesAccepted");
  });
  if (!established) {
    return std::unexpected(Failed("conditions NamesAccepted and Established True",
                                  last.value("status", nlohmann::json()).dump()));
  }
  return crd;
}

Verdict CrdIsEstablishedAndDiscovered(CheckContext& context) {
  Step<WidgetCrd> crd = EstablishedWidgetCrd(context);
  if (!crd) return crd.error();
  nlohmann::json last;
  const bool listed = context.Eventually([&] {
    Result<nlohmann::json> list =
        context.Rest().Get().AbsPath("/apis/" + std::string(kGroup) + "/v1").Do().Json();
    if (!list) return false;
    last = *list;
    for (const nlohmann::json& resource : (*list)["resources"]) {
      if (resource.value("name", "") == crd->plural && resource.value("kind", "") == crd->kind &&
          resource.value("namespaced", false)) {
        return true;
      }
    }
    return false;
  });
  if (!listed) {
    return Failed("/apis/" + std::string(kGroup) + "/v1 lists " + crd->plural + " (kind " +
                      crd->kind + ", namespaced)",
                  last.dump());
  }
  const std::string objects =
      "/apis/" + std::string(kGroup) + "/v1/namespaces/" + context.Namespace() + "/" + crd->plural;
  const nlohmann::json widget = {{"apiVersion", std::string(kGroup) + "/v1"},
                                 {"kind", crd->kind},
                                 {"metadata", {{"name", "w1"}}},
                                 {"spec", {{"size", 3}}}};
  std::optional<client::RestResult> created;
  // A real server may refuse creates for a moment after establishment (R10.2).
  context.Eventually([&] {
    created = context.Rest().Post().AbsPath(objects).Body(widget).Do();
    return created->status_code() == 201;
  });
  if (!created) return Failed("an answer to the POST of a custom resource", "none");
  Step<nlohmann::json> object = Expect(*created, 201, "POST of a custom resource");
  if (!object) return object.error();
  if (Meta(*object, "generation") != "1" || Meta(*object, "uid").empty()) {
    return Failed("a custom resource with generation 1 and a uid", (*object)["metadata"].dump());
  }
  return Passed();
}

Verdict InvalidCustomResourceIsUnprocessable(CheckContext& context) {
  Step<WidgetCrd> crd = EstablishedWidgetCrd(context);
  if (!crd) return crd.error();
  const std::string objects =
      "/apis/" + std::string(kGroup) + "/v1/namespaces/" + context.Namespace() + "/" + crd->plural;
  const nlohmann::json widget = {{"apiVersion", std::string(kGroup) + "/v1"},
                                 {"kind", crd->kind},
                                 {"metadata", {{"name", "bad"}}},
                                 {"spec", {{"size", "big"}}}};
  std::optional<client::RestResult> answer;
  context.Eventually([&] {
    answer = context.Rest().Post().AbsPath(objects).Body(widget).Do();
    return answer->status_code() != 404;
  });
  if (!answer) return Failed("an answer to the POST of a custom resource", "none");
  const client::RestResult& result = *answer;
  const std::string message = crd->kind + "." + std::string(kGroup) +
                              " \"bad\" is invalid: spec.size: Invalid value: \"string\": "
                              "spec.size in body must be of type integer: \"string\"";
  if (auto failed = ExpectError(result, 422, "Invalid", message)) return *failed;
  const auto& details = result.error()->details();
  const std::vector<api::StatusCause> causes = {
      {"FieldValueTypeInvalid",
       "Invalid value: \"string\": spec.size in body must be of type integer: \"string\"",
       "spec.size"}};
  if (!details || details->kind != crd->kind || details->group != kGroup ||
      details->name != "bad" || details->causes != causes) {
    return Failed("details {name: bad, group, kind: " + crd->kind +
                      ", causes: [FieldValueTypeInvalid at spec.size]}",
                  context.LastResponse().body);
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> CrdChecks() {
  return {
      {"crd", "a CRD becomes Established, discovery lists it and its resources are served",
       "R10.1, R10.2, R9.1", CrdIsEstablishedAndDiscovered},
      {"crd", "a custom resource violating the schema is 422 Invalid with causes", "R10.8, R5.6",
       InvalidCustomResourceIsUnprocessable},
  };
}

}  // namespace kubefake::testkit::conformance

// Error Status checks: the exact shape of the Status body for NotFound, Invalid and a route the
// server does not serve.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

// The last answer's body as JSON, or null.
nlohmann::json LastBody(const CheckContext& context) {
  return nlohmann::json::parse(context.LastResponse().body, nullptr, false);
}

Verdict NotFoundStatusShape(CheckContext& context) {
  client::RestResult result =
      context.Rest().Get().AbsPath(context.CorePath("configmaps", "missing")).Do();
  const nlohmann::json expected = {{"kind", "Status"},
                                   {"apiVersion", "v1"},
                                   {"metadata", nlohmann::json::object()},
                                   {"status", "Failure"},
                                   {"message", "configmaps \"missing\" not found"},
                                   {"reason", "NotFound"},
                                   {"details", {{"name", "missing"}, {"kind", "configmaps"}}},
                                   {"code", 404}};
  const nlohmann::json body = LastBody(context);
  if (result.status_code() != 404 || body != expected) {
    return Failed("404 " + expected.dump(),
                  std::to_string(result.status_code()) + " " + body.dump());
  }
  return Passed();
}

Verdict InvalidStatusShape(CheckContext& context) {
  client::RestResult result = context.Rest()
                                  .Post()
                                  .AbsPath(context.CorePath("configmaps"))
                                  .Body(ConfigMap("Bad_Name"))
                                  .Do();
  const nlohmann::json body = LastBody(context);
  const bool shaped =
      result.status_code() == 422 && body.value("kind", "") == "Status" &&
      body.value("apiVersion", "") == "v1" && body.value("status", "") == "Failure" &&
      body.value("reason", "") == "Invalid" && body.value("code", 0) == 422 &&
      body.value("message", "")
          .starts_with(
              "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": ") &&
      body["details"].value("name", "") == "Bad_Name" &&
      body["details"].value("kind", "") == "ConfigMap" && body["details"]["causes"].size() == 1 &&
      body["details"]["causes"][0].value("reason", "") == "FieldValueInvalid" &&
      body["details"]["causes"][0].value("field", "") == "metadata.name";
  if (!shaped) {
    return Failed(
        "422 Status reason Invalid, message ConfigMap \"Bad_Name\" is invalid: "
        "metadata.name: ..., details {name: Bad_Name, kind: ConfigMap, causes: "
        "[{reason: FieldValueInvalid, field: metadata.name}]}",
        std::to_string(result.status_code()) + " " + body.dump());
  }
  return Passed();
}

Verdict UnknownResourceIsARouteNotFound(CheckContext& context) {
  client::RestResult result =
      context.Rest().Get().AbsPath(context.CorePath("nosuchresources")).Do();
  const nlohmann::json expected = {{"kind", "Status"},
                                   {"apiVersion", "v1"},
                                   {"metadata", nlohmann::json::object()},
                                   {"status", "Failure"},
                                   {"message", "the server could not find the requested resource"},
                                   {"reason", "NotFound"},
                                   {"details", nlohmann::json::object()},
                                   {"code", 404}};
  const nlohmann::json body = LastBody(context);
  if (result.status_code() != 404 || body != expected) {
    return Failed("404 " + expected.dump(),
                  std::to_string(result.status_code()) + " " + body.dump());
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> ErrorChecks() {
  return {
      {"errors", "404 NotFound Status: kind, apiVersion, reason, message, details, code",
       "R5.1, R5.3", NotFoundStatusShape},
      {"errors", "422 Invalid Status: details.kind is the Kind, one cause per field error",
       "R5.1, R5.6", InvalidStatusShape},
      {"errors", "an unknown resource is the route-level 404 with empty details", "R1.8, R5.3",
       UnknownResourceIsARouteNotFound},
  };
}

}  // namespace kubefake::testkit::conformance

// Error Status checks: the exact shape of the Status body for NotFound, Invalid and a route the
// server does not serve.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

// The last answer's body as JSON, or null.
nlohmann::json LastBody(const CheckContext& context) {
  return nlohmann::json::parse(context.LastResponse().body, nullptr, false);
}

// PASS when the last answer is a 404 whose body is exactly the NotFound Status with `message`
// and `details`.
Verdict ExpectNotFoundStatus(const CheckContext& context, const client::RestResult& result,
                             std::string_view message, const nlohmann::json& details) {
  const nlohmann::json expected = {
      {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
      {"status", "Failure"}, {"message", message}, {"reason", "NotFound"},
      {"details", details},  {"code", 404}};
  const nlohmann::json body = LastBody(context);
  if (result.status_code() != 404 || body != expected) {
    return Failed("404 " + expected.dump(),
                  std::to_string(result.status_code()) + " " + body.dump());
  }
  return Passed();
}

Verdict NotFoundStatusShape(CheckContext& context) {
  client::RestResult result =
      context.Rest().Get().AbsPath(context.CorePath("configmaps", "missing")).Do();
  return ExpectNotFoundStatus(context, result, "configmaps \"missing\" not found",
                              {{"name", "missing"}, {"kind", "configmaps"}});
}

Verdict InvalidStatusShape(CheckContext& context) {
  client::RestResult result = context.Rest()
                                  .Post()
                                  .AbsPath(context.CorePath("configmaps"))
                                  .Body(ConfigMap("Bad_Name"))
                                  .Do();
  nlohmann::json body = LastBody(context);  // not const: a missing key reads as null
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
  return ExpectNotFoundStatus(context, result, "the server could not find the requested resource",
                              nlohmann::json::object());
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

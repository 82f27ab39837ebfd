// Field validation checks: fieldValidation=Strict rejects unknown fields, Warn (the default)
// accepts them with a Warning header and drops them.
#include <algorithm>

#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

nlohmann::json WithUnknownField(std::string_view name) {
  nlohmann::json object = ConfigMap(name, {{"a", "1"}});
  object["foo"] = "bar";
  return object;
}

Verdict StrictCreateRejectsUnknownFields(CheckContext& context) {
  return ExpectError(
             context.Rest()
                 .Post()
                 .AbsPath(context.CorePath("configmaps"))
                 .Param("fieldValidation", "Strict")
                 .Body(WithUnknownField("strict"))
                 .Do(),
             400, "BadRequest",
             "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
             "error: unknown field \"foo\"")
      .value_or(Passed());
}

Verdict WarnAcceptsWithAWarningHeader(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", WithUnknownField("warned"));
  if (!created) return created.error();
  const std::vector<std::string> warnings = context.Warnings();
  if (std::ranges::find(warnings, "unknown field \"foo\"") == warnings.end()) {
    std::string got;
    for (const std::string& warning : warnings) got += "[" + warning + "]";
    return Failed("a Warning header: 299 - \"unknown field \\\"foo\\\"\"",
                  got.empty() ? "no warning" : got);
  }
  if (created->contains("foo")) return Failed("the unknown field dropped", created->dump());
  return Passed();
}

Verdict StrictPatchIsInvalid(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("patched"));
  if (!created) return created.error();
  client::RestResult result = context.Rest()
                                  .Patch(client::PatchType::kMerge)
                                  .AbsPath(context.CorePath("configmaps", "patched"))
                                  .Param("fieldValidation", "Strict")
                                  .Body(std::string(R"({"foo":"bar"})"))
                                  .Do();
  const api::Error* error = result.error();
  if (!error || error->code() != 422 || error->reason_string() != "Invalid" ||
      error->message().find("strict decoding error: unknown field \"foo\"") == std::string::npos) {
    return Failed("422 Invalid: ... strict decoding error: unknown field \"foo\"",
                  Describe(result));
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> FieldValidationChecks() {
  return {
      {"validation", "fieldValidation=Strict: an unknown field in a create is 400", "R3.10",
       StrictCreateRejectsUnknownFields},
      {"validation", "fieldValidation Warn (default): a Warning header and the field dropped",
       "R3.10, R11.6", WarnAcceptsWithAWarningHeader},
      {"validation", "fieldValidation=Strict: an unknown field in a merge patch is 422", "R3.10",
       StrictPatchIsInvalid},
  };
}

}  // namespace kubefake::testkit::conformance

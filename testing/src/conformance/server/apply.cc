// Server-side apply checks: field ownership in managedFields, conflicts between managers and
// their causes, and force.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

client::RestResult Apply(CheckContext& context, const std::string& manager,
                         const std::string& value, bool force) {
  const nlohmann::json configuration = {{"apiVersion", "v1"},
                                        {"kind", "ConfigMap"},
                                        {"metadata", {{"name", "owned"}}},
                                        {"data", {{"a", value}}}};
  client::RestRequest request = context.Rest()
                                    .Patch(client::PatchType::kApply)
                                    .AbsPath(context.CorePath("configmaps", "owned"))
                                    .Param("fieldManager", manager)
                                    .Body(configuration.dump());
  if (force) request.Param("force", "true");
  return request.Do();
}

// The managedFields entry of `manager`, or null.
nlohmann::json ManagedFieldsOf(const nlohmann::json& object, const std::string& manager) {
  for (const nlohmann::json& entry : object.value("metadata", nlohmann::json::object())
                                         .value("managedFields", nlohmann::json::array())) {
    if (entry.value("manager", "") == manager) return entry;
  }
  return nullptr;
}

bool OwnsDataA(const nlohmann::json& entry) {
  return entry.is_object() && entry.contains("fieldsV1") && entry["fieldsV1"].contains("f:data") &&
         entry["fieldsV1"]["f:data"].contains("f:a");
}

Verdict ApplyRecordsOwnershipInManagedFields(CheckContext& context) {
  Step<nlohmann::json> applied = Expect(Apply(context, "alice", "1", false), 201, "apply by alice");
  if (!applied) return applied.error();
  const nlohmann::json entry = ManagedFieldsOf(*applied, "alice");
  if (!entry.is_object() || entry.value("operation", "") != "Apply" ||
      entry.value("apiVersion", "") != "v1" || entry.value("fieldsType", "") != "FieldsV1" ||
      !OwnsDataA(entry)) {
    return Failed(
        "a managedFields entry {manager: alice, operation: Apply, apiVersion: v1, "
        "fieldsType: FieldsV1} owning f:data.f:a",
        (*applied)["metadata"].value("managedFields", nlohmann::json()).dump());
  }
  return Passed();
}

Verdict ConflictingApplyIsAConflictWithCauses(CheckContext& context) {
  Step<nlohmann::json> applied = Expect(Apply(context, "alice", "1", false), 201, "apply by alice");
  if (!applied) return applied.error();
  client::RestResult result = Apply(context, "bob", "2", false);
  if (auto failed = ExpectError(result, 409, "Conflict",
                                "Apply failed with 1 conflict: conflict with \"alice\": .data.a")) {
    return *failed;
  }
  const auto& details = result.error()->details();
  const std::vector<api::StatusCause> expected = {
      {"FieldManagerConflict", "conflict with \"alice\"", ".data.a"}};
  if (!details || details->causes != expected || !details->name.empty()) {
    return Failed(
        R"(details with only causes [{reason: FieldManagerConflict, message: conflict with "alice", field: .data.a}])",
        context.LastResponse().body);
  }
  return Passed();
}

Verdict ForceTakesOwnership(CheckContext& context) {
  Step<nlohmann::json> applied = Expect(Apply(context, "alice", "1", false), 201, "apply by alice");
  if (!applied) return applied.error();
  Step<nlohmann::json> forced =
      Expect(Apply(context, "bob", "2", true), 200, "forced apply by bob");
  if (!forced) return forced.error();
  if ((*forced)["data"].value("a", "") != "2") return Failed("data.a 2", (*forced)["data"].dump());
  if (!OwnsDataA(ManagedFieldsOf(*forced, "bob")) || OwnsDataA(ManagedFieldsOf(*forced, "alice"))) {
    return Failed("bob owns f:data.f:a and alice no longer does",
                  (*forced)["metadata"].value("managedFields", nlohmann::json()).dump());
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> ApplyChecks() {
  return {
      {"apply", "apply records the manager's fields in managedFields", "R8.7, R8.10",
       ApplyRecordsOwnershipInManagedFields},
      {"apply", "applying another manager's field is 409 with FieldManagerConflict causes",
       "R8.9, R5.4", ConflictingApplyIsAConflictWithCauses},
      {"apply", "force takes the field over from its manager", "R8.9", ForceTakesOwnership},
  };
}

}  // namespace kubefake::testkit::conformance

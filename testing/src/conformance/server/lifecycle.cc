// Lifecycle checks: the fields the server sets on create and update (uid, creationTimestamp,
// resourceVersion, generation), generateName, and writes that change nothing.
#include <regex>

#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

Verdict CreateSetsServerFields(CheckContext& context) {
  nlohmann::json object = ConfigMap("fields", {{"a", "1"}});
  object["metadata"]["creationTimestamp"] = "2000-01-01T00:00:00Z";
  object["metadata"]["uid"] = "11111111-2222-3333-4444-555555555555";
  Step<nlohmann::json> created = CreateIn(context, "configmaps", object);
  if (!created) return created.error();
  const std::string uid = Meta(*created, "uid");
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  if (!std::regex_match(uid, kUuid) || uid == "11111111-2222-3333-4444-555555555555") {
    return Failed("a server-assigned RFC 4122 uid", "uid " + uid);
  }
  const std::string created_at = Meta(*created, "creationTimestamp");
  static const std::regex kRfc3339Utc("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  if (!std::regex_match(created_at, kRfc3339Utc) || created_at == "2000-01-01T00:00:00Z") {
    return Failed("creationTimestamp set to now, RFC 3339 UTC to the second", created_at);
  }
  if (RvNumber(*created) == 0) {
    return Failed("a resourceVersion", "\"" + Meta(*created, "resourceVersion") + "\"");
  }
  nlohmann::json update = *created;
  update["data"]["a"] = "2";
  update["metadata"]["creationTimestamp"] = "2000-01-01T00:00:00Z";
  Step<nlohmann::json> updated = Expect(
      context.Rest().Put().AbsPath(context.CorePath("configmaps", "fields")).Body(update).Do(), 200,
      "PUT");
  if (!updated) return updated.error();
  if (Meta(*updated, "creationTimestamp") != created_at || Meta(*updated, "uid") != uid) {
    return Failed("uid and creationTimestamp kept on update",
                  Meta(*updated, "uid") + " " + Meta(*updated, "creationTimestamp"));
  }
  if (Meta(*updated, "resourceVersion") == Meta(*created, "resourceVersion")) {
    return Failed("a new resourceVersion after a change", Meta(*updated, "resourceVersion"));
  }
  return Passed();
}

Verdict GenerateNameAppendsFiveCharacters(CheckContext& context) {
  nlohmann::json object = ConfigMap("");
  object["metadata"].erase("name");
  object["metadata"]["generateName"] = "gen-";
  Step<nlohmann::json> created = CreateIn(context, "configmaps", object);
  if (!created) return created.error();
  static const std::regex kGenerated("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
  const std::string name = Meta(*created, "name");
  if (!std::regex_match(name, kGenerated)) {
    return Failed("gen- and 5 characters of bcdfghjklmnpqrstvwxz2456789", name);
  }
  if (Meta(*created, "generateName") != "gen-") {
    return Failed("generateName kept as gen-", Meta(*created, "generateName"));
  }
  return Passed();
}

Verdict GenerationBumpsOnlyOnSpec(CheckContext& context) {
  const std::string path = DeploymentsPath(context);
  Step<nlohmann::json> created = Expect(
      context.Rest().Post().AbsPath(path).Body(IdleDeployment("gen")).Do(), 201, "POST deployment");
  if (!created) return created.error();
  if (Meta(*created, "generation") != "1") {
    return Failed("generation 1 on create", Meta(*created, "generation"));
  }
  Step<nlohmann::json> labelled = ExpectMergePatch(
      context, path + "/gen", R"({"metadata":{"labels":{"touched":"yes"}}})", "label merge patch");
  if (!labelled) return labelled.error();
  if (Meta(*labelled, "generation") != "1") {
    return Failed("generation 1 after a label change", Meta(*labelled, "generation"));
  }
  Step<nlohmann::json> respecced = ExpectMergePatch(
      context, path + "/gen", R"({"spec":{"minReadySeconds":5}})", "spec merge patch");
  if (!respecced) return respecced.error();
  if (Meta(*respecced, "generation") != "2") {
    return Failed("generation 2 after a spec change", Meta(*respecced, "generation"));
  }
  return Passed();
}

Verdict NoOpWritesKeepTheResourceVersion(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("same", {{"a", "1"}}));
  if (!created) return created.error();
  const std::string rv = Meta(*created, "resourceVersion");
  Step<nlohmann::json> put = Expect(
      context.Rest().Put().AbsPath(context.CorePath("configmaps", "same")).Body(*created).Do(), 200,
      "PUT of the object as read");
  if (!put) return put.error();
  if (Meta(*put, "resourceVersion") != rv) {
    return Failed("resourceVersion " + rv + " kept by a no-op update",
                  Meta(*put, "resourceVersion"));
  }
  Step<nlohmann::json> patched =
      ExpectMergePatch(context, context.CorePath("configmaps", "same"), R"({"data":{"a":"1"}})",
                       "merge patch to the same value");
  if (!patched) return patched.error();
  if (Meta(*patched, "resourceVersion") != rv) {
    return Failed("resourceVersion " + rv + " kept by a no-op patch",
                  Meta(*patched, "resourceVersion"));
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> LifecycleChecks() {
  return {
      {"lifecycle", "create sets uid, creationTimestamp and resourceVersion; update keeps them",
       "R2.1, R2.2, R2.3", CreateSetsServerFields},
      {"lifecycle", "generateName appends 5 characters of the name alphabet", "R2.6",
       GenerateNameAppendsFiveCharacters},
      {"lifecycle", "generation is 1 on create and bumps on spec changes only", "R2.4",
       GenerationBumpsOnlyOnSpec},
      {"lifecycle", "no-op update and patch keep the resourceVersion", "R2.2",
       NoOpWritesKeepTheResourceVersion},
  };
}

}  // namespace kubefake::testkit::conformance

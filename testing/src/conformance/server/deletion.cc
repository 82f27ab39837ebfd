// Deletion checks: finalizers hold an object with its deletionTimestamp set, and the three
// propagation policies of the garbage collector.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kFinalizer = "kubefake.io/conformance";

Verdict FinalizersHoldTheObjectUntilRemoved(CheckContext& context) {
  nlohmann::json object = ConfigMap("held");
  object["metadata"]["finalizers"] = {kFinalizer};
  const std::string path = context.CorePath("configmaps", "held");
  context.DeferCleanup([&context, path] { DropFinalizers(context, path); });
  Step<nlohmann::json> created = CreateIn(context, "configmaps", object);
  if (!created) return created.error();
  Step<nlohmann::json> deleting = Expect(context.Rest().Delete().AbsPath(path).Do(), 200,
                                         "DELETE of an object with a finalizer");
  if (!deleting) return deleting.error();
  Step<nlohmann::json> stored =
      Expect(context.Rest().Get().AbsPath(path).Do(), 200, "GET after DELETE");
  if (!stored) return stored.error();
  if (Meta(*stored, "deletionTimestamp").empty()) {
    return Failed("the object kept with deletionTimestamp set", (*stored)["metadata"].dump());
  }
  Step<nlohmann::json> released = ExpectMergePatch(
      context, path, R"({"metadata":{"finalizers":null}})", "removing the last finalizer");
  if (!released) return released.error();
  if (!context.Eventually([&] { return Gone(context, path); })) {
    return Failed("the object gone once its finalizers are", "it is still there");
  }
  return Passed();
}

// Creates configmap `owner` and configmap `dependent` owned by it.
Step<nlohmann::json> OwnerAndDependent(CheckContext& context) {
  Step<nlohmann::json> owner = CreateIn(context, "configmaps", ConfigMap("owner"));
  if (!owner) return owner;
  nlohmann::json dependent = ConfigMap("dependent");
  dependent["metadata"]["ownerReferences"] = {{{"apiVersion", "v1"},
                                               {"kind", "ConfigMap"},
                                               {"name", "owner"},
                                               {"uid", Meta(*owner, "uid")},
                                               {"blockOwnerDeletion", true}}};
  return CreateIn(context, "configmaps", dependent);
}

Step<nlohmann::json> DeleteOwner(CheckContext& context, std::string_view policy) {
  client::DeleteOptions options;
  options.propagation_policy = std::string(policy);
  return Expect(context.Rest()
                    .Delete()
                    .AbsPath(context.CorePath("configmaps", "owner"))
                    .Body(client::ToJson(options))
                    .Do(),
                200, "DELETE owner with propagationPolicy " + std::string(policy));
}

Verdict BackgroundDeletesDependents(CheckContext& context) {
  if (Step<nlohmann::json> made = OwnerAndDependent(context); !made) return made.error();
  if (Step<nlohmann::json> deleted = DeleteOwner(context, "Background"); !deleted)
    return deleted.error();
  if (!context.Eventually(
          [&] { return Gone(context, context.CorePath("configmaps", "dependent")); })) {
    return Failed("the dependent deleted by the garbage collector", "it is still there");
  }
  return Passed();
}

Verdict OrphanKeepsDependents(CheckContext& context) {
  if (Step<nlohmann::json> made = OwnerAndDependent(context); !made) return made.error();
  if (Step<nlohmann::json> deleted = DeleteOwner(context, "Orphan"); !deleted)
    return deleted.error();
  const std::string owner = context.CorePath("configmaps", "owner");
  const std::string dependent = context.CorePath("configmaps", "dependent");
  nlohmann::json last;
  const bool orphaned = context.Eventually([&] {
    Result<nlohmann::json> got = context.Rest().Get().AbsPath(dependent).Do().Json();
    if (!got) return false;
    last = *got;
    return Gone(context, owner) && !last["metadata"].contains("ownerReferences");
  });
  if (!orphaned) {
    return Failed("the owner gone and the dependent kept without ownerReferences",
                  last.is_null() ? "the dependent is gone" : last["metadata"].dump());
  }
  return Passed();
}

Verdict ForegroundDeletesDependentsFirst(CheckContext& context) {
  if (Step<nlohmann::json> made = OwnerAndDependent(context); !made) return made.error();
  Step<nlohmann::json> deleted = DeleteOwner(context, "Foreground");
  if (!deleted) return deleted.error();
  const nlohmann::json finalizers =
      (*deleted)["metadata"].value("finalizers", nlohmann::json::array());
  if (Meta(*deleted, "deletionTimestamp").empty() ||
      std::find(finalizers.begin(), finalizers.end(), "foregroundDeletion") == finalizers.end()) {
    return Failed("the owner answered with deletionTimestamp and the foregroundDeletion finalizer",
                  (*deleted)["metadata"].dump());
  }
  const bool both_gone = context.Eventually([&] {
    return Gone(context, context.CorePath("configmaps", "dependent")) &&
           Gone(context, context.CorePath("configmaps", "owner"));
  });
  if (!both_gone) return Failed("the dependent, then the owner, deleted", "one is still there");
  return Passed();
}

}  // namespace

std::vector<ServerCheck> DeletionChecks() {
  return {
      {"deletion", "a finalizer keeps the object, deletionTimestamp set, until it is removed",
       "R4.3, R4.6", FinalizersHoldTheObjectUntilRemoved},
      {"deletion", "propagationPolicy Background: the garbage collector deletes dependents", "R4.5",
       BackgroundDeletesDependents},
      {"deletion", "propagationPolicy Orphan: dependents stay, their ownerReferences removed",
       "R4.5", OrphanKeepsDependents},
      {"deletion",
       "propagationPolicy Foreground: owner held by foregroundDeletion until dependents go", "R4.5",
       ForegroundDeletesDependentsFirst},
  };
}

}  // namespace kubefake::testkit::conformance

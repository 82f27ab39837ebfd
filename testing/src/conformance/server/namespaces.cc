// Namespace checks: deleting a namespace marks it Terminating, refuses new content, deletes
// what it holds, and removes the namespace once its content is gone.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

Verdict NamespaceTermination(CheckContext& context) {
  const std::string ns = context.Namespace();
  const std::string ns_path = "/api/v1/namespaces/" + ns;
  const std::string held = context.CorePath("configmaps", "held");
  context.DeferCleanup([&context, held] { DropFinalizers(context, held); });
  nlohmann::json holder = ConfigMap("held");
  holder["metadata"]["finalizers"] = {"kubefake.io/conformance"};
  for (const nlohmann::json& object : {holder, ConfigMap("plain")}) {
    Step<nlohmann::json> created = CreateIn(context, "configmaps", object);
    if (!created) return created.error();
  }
  Step<nlohmann::json> deleting =
      Expect(context.Rest().Delete().AbsPath(ns_path).Do(), 200, "DELETE namespace");
  if (!deleting) return deleting.error();
  if ((*deleting)["status"].value("phase", "") != "Terminating" ||
      Meta(*deleting, "deletionTimestamp").empty()) {
    return Failed("the Namespace with status.phase Terminating and deletionTimestamp",
                  deleting->dump());
  }
  // A cluster's admission sees the phase through an informer: allow it a moment.
  std::optional<client::RestResult> refused;
  context.Eventually([&] {
    refused =
        context.Rest().Post().AbsPath(context.CorePath("configmaps")).Body(ConfigMap("late")).Do();
    return refused->status_code() != 201;
  });
  if (!refused) return Failed("an answer to a create in the terminating namespace", "none");
  if (auto failed = ExpectError(*refused, 403, "Forbidden",
                                "configmaps \"late\" is forbidden: unable to create new content in "
                                "namespace " +
                                    ns + " because it is being terminated")) {
    return *failed;
  }
  bool content_deleted = context.Eventually([&] {
    Result<nlohmann::json> holder_now = context.Rest().Get().AbsPath(held).Do().Json();
    return Gone(context, context.CorePath("configmaps", "plain")) && holder_now &&
           !Meta(*holder_now, "deletionTimestamp").empty();
  });
  if (!content_deleted) {
    return Failed("the namespace's content deleted (held kept by its finalizer)",
                  "content remains");
  }
  Step<nlohmann::json> still =
      Expect(context.Rest().Get().AbsPath(ns_path).Do(), 200, "GET of the terminating namespace");
  if (!still) return still.error();
  if ((*still)["status"].value("phase", "") != "Terminating") {
    return Failed("the namespace Terminating while content remains", (*still)["status"].dump());
  }
  context.RunCleanups();
  if (!context.Eventually([&] { return Gone(context, ns_path); })) {
    return Failed("the namespace gone once its content is", "it is still there");
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> NamespaceChecks() {
  return {
      {"namespaces",
       "namespace deletion: Terminating, creates refused, content deleted, then the namespace",
       "R4.9", NamespaceTermination},
  };
}

}  // namespace kubefake::testkit::conformance

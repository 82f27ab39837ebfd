// ScenarioRecorder: watches a server (a real cluster or kubefake) and turns what happens into a
// replayable scenario (fixtures/README.md's format): the state found at the start becomes
// `objects:`, every change after it a step. `kubefake record` is this on the command line.
// Thread-safe.
//
// Usage:
//   auto recorder = testkit::ScenarioRecorder::Start(config, {.namespace_ = "demo"});
//   ... changes happen ...
//   recorder.value()->Stop();
//   testkit::WriteScenario("demo.yaml", recorder.value()->Scenario());
//
// Fidelity:
//   Emulated:  one informer (list, then watch; relist on 410 or a watch error) per resource.
//              The first LIST of each resource is the initial state; objects a fresh kubefake
//              server already holds (default, kube-system...) are left out. Watch events become
//              steps: ADDED -> create (status stripped when the resource has a status
//              subresource, then an updateStatus step when the status is not empty);
//              MODIFIED -> update when anything but the status changed, updateStatus when the
//              status changed on such a resource; deletionTimestamp first set, or DELETED ->
//              one delete (propagationPolicy Foreground or Orphan when the object carries that
//              GC finalizer). After a relist, the difference from the cache is recorded the same
//              way. Objects lose their server-set fields (replayable_object.h). With the
//              default resources and no namespace, a CustomResourceDefinition that becomes
//              Established has its resource (storage version) recorded from then on, its
//              objects found then as creates; with --namespace CRDs are not watched, so only
//              custom resources served at the start are recorded, and the CRD of each recorded
//              custom resource (as found at the start, without status) is among the objects,
//              so that a replay serves it.
//   Differs:   steps are sorted by resourceVersion when every one is an integer (kube-apiserver
//              and kubefake count one revision for all resources), else kept in arrival order:
//              events of different resources arrive on different watches. Changes that follow
//              from a recorded delete are left out, since the replayed delete causes them again:
//              the deletion of an object whose namespace or owner was deleted before, and, on an
//              object being deleted, every change but a change of its finalizers (other than
//              the GC's orphan and foregroundDeletion). Owner references to objects the
//              scenario does not create (and a fresh server lacks) are dropped.
//   Rejected:  resources that cannot be both listed and watched.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"

namespace kubefake::testkit {

struct ScenarioRecorderOptions {
  std::string name = "recorded";  // the scenario's metadata.name
  std::string description{};      // "" for one naming the server and the resources
  // Only this namespace ("" for all): namespaced resources are watched in it, the Namespace
  // itself by name, and other cluster-scoped resources only when named in `resources`.
  std::string namespace_{};
  // As kubectl names them (`pods`, `deployments.apps`, `widgets.example.com`). Empty: every
  // resource that supports list and watch except events, events.events.k8s.io and
  // leases.coordination.k8s.io (heartbeats and reports, not state).
  std::vector<std::string> resources{};
  // How long Start waits for the first LIST of every resource.
  std::chrono::seconds sync_timeout{30};
  // Ends the scenario with an `expect` step (named "the recorded final state") whose partial
  // objects are the recorded objects as last seen, still existing and not being deleted:
  // apiVersion, kind, metadata name, namespace and labels, and spec and data, so that a replay
  // checks its steps left what the recorded server held. Objects a fresh kubefake server holds
  // are left out.
  bool expect_final = false;
  // Called with each step's name as it is recorded ("update configmaps demo/settings"), on a
  // watch's thread, one call at a time per resource; must be thread-safe. nullptr: not called.
  std::function<void(const std::string& step_name)> on_step{};
};

class ScenarioRecorder {
 public:
  // Discovers the resources, starts watching them and returns once each has been listed.
  // Client-side rate limiting is off unless config.qps is set: the recorder makes two requests
  // per resource at the start, then only waits on its watches.
  // Errors: the client's (config, discovery); NotFound `the server doesn't have a resource type
  // "<name>"`; BadRequest for a resource that cannot be listed and watched; Timeout when a
  // resource's first LIST does not succeed within options.sync_timeout.
  static Result<std::unique_ptr<ScenarioRecorder>> Start(const client::Config& config,
                                                         ScenarioRecorderOptions options);
  // Stops recording.
  ~ScenarioRecorder();
  ScenarioRecorder(const ScenarioRecorder&) = delete;
  ScenarioRecorder& operator=(const ScenarioRecorder&) = delete;

  // The resources watched so far, as kubectl names them, in discovery order.
  std::vector<std::string> Resources() const;
  // The scenario recorded so far (apiVersion kubefake.dev/v1alpha1, kind Scenario).
  nlohmann::json Scenario() const;
  // How many steps were recorded (Scenario() may leave some out: deletes that follow from an
  // earlier delete of their namespace or owner).
  size_t StepCount() const;
  // Blocks until at least `count` steps are recorded or `deadline` passes; returns whether they
  // were.
  bool WaitForSteps(size_t count, std::chrono::steady_clock::time_point deadline) const;
  // Stops every watch; what was recorded stays readable. Idempotent.
  void Stop();

 private:
  class Impl;
  explicit ScenarioRecorder(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Writes `scenario` as YAML (api::JsonToYaml: keys sorted, stable) to `path` atomically: a
// temporary file beside it, renamed over it. Errors: InternalError naming the path.
Result<void> WriteScenario(const std::filesystem::path& path, const nlohmann::json& scenario);

}  // namespace kubefake::testkit

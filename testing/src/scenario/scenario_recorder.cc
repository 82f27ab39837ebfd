// ScenarioRecorder (scenario_recorder.h): one informer per recorded resource feeding the initial
// objects and the steps, ordered and pruned into a scenario when asked.
#include "kubefake/testing/scenario/scenario_recorder.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <thread>

#include "kubefake/api/clock.h"
#include "kubefake/api/error.h"
#include "kubefake/api/yaml_codec.h"
#include "kubefake/client/cache/list_watch.h"
#include "kubefake/client/cache/shared_index_informer.h"
#include "kubefake/client/discovery_client.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/testing/fake_clientset.h"
#include "scenario/recorded_resource.h"
#include "scenario/replayable_object.h"

namespace kubefake::testkit {
namespace {

constexpr char kCrdGroup[] = "apiextensions.k8s.io";
constexpr char kCrdResource[] = "customresourcedefinitions";
// The finalizers the garbage collector adds and removes itself (R4.5).
constexpr const char* kGcFinalizers[] = {"orphan", "foregroundDeletion"};

const nlohmann::json& Metadata(const nlohmann::json& object) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto metadata = object.find("metadata");
  return metadata != object.end() && metadata->is_object() ? *metadata : kEmpty;
}

std::string NamespaceOf(const nlohmann::json& object) {
  return Metadata(object).value("namespace", "");
}

bool IsBeingDeleted(const nlohmann::json& object) {
  return Metadata(object).contains("deletionTimestamp");
}

std::vector<std::string> Finalizers(const nlohmann::json& object) {
  std::vector<std::string> finalizers;
  auto found = Metadata(object).find("finalizers");
  if (found == Metadata(object).end() || !found->is_array()) return finalizers;
  for (const nlohmann::json& finalizer : *found) {
    if (finalizer.is_string()) finalizers.push_back(finalizer.get<std::string>());
  }
  return finalizers;
}

bool HasFinalizer(const nlohmann::json& object, std::string_view finalizer) {
  const std::vector<std::string> finalizers = Finalizers(object);
  return std::ranges::find(finalizers, finalizer) != finalizers.end();
}

// The finalizers other than the garbage collector's.
std::vector<std::string> UserFinalizers(const nlohmann::json& object) {
  std::vector<std::string> finalizers = Finalizers(object);
  std::erase_if(finalizers, [](const std::string& finalizer) {
    return std::ranges::find(kGcFinalizers, finalizer) != std::end(kGcFinalizers);
  });
  return finalizers;
}

std::optional<uint64_t> RevisionOf(const nlohmann::json& object) {
  const std::string resource_version = Metadata(object).value("resourceVersion", "");
  uint64_t revision = 0;
  const char* end = resource_version.data() + resource_version.size();
  auto [ptr, error] = std::from_chars(resource_version.data(), end, revision);
  if (resource_version.empty() || error != std::errc() || ptr != end) return std::nullopt;
  return revision;
}

// "demo/web", or "web" for a cluster-scoped object.
std::string DisplayName(const nlohmann::json& object) {
  const std::string ns = NamespaceOf(object);
  const std::string name = Metadata(object).value("name", "");
  return ns.empty() ? name : ns + "/" + name;
}

bool IsCrd(const RecordedResource& resource) {
  return resource.gvr.group == kCrdGroup && resource.gvr.resource == kCrdResource;
}

struct RecordedStep {
  std::optional<uint64_t> revision;
  nlohmann::json step;
  std::string key;  // ObjectKey of the object
  // For a delete: the keys whose recorded deletion causes this one (its namespace, its owners).
  std::vector<std::string> deleted_with{};
};

struct InitialObject {
  int priority;  // namespaces, then CRDs, then the rest (LoadFixtures' order)
  std::string resource;
  nlohmann::json object;
};

// One watched resource. Members are destroyed in reverse: the runner stops and joins first.
struct Watched {
  std::shared_ptr<const RecordedResource> resource;
  std::unique_ptr<client::cache::SharedIndexInformer> informer;
  std::unique_ptr<client::cache::HandlerRegistration> registration;
  std::jthread runner;
};

// The keys of everything a fresh kubefake server holds for `resources`: what a replay finds
// there without being told.
std::set<std::string> FreshServerKeys(const std::vector<RecordedResource>& resources) {
  std::set<std::string> keys;
  Result<std::unique_ptr<FakeClientset>> fresh = FakeClientset::New();
  if (!fresh) return keys;
  for (const RecordedResource& resource : resources) {
    Result<nlohmann::json> list = (*fresh)->Dynamic().Resource(resource.gvr).List();
    if (!list) continue;  // a resource kubefake does not serve
    for (const nlohmann::json& item : list->value("items", nlohmann::json::array())) {
      nlohmann::json object = item;
      object["apiVersion"] = resource.ApiVersion();
      object["kind"] = resource.kind;
      keys.insert(ObjectKey(object));
    }
  }
  return keys;
}

// `config` without client-side rate limiting unless it sets its own: the recorder makes two
// requests per resource at the start (50 with kubefake), then only waits on its watches.
client::Config Unthrottled(client::Config config) {
  if (config.qps == 0) config.qps = -1;
  return config;
}

}  // namespace

class ScenarioRecorder::Impl {
 public:
  Impl(const client::Config& config, ScenarioRecorderOptions options)
      : config_(Unthrottled(client::JsonConfigFor(config))), options_(std::move(options)) {}

  Result<void> Start() {
    auto dynamic = client::DynamicClient::NewForConfig(config_);
    if (!dynamic) return Fail(dynamic.error());
    dynamic_ = std::move(*dynamic);
    auto discovery = client::DiscoveryClient::NewForConfig(config_);
    if (!discovery) return Fail(discovery.error());
    Result<std::vector<RecordedResource>> resources =
        options_.resources.empty()
            ? DefaultRecordedResources(**discovery, !options_.namespace_.empty())
            : NamedRecordedResources(**discovery, options_.resources);
    if (!resources) return Fail(resources.error());
    fresh_server_keys_ = FreshServerKeys(*resources);
    AddDefiningCrds(*resources);

    std::vector<std::unique_ptr<Watched>> made;
    for (const RecordedResource& resource : *resources) {
      Result<std::unique_ptr<Watched>> watched = MakeWatched(resource, true);
      if (!watched) return Fail(watched.error());
      made.push_back(std::move(*watched));
    }
    // Every informer is in watched_ before any runs, so a CRD's handler sees them all.
    std::vector<Watched*> started;
    {
      std::lock_guard lock(watch_mutex_);
      for (std::unique_ptr<Watched>& watched : made) {
        started.push_back(watched.get());
        RunLocked(std::move(watched));
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.sync_timeout;
    for (Watched* watched : started) {
      if (!watched->registration->WaitForSync(watched->runner.get_stop_token(), deadline)) {
        return Fail(api::NewTimeoutError("the first list of " + watched->resource->Name() +
                                             " did not succeed within " +
                                             std::to_string(options_.sync_timeout.count()) + "s",
                                         0));
      }
    }
    return {};
  }

  void Stop() {
    std::vector<std::unique_ptr<Watched>> watched;
    {
      std::lock_guard lock(watch_mutex_);
      stopping_ = true;
      watched.swap(watched_);
    }
    // Every informer stops at once; then each is joined, outside the lock a CRD handler may
    // wait for.
    for (const std::unique_ptr<Watched>& each : watched) each->runner.request_stop();
    watched.clear();
  }

  std::vector<std::string> Resources() const {
    std::lock_guard lock(watch_mutex_);
    std::vector<std::string> names;
    for (const auto& watched : watched_) names.push_back(watched->resource->Name());
    return names;
  }

  size_t StepCount() const {
    std::lock_guard lock(mutex_);
    return steps_.size();
  }

  bool WaitForSteps(size_t count, std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    return steps_changed_.wait_until(lock, deadline, [&] { return steps_.size() >= count; });
  }

  nlohmann::json Scenario() const {
    std::lock_guard lock(mutex_);
    std::set<std::string> created = fresh_server_keys_;
    nlohmann::json objects = OrderedObjectsLocked(created);
    std::vector<RecordedStep> ordered = steps_;
    const bool all_revisions = std::ranges::all_of(
        ordered, [](const RecordedStep& step) { return step.revision.has_value(); });
    if (all_revisions) {
      std::ranges::stable_sort(ordered, {},
                               [](const RecordedStep& step) { return *step.revision; });
    }
    for (const RecordedStep& step : ordered) {
      if (step.step.contains("create")) created.insert(step.key);
    }
    nlohmann::json steps = nlohmann::json::array();
    std::set<std::string> deleted;
    for (const RecordedStep& step : ordered) {
      if (step.step.contains("create")) deleted.erase(step.key);
      if (step.step.contains("delete")) {
        const bool follows = std::ranges::any_of(
            step.deleted_with, [&](const std::string& key) { return deleted.contains(key); });
        deleted.insert(step.key);
        if (follows) continue;  // the replayed delete of its namespace or owner deletes it
      }
      nlohmann::json written = step.step;
      for (const char* action : {"create", "update", "updateStatus"}) {
        if (written.contains(action)) DropUnknownOwners(written[action], created);
      }
      steps.push_back(std::move(written));
    }
    if (options_.expect_final) AppendFinalStateLocked(steps);
    nlohmann::json scenario = {{"apiVersion", "kubefake.dev/v1alpha1"},
                               {"kind", "Scenario"},
                               {"metadata", {{"name", options_.name}}},
                               {"description", Description()},
                               {"steps", std::move(steps)}};
    if (!objects.empty()) scenario["objects"] = std::move(objects);
    return scenario;
  }

 private:
  // An informer for `resource`, not running yet. With `initial_list_is_state`, its first LIST
  // is the scenario's initial objects; otherwise (a resource found after the start) creates.
  Result<std::unique_ptr<Watched>> MakeWatched(const RecordedResource& resource,
                                               bool initial_list_is_state) {
    auto watched = std::make_unique<Watched>();
    watched->resource = std::make_shared<const RecordedResource>(resource);
    client::DynamicResource dynamic = dynamic_->Resource(resource.gvr);
    client::cache::TweakListOptions tweak;
    if (!options_.namespace_.empty()) {
      if (resource.namespaced) {
        dynamic = dynamic.Namespace(options_.namespace_);
      } else if (resource.gvr.group.empty() && resource.gvr.resource == "namespaces") {
        tweak = [name = options_.namespace_](client::ListOptions& list) {
          list.field_selector = "metadata.name=" + name;
        };
      }
    }
    watched->informer = std::make_unique<client::cache::SharedIndexInformer>(
        client::cache::NewDynamicListWatch(std::move(dynamic), std::move(tweak)), clock_);
    std::shared_ptr<const RecordedResource> info = watched->resource;
    auto registration = watched->informer->AddEventHandler({
        .on_add =
            [this, info, initial_list_is_state](const client::cache::ObjectPtr& object,
                                                bool is_in_initial_list) {
              OnAdd(*info, *object, is_in_initial_list && initial_list_is_state);
              Announce();
              if (IsCrd(*info)) WatchCustomResource(*object);
            },
        .on_update =
            [this, info](const client::cache::ObjectPtr& old_object,
                         const client::cache::ObjectPtr& new_object) {
              OnUpdate(*info, *old_object, *new_object);
              Announce();
              if (IsCrd(*info)) WatchCustomResource(*new_object);
            },
        .on_delete =
            [this, info](const client::cache::ObjectPtr& object, bool) {
              OnDelete(*info, *object);
              Announce();
            },
    });
    if (!registration) return Fail(registration.error());
    watched->registration = std::move(*registration);
    return watched;
  }

  // Adds to the initial objects the CustomResourceDefinition (as found now, without its status,
  // which the replaying server sets) of each recorded custom resource, so that a replay serves
  // it even when CRDs themselves are not recorded (--namespace, or --resources without them).
  // A resource without a CRD by its name (built in, aggregated) costs one NotFound GET.
  void AddDefiningCrds(const std::vector<RecordedResource>& resources) {
    client::DynamicResource crds = dynamic_->Resource({kCrdGroup, "v1", kCrdResource});
    std::lock_guard lock(mutex_);
    for (const RecordedResource& resource : resources) {
      if (resource.gvr.group.empty()) continue;
      Result<nlohmann::json> crd = crds.Get(resource.gvr.resource + "." + resource.gvr.group);
      if (!crd) continue;
      initial_[ObjectKey(*crd)] = {1, std::string(kCrdResource) + "." + kCrdGroup,
                                   WithoutStatus(ReplayableObject(*crd))};
    }
  }

  // Keeps `watched` in watched_ and starts its informer (with watch_mutex_ held, so Stop
  // cannot destroy it half started).
  void RunLocked(std::unique_ptr<Watched> watched) {
    client::cache::SharedIndexInformer* informer = watched->informer.get();
    watched->runner = std::jthread([informer](std::stop_token stop) { informer->Run(stop); });
    watched_.push_back(std::move(watched));
  }

  // Watches the resource of an established CRD that is not watched yet (when recording the
  // default resources). Until the CRD's endpoints are served its LIST fails and the informer
  // retries with backoff.
  void WatchCustomResource(const nlohmann::json& crd) {
    if (!options_.resources.empty()) return;
    const std::optional<RecordedResource> resource = CustomResourceOf(crd);
    if (!resource) return;
    Result<std::unique_ptr<Watched>> watched = MakeWatched(*resource, false);
    if (!watched) return;
    std::lock_guard lock(watch_mutex_);
    const bool known = std::ranges::any_of(watched_, [&](const auto& other) {
      return other->resource->gvr.GetGroupResource() == resource->gvr.GetGroupResource();
    });
    if (!known && !stopping_) RunLocked(std::move(*watched));
  }

  void OnAdd(const RecordedResource& resource, const nlohmann::json& object, bool is_state) {
    const std::string key = ObjectKey(object);
    std::lock_guard lock(mutex_);
    deleted_.erase(key);
    current_[key] = object;
    const nlohmann::json replayable = ReplayableObject(object);
    if (is_state) {
      if (fresh_server_keys_.contains(key)) return;
      const int priority = resource.gvr.resource == "namespaces" && resource.gvr.group.empty() ? 0
                           : IsCrd(resource)                                                   ? 1
                                                                                               : 2;
      initial_[key] = {priority, resource.Name(), replayable};
      return;
    }
    AddStepLocked("create", resource, object,
                  resource.has_status ? WithoutStatus(replayable) : replayable);
    if (resource.has_status && !replayable.value("status", nlohmann::json::object()).empty()) {
      AddStepLocked("updateStatus", resource, object, replayable);
    }
  }

  void OnUpdate(const RecordedResource& resource, const nlohmann::json& old_object,
                const nlohmann::json& new_object) {
    std::lock_guard lock(mutex_);
    current_[ObjectKey(new_object)] = new_object;
    if (IsBeingDeleted(new_object) && !IsBeingDeleted(old_object)) {
      DeletedLocked(resource, new_object);
    }
    const nlohmann::json before = ReplayableObject(old_object);
    const nlohmann::json after = ReplayableObject(new_object);
    const nlohmann::json spec_after = resource.has_status ? WithoutStatus(after) : after;
    if (deleted_.contains(ObjectKey(new_object))) {
      // The replayed delete causes the rest; only finalizers removed by someone else remain.
      if (UserFinalizers(old_object) != UserFinalizers(new_object)) {
        AddStepLocked("update", resource, new_object, spec_after);
      }
      return;
    }
    const nlohmann::json spec_before = resource.has_status ? WithoutStatus(before) : before;
    if (spec_before != spec_after) AddStepLocked("update", resource, new_object, spec_after);
    if (resource.has_status &&
        before.value("status", nlohmann::json()) != after.value("status", nlohmann::json())) {
      AddStepLocked("updateStatus", resource, new_object, after);
    }
  }

  void OnDelete(const RecordedResource& resource, const nlohmann::json& object) {
    std::lock_guard lock(mutex_);
    current_.erase(ObjectKey(object));
    if (!deleted_.contains(ObjectKey(object))) DeletedLocked(resource, object);
  }

  // Records the deletion of `object` once (until it is created again).
  void DeletedLocked(const RecordedResource& resource, const nlohmann::json& object) {
    const std::string ns = NamespaceOf(object);
    std::vector<std::string> deleted_with;
    if (!ns.empty()) deleted_with.push_back(NamespaceKey(ns));
    for (const nlohmann::json& owner :
         Metadata(object).value("ownerReferences", nlohmann::json::array())) {
      std::ranges::copy(OwnerKeys(owner, ns), std::back_inserter(deleted_with));
    }
    deleted_.insert(ObjectKey(object));
    nlohmann::json target = {{"apiVersion", object.value("apiVersion", "")},
                             {"kind", object.value("kind", "")},
                             {"name", Metadata(object).value("name", "")}};
    if (!ns.empty()) target["namespace"] = ns;
    if (HasFinalizer(object, "foregroundDeletion")) target["propagationPolicy"] = "Foreground";
    if (HasFinalizer(object, "orphan")) target["propagationPolicy"] = "Orphan";
    AddStepLocked("delete", resource, object, std::move(target), std::move(deleted_with));
  }

  void AddStepLocked(const std::string& action, const RecordedResource& resource,
                     const nlohmann::json& object, nlohmann::json body,
                     std::vector<std::string> deleted_with = {}) {
    std::string name = action + " " + resource.Name() + " " + DisplayName(object);
    if (options_.on_step) unannounced_.push_back(name);
    steps_.push_back({RevisionOf(object),
                      {{"name", std::move(name)}, {action, std::move(body)}},
                      ObjectKey(object),
                      std::move(deleted_with)});
    steps_changed_.notify_all();
  }

  // Hands the names of new steps to options_.on_step, outside the lock.
  void Announce() {
    std::vector<std::string> names;
    {
      std::lock_guard lock(mutex_);
      names.swap(unannounced_);
    }
    for (const std::string& name : names) options_.on_step(name);
  }

  // The initial objects in LoadFixtures' order, each after its owners; adds their keys to
  // `created`.
  nlohmann::json OrderedObjectsLocked(std::set<std::string>& created) const {
    std::vector<std::pair<std::string, const InitialObject*>> sorted;
    for (const auto& [key, initial] : initial_) sorted.emplace_back(key, &initial);
    std::ranges::sort(sorted, {}, [](const auto& entry) {
      const InitialObject& initial = *entry.second;
      return std::tuple(initial.priority, initial.resource, NamespaceOf(initial.object),
                        Metadata(initial.object).value("name", ""));
    });
    nlohmann::json objects = nlohmann::json::array();
    std::set<std::string> visiting;
    std::function<void(const std::string&)> visit = [&](const std::string& key) {
      const auto found = initial_.find(key);
      if (found == initial_.end() || created.contains(key) || !visiting.insert(key).second) return;
      const nlohmann::json& object = found->second.object;
      for (const nlohmann::json& owner :
           Metadata(object).value("ownerReferences", nlohmann::json::array())) {
        for (const std::string& owner_key : OwnerKeys(owner, NamespaceOf(object))) visit(owner_key);
      }
      nlohmann::json written = object;
      DropUnknownOwners(written, created);
      objects.push_back(std::move(written));
      created.insert(key);
    };
    for (const auto& entry : sorted) visit(entry.first);
    return objects;
  }

  // Appends the expect step of options_.expect_final, unless no recorded object remains.
  void AppendFinalStateLocked(nlohmann::json& steps) const {
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& [key, object] : current_) {
      if (fresh_server_keys_.contains(key) || IsBeingDeleted(object)) continue;
      objects.push_back(ExpectedFinalState(object));
    }
    if (objects.empty()) return;
    steps.push_back({{"name", "the recorded final state"}, {"expect", {{"objects", objects}}}});
  }

  // Removes the owner references of `object` to owners not in `known`.
  static void DropUnknownOwners(nlohmann::json& object, const std::set<std::string>& known) {
    auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->contains("ownerReferences")) return;
    nlohmann::json& owners = (*metadata)["ownerReferences"];
    if (!owners.is_array()) return;
    const std::string ns = NamespaceOf(object);
    nlohmann::json kept = nlohmann::json::array();
    for (const nlohmann::json& owner : owners) {
      const std::vector<std::string> keys = OwnerKeys(owner, ns);
      if (std::ranges::any_of(keys, [&](const std::string& key) { return known.contains(key); })) {
        kept.push_back(owner);
      }
    }
    if (kept.empty()) {
      metadata->erase("ownerReferences");
    } else {
      owners = std::move(kept);
    }
  }

  std::string Description() const {
    if (!options_.description.empty()) return options_.description;
    std::string scope =
        options_.namespace_.empty() ? "all namespaces" : "namespace " + options_.namespace_;
    return "Recorded by kubefake record from " + config_.host + " (" + scope + ").";
  }

  const client::Config config_;
  const ScenarioRecorderOptions options_;
  const std::shared_ptr<api::Clock> clock_ = std::make_shared<api::RealClock>();
  std::unique_ptr<client::DynamicClient> dynamic_;
  std::set<std::string> fresh_server_keys_;  // set by Start, then read-only

  mutable std::mutex watch_mutex_;
  bool stopping_ = false;                          // guarded by watch_mutex_
  std::vector<std::unique_ptr<Watched>> watched_;  // guarded by watch_mutex_

  mutable std::mutex mutex_;
  mutable std::condition_variable steps_changed_;
  std::map<std::string, InitialObject> initial_;  // by ObjectKey; guarded by mutex_
  std::vector<RecordedStep> steps_;               // in arrival order; guarded by mutex_
  std::vector<std::string> unannounced_;          // step names for on_step; guarded by mutex_
  // Every recorded object as last seen, by ObjectKey; guarded by mutex_.
  std::map<std::string, nlohmann::json> current_;
  // Objects whose deletion is recorded, until they are created again; guarded by mutex_.
  std::set<std::string> deleted_;
};

ScenarioRecorder::ScenarioRecorder(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScenarioRecorder::~ScenarioRecorder() { impl_->Stop(); }

Result<std::unique_ptr<ScenarioRecorder>> ScenarioRecorder::Start(const client::Config& config,
                                                                  ScenarioRecorderOptions options) {
  auto impl = std::make_shared<Impl>(config, std::move(options));
  if (Result<void> started = impl->Start(); !started) {
    impl->Stop();
    return Fail(started.error());
  }
  return std::unique_ptr<ScenarioRecorder>(new ScenarioRecorder(std::move(impl)));
}

std::vector<std::string> ScenarioRecorder::Resources() const { return impl_->Resources(); }
nlohmann::json ScenarioRecorder::Scenario() const { return impl_->Scenario(); }
size_t ScenarioRecorder::StepCount() const { return impl_->StepCount(); }
bool ScenarioRecorder::WaitForSteps(size_t count,
                                    std::chrono::steady_clock::time_point deadline) const {
  return impl_->WaitForSteps(count, deadline);
}
void ScenarioRecorder::Stop() { impl_->Stop(); }

Result<void> WriteScenario(const std::filesystem::path& path, const nlohmann::json& scenario) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << api::JsonToYaml(scenario);
    if (!out.flush()) {
      return Fail(api::NewInternalError("cannot write " + temporary.string()));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return Fail(api::NewInternalError("cannot write " + path.string() + ": " + error.message()));
  }
  return {};
}

}  // namespace kubefake::testkit

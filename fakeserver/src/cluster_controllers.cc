#include "cluster_controllers.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace kubefake::fakeserver {
namespace {

constexpr char kControllerManagerAgent[] =
    "kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/kubefake";
// Each round drains events and processes what they queued; a settle that needs more rounds
// than this is looping on its own writes, which is a bug.
constexpr int kMaxRounds = 100'000;

// The ClusterControllers settling on this thread, so that the requests its controllers send
// do not settle again.
thread_local const ClusterControllers* settling_here = nullptr;

class SettlingScope {
 public:
  explicit SettlingScope(const ClusterControllers* controllers) { settling_here = controllers; }
  ~SettlingScope() { settling_here = nullptr; }
  SettlingScope(const SettlingScope&) = delete;
  SettlingScope& operator=(const SettlingScope&) = delete;
};

}  // namespace

ClusterControllers::ClusterControllers(ServerState& server, ControllerClient::Handler handle,
                                       ClusterControllersOptions options)
    : server_(server),
      options_(options),
      liveness_(std::make_shared<Liveness>()),
      gc_client_(handle, kControllerManagerAgent,
                 "system:serviceaccount:kube-system:generic-garbage-collector"),
      namespace_client_(handle, kControllerManagerAgent,
                        "system:serviceaccount:kube-system:namespace-controller"),
      kubelet_client_(handle, "kubelet/v1.33.0 (linux/amd64) kubernetes/kubefake",
                      "system:node:kubefake"),
      apiextensions_client_(handle, "kube-apiserver/v1.33.0 (linux/amd64) kubernetes/kubefake",
                            "system:apiserver"),
      garbage_collector_(server, gc_client_),
      namespace_controller_(server, namespace_client_),
      crd_finalizer_(server, apiextensions_client_),
      pod_termination_(server, kubelet_client_, TimerWake()) {
  std::lock_guard lock(mutex_);
  ResyncLocked();
}

std::function<void()> ClusterControllers::TimerWake() {
  if (!options_.after_writes || !options_.kubelet) return nullptr;
  return [this, liveness = liveness_] {
    std::lock_guard lock(liveness->mutex);
    if (liveness->alive) Settle();
  };
}

ClusterControllers::~ClusterControllers() {
  std::lock_guard lock(liveness_->mutex);
  liveness_->alive = false;
}

void ClusterControllers::Settle() {
  if (settling_here == this) return;
  std::lock_guard lock(mutex_);
  SettlingScope scope(this);
  try {
    SettleLocked();
  } catch (const std::exception& e) {
    // A stored object of a shape the controllers did not expect: the work stops here and
    // resumes with the next change; the request that triggered it keeps its answer.
    std::fprintf(stderr, "kubefake: cluster controllers stopped settling: %s\n", e.what());
  }
}

void ClusterControllers::AfterRequest(std::string_view method) {
  if (!options_.after_writes || method == "GET" || method == "HEAD") return;
  Settle();
}

void ClusterControllers::SettleLocked() {
  garbage_collector_.Retry();
  for (int round = 0; round < kMaxRounds; ++round) {
    const bool events = DrainLocked();
    bool worked = options_.kubelet && pod_termination_.ProcessDue();
    worked = garbage_collector_.ProcessQueued() || worked;
    worked = namespace_controller_.ProcessQueued() || worked;
    worked = crd_finalizer_.ProcessQueued() || worked;
    if (!events && !worked) return;
  }
  std::fprintf(stderr, "kubefake: cluster controllers did not settle in %d rounds\n", kMaxRounds);
}

bool ClusterControllers::DrainLocked() {
  bool any = false;
  while (std::optional<StorageEvent> event = watch_->TryNext()) {
    Observe(*event);
    any = true;
  }
  if (!watch_->closed_reason().empty()) {
    ResyncLocked();
    any = true;
  }
  return any;
}

void ClusterControllers::ResyncLocked() {
  garbage_collector_.Reset();
  namespace_controller_.Reset();
  crd_finalizer_.Reset();
  pod_termination_.Reset();
  Result<ListResult> all = server_.storage.List("/registry/", {});
  if (!all) {
    std::fprintf(stderr, "kubefake: cluster controllers cannot list storage: %s\n",
                 all.error().message().c_str());
    std::abort();
  }
  for (const KeyValue& item : all->items) {
    Observe(
        StorageEvent{WatchEventType::kAdded, item.key, item.object, nullptr, item.mod_revision});
  }
  Result<std::unique_ptr<StorageWatch>> watch = server_.storage.Watch("/registry/", all->revision);
  if (!watch) {
    std::fprintf(stderr, "kubefake: cluster controllers cannot watch storage: %s\n",
                 watch.error().message().c_str());
    std::abort();
  }
  watch_ = std::move(*watch);
}

void ClusterControllers::Observe(const StorageEvent& event) {
  garbage_collector_.Observe(event);
  namespace_controller_.Observe(event);
  crd_finalizer_.Observe(event);
  if (options_.kubelet) pod_termination_.Observe(event);
}

}  // namespace kubefake::fakeserver

// EventRecorder: a ResourceEventHandler for tests that keeps what the handler was told (the
// objects it believes exist, every deletion, counts) and lets a test wait, with a deadline,
// until that view satisfies a condition.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kubefake/client/cache/resource_event_handler.h"

namespace kubefake::client::cache {

class EventRecorder {
 public:
  struct View {
    std::map<std::string, std::string> objects;  // key -> resourceVersion
    std::vector<std::string> deleted;            // keys, in order
    std::vector<std::string> deleted_final_state_unknown;
    int adds = 0;
    int initial_adds = 0;
    int updates = 0;
    int resyncs = 0;  // updates whose old and new resourceVersion are equal
  };

  ResourceEventHandler Handler() {
    return {
        .on_add =
            [this](const ObjectPtr& object, bool initial) {
              Record([&](View& view) {
                view.objects[Key(*object)] = Rv(*object);
                ++view.adds;
                if (initial) ++view.initial_adds;
              });
            },
        .on_update =
            [this](const ObjectPtr& old_object, const ObjectPtr& new_object) {
              Record([&](View& view) {
                view.objects[Key(*new_object)] = Rv(*new_object);
                ++view.updates;
                if (Rv(*old_object) == Rv(*new_object)) ++view.resyncs;
              });
            },
        .on_delete =
            [this](const ObjectPtr& object, bool final_state_unknown) {
              Record([&](View& view) {
                view.objects.erase(Key(*object));
                view.deleted.push_back(Key(*object));
                if (final_state_unknown) view.deleted_final_state_unknown.push_back(Key(*object));
              });
            },
    };
  }

  // Waits until `condition(view)` holds; false if 30 s of real time pass first.
  bool WaitFor(const std::function<bool(const View&)>& condition) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return condition(view_); });
  }

  View Snapshot() {
    std::lock_guard lock(mutex_);
    return view_;
  }

  static std::string Key(const nlohmann::json& object) {
    return MetaNamespaceKeyFunc(object).value_or("");
  }
  static std::string Rv(const nlohmann::json& object) {
    return object["metadata"].value("resourceVersion", "");
  }

 private:
  void Record(const std::function<void(View&)>& change) {
    std::lock_guard lock(mutex_);
    change(view_);
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  View view_;
};

}  // namespace kubefake::client::cache

// ActionRecorder: a mutex-guarded vector of Actions.
#include "kubefake/fakeserver/action_recorder.h"

#include <algorithm>
#include <iterator>

namespace kubefake::fakeserver {

void ActionRecorder::SetRecording(bool on) { recording_ = on; }

bool ActionRecorder::recording() const { return recording_; }

std::vector<Action> ActionRecorder::List(const ActionPattern& pattern) const {
  std::lock_guard lock(mutex_);
  std::vector<Action> out;
  std::ranges::copy_if(actions_, std::back_inserter(out),
                       [&pattern](const Action& action) { return pattern.Matches(action); });
  return out;
}

size_t ActionRecorder::Size() const {
  std::lock_guard lock(mutex_);
  return actions_.size();
}

bool ActionRecorder::WaitForSize(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return recorded_.wait_for(lock, timeout, [&] { return actions_.size() >= count; });
}

void ActionRecorder::Clear() {
  std::lock_guard lock(mutex_);
  actions_.clear();
}

void ActionRecorder::Record(Action action) {
  std::lock_guard lock(mutex_);
  if (!recording_) return;
  actions_.push_back(std::move(action));
  recorded_.notify_all();
}

}  // namespace kubefake::fakeserver

// LeaderElectionRecord: client-go's resourcelock.LeaderElectionRecord, the state of an
// election as a lock stores it (for a Lease: its spec). A value type; thread-compatible.
#pragma once

#include <chrono>
#include <string>

namespace kubefake::client::leaderelection {

struct LeaderElectionRecord {
  // Empty when nobody holds the lock (after a release).
  std::string holder_identity;
  int lease_duration_seconds = 0;
  std::chrono::system_clock::time_point acquire_time;
  std::chrono::system_clock::time_point renew_time;
  int leader_transitions = 0;

  bool operator==(const LeaderElectionRecord&) const = default;
};

}  // namespace kubefake::client::leaderelection

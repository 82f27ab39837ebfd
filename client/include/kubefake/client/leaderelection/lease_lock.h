// LeaseLock: client-go's resourcelock.LeaseLock, the election record kept in the spec of a
// coordination.k8s.io/v1 Lease and written with optimistic concurrency (each Update sends the
// resourceVersion of the lease last read or written, so a stale writer gets a Conflict).
// Thread-compatible: one LeaderElector calls it from one thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/leaderelection/leader_election_record.h"

namespace kubefake::client::leaderelection {

class LeaseLock {
 public:
  // The lease `ns`/`name`, contended for as `identity`.
  LeaseLock(const DynamicClient& client, std::string ns, std::string name, std::string identity);

  // Reads the lease and returns its record. Errors: the server's (NotFound when absent);
  // BadRequest when the lease's spec does not decode.
  Result<LeaderElectionRecord> Get();
  // Creates the lease holding `record`. Errors: the server's (AlreadyExists).
  Result<void> Create(const LeaderElectionRecord& record);
  // Replaces the spec of the lease last read or written with `record`.
  // Errors: BadRequest `lease not initialized, call get or create first` unless the last Get
  // or Create succeeded; the server's (Conflict when the lease changed since).
  Result<void> Update(const LeaderElectionRecord& record);

  // "namespace/name", for messages.
  std::string Describe() const;
  const std::string& Identity() const { return identity_; }

 private:
  DynamicResource leases_;
  std::string namespace_;
  std::string name_;
  std::string identity_;
  std::optional<nlohmann::json> lease_;  // as last read or written
};

}  // namespace kubefake::client::leaderelection

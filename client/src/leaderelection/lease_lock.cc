// LeaseLock: the record <-> LeaseSpec mapping of client-go's LeaseSpecToLeaderElectionRecord
// and LeaderElectionRecordToLeaseSpec, over the dynamic client.
#include "kubefake/client/leaderelection/lease_lock.h"

#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/api/time.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/api/types/coordination/v1.h"

namespace kubefake::client::leaderelection {
namespace {

using api::coordination::v1::LeaseSpec;

const api::GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};

std::chrono::system_clock::time_point TimeOf(const std::optional<api::MicroTime>& time) {
  if (!time) return {};
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(time->time_point());
}

Result<LeaderElectionRecord> RecordOf(const nlohmann::json& lease) {
  Result<LeaseSpec> spec = api::Decode<LeaseSpec>(lease.value("spec", nlohmann::json::object()));
  if (!spec) return Fail(spec.error());
  LeaderElectionRecord record;
  record.holder_identity = spec->holder_identity.value_or("");
  record.lease_duration_seconds = spec->lease_duration_seconds.value_or(0);
  record.leader_transitions = spec->lease_transitions.value_or(0);
  record.acquire_time = TimeOf(spec->acquire_time);
  record.renew_time = TimeOf(spec->renew_time);
  return record;
}

nlohmann::json SpecOf(const LeaderElectionRecord& record) {
  LeaseSpec spec;
  spec.holder_identity = record.holder_identity;
  spec.lease_duration_seconds = record.lease_duration_seconds;
  spec.lease_transitions = record.leader_transitions;
  spec.acquire_time = api::MicroTime::FromTimePoint(record.acquire_time);
  spec.renew_time = api::MicroTime::FromTimePoint(record.renew_time);
  return api::Encode(spec);
}

}  // namespace

LeaseLock::LeaseLock(const DynamicClient& client, std::string ns, std::string name,
                     std::string identity)
    : leases_(client.Resource(kLeases).Namespace(ns)),
      namespace_(std::move(ns)),
      name_(std::move(name)),
      identity_(std::move(identity)) {}

Result<LeaderElectionRecord> LeaseLock::Get() {
  lease_.reset();  // as in client-go, a failed read forgets the lease read before
  Result<nlohmann::json> lease = leases_.Get(name_);
  if (!lease) return Fail(lease.error());
  lease_ = std::move(*lease);
  return RecordOf(*lease_);
}

Result<void> LeaseLock::Create(const LeaderElectionRecord& record) {
  nlohmann::json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                          {"kind", "Lease"},
                          {"metadata", {{"name", name_}, {"namespace", namespace_}}},
                          {"spec", SpecOf(record)}};
  lease_.reset();
  Result<nlohmann::json> created = leases_.Create(lease);
  if (!created) return Fail(created.error());
  lease_ = std::move(*created);
  return {};
}

Result<void> LeaseLock::Update(const LeaderElectionRecord& record) {
  if (!lease_) return Fail(api::NewBadRequest("lease not initialized, call get or create first"));
  nlohmann::json lease = *lease_;
  lease["spec"] = SpecOf(record);
  Result<nlohmann::json> updated = leases_.Update(lease);
  if (!updated) return Fail(updated.error());
  lease_ = std::move(*updated);
  return {};
}

std::string LeaseLock::Describe() const { return namespace_ + "/" + name_; }

}  // namespace kubefake::client::leaderelection

// Graceful deletion as rest.BeforeDelete runs it for resources with a graceful delete strategy
// (in Kubernetes only pods, whose CheckGracefulDelete picks the grace period): R4.3 step 2 and
// R4.7. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  the grace period is gracePeriodSeconds, else spec.terminationGracePeriodSeconds,
//              else 30 (the v1 default the apiserver's defaulting would have stored); 0 for an
//              unscheduled pod (no spec.nodeName) or one that is Succeeded or Failed; negative
//              values become 1. deletionTimestamp = now + grace, deletionGracePeriodSeconds =
//              grace and generation + 1 when deletion starts; a pod already being deleted only
//              accepts a shorter grace period (its deletionTimestamp moves earlier), a longer or
//              equal one or none leaves the deletion pending unchanged.
#pragma once

#include <cstdint>
#include <optional>

#include "kubefake/api/object.h"
#include "kubefake/api/time.h"

namespace kubefake::fakeserver {

struct GracefulDeletion {
  // The object now carries the deletion marks of a graceful deletion (possibly with grace 0).
  bool graceful = false;
  // A graceful deletion is already running and this request does not change it.
  bool pending = false;
};

// Runs BeforeDelete on `object` (a copy of the stored pod), marking it for deletion when the
// request starts or shortens a graceful deletion. `grace_option` is DeleteOptions'
// gracePeriodSeconds.
GracefulDeletion BeforeGracefulDelete(api::Object& object, std::optional<int64_t> grace_option,
                                      api::Time now);

}  // namespace kubefake::fakeserver

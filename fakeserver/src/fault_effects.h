// Applying FaultInjector's effects to one routed resource request: delays on the clock,
// injected answers (Status, priority-and-fairness 429, expired watch) and watch streams cut
// short. The rules each effect follows are in faults.h's Fidelity notes. Thread-safe.
#pragma once

#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/faults.h"
#include "kubefake/fakeserver/request.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

using Handler = Result<Response> (*)(RequestScope&);

// Serves `scope` with `handler` after applying `effects` (FaultInjector::Take, in order):
// blocks for each delay until the server's clock has passed it, answers in place of the
// handler for Fail, Throttle and ExpireWatch, and wraps the handler's watch stream for
// CloseWatchAfter.
Result<Response> ServeWithFaults(const std::vector<FaultEffect>& effects, RequestScope& scope,
                                 Handler handler);

}  // namespace kubefake::fakeserver

// The client conformance situations: for each, what is installed on the server before the
// client starts, and how it is played and judged once the client runs. Stateless; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "action_judges.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/faults.h"
#include "situation_context.h"
#include "situation_server.h"

namespace kubefake::testkit::conformance {

struct ClientSituation {
  std::string id;    // "watch-resume"
  std::string name;  // what a correct client does, one line
  std::string rule;  // the api-semantics.md rule the server behaviour follows
  int seeded = 5;    // configmaps on the server before the client starts
  // Installs the faults that must be in place before the client's first request.
  std::function<Result<std::vector<fakeserver::FaultHandle>>(SituationServer&)> prepare;
  // Plays the situation with the client running and judges what it did.
  std::function<Verdict(SituationContext&)> play;
};

// In the order they run.
const std::vector<ClientSituation>& ClientSituations();

}  // namespace kubefake::testkit::conformance

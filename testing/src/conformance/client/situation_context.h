// SituationContext: what a client conformance situation plays with: the fresh server, the
// running client, what is known of the client's line protocol (client_checks.h), and waits
// bounded by the per-check timeout. Thread-hostile.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client_process.h"
#include "kubefake/api/result.h"
#include "kubefake/fakeserver/action.h"
#include "situation_server.h"

namespace kubefake::testkit::conformance {

// What the client has shown of the line protocol; learned in the first situation and kept.
struct ClientProtocol {
  enum class Speaks { kUnknown, kYes, kNo };
  Speaks speaks = Speaks::kUnknown;
  bool writer = false;  // printed WRITER
};

class SituationContext {
 public:
  // The references must outlive the context. `prepared`: the faults installed before the
  // client started.
  SituationContext(SituationServer& server, ClientProcess& client, ClientProtocol& protocol,
                   std::chrono::seconds timeout, std::vector<fakeserver::FaultHandle> prepared)
      : server_(server),
        client_(client),
        protocol_(protocol),
        timeout_(timeout),
        prepared_(std::move(prepared)) {}

  SituationServer& server() { return server_; }
  std::vector<fakeserver::FaultHandle>& prepared() { return prepared_; }
  const ClientProtocol& protocol() const { return protocol_; }

  // Waits for the client's first sync: its READY line; for a client that does not speak the
  // protocol, its first watch. Decides ClientProtocol::speaks when still unknown. False when
  // the timeout passed first.
  bool WaitReady();

  // Waits until `done` accepts the client's requests so far, or the timeout passes; returns
  // them as they are then.
  std::vector<fakeserver::Action> WaitForActions(
      const std::function<bool(const std::vector<fakeserver::Action>&)>& done);

  // DUMP: the client's cache, "<namespace>/<name>" -> resourceVersion.
  // Errors: InternalError for a malformed or missing answer.
  Result<std::map<std::string, std::string>> Dump();

  // Sends `command` and returns the first line starting with one of `answers`, or nullopt
  // when none came before the timeout.
  std::optional<std::string> Ask(const std::string& command,
                                 const std::vector<std::string>& answers);

  std::chrono::steady_clock::time_point Deadline() const {
    return std::chrono::steady_clock::now() + timeout_;
  }

 private:
  SituationServer& server_;
  ClientProcess& client_;
  ClientProtocol& protocol_;
  std::chrono::seconds timeout_;
  std::vector<fakeserver::FaultHandle> prepared_;
};

}  // namespace kubefake::testkit::conformance

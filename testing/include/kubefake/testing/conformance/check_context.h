// What a server conformance check sees while it runs: a client for the apiserver under test,
// the namespace made for the check, its deadline, the raw last answer (status, headers, body)
// and the Warning headers received, plus hooks for the clean-up the check needs beyond its
// namespace. The verdict a check returns (PASS, FAIL with expected and actual, SKIP with why).
// Thread-compatible: one check body uses it; Cancel may come from the runner's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/client/config.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/rest_client.h"
#include "kubefake/client/transport.h"
#include "kubefake/client/watch.h"
#include "kubefake/testing/conformance/report.h"

namespace kubefake::testkit::conformance {

class RecordingTransport;
struct WarningLog;

class CheckContext {
 public:
  // `config` reaches the apiserver; `ns` is the check's namespace (already created);
  // `compact`, when set, compacts the server's history so older resourceVersions answer 410.
  // Errors: the transport's (a host that does not parse, TLS files that do not load).
  static Result<std::unique_ptr<CheckContext>> New(const client::Config& config, std::string ns,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   std::function<void()> compact);
  ~CheckContext();

  // A client with no group-version prefix: name every path with AbsPath.
  const client::RESTClient& Rest() const { return *rest_; }
  const client::DynamicClient& Dynamic() const { return *dynamic_; }
  const client::Config& Config() const { return config_; }
  const std::string& Namespace() const { return namespace_; }
  // "/api/v1/namespaces/<ns>/<resource>[/<name>]".
  std::string CorePath(std::string_view resource, std::string_view name = "") const;

  // The status, headers and body of the last non-streamed answer the clients got.
  client::TransportResponse LastResponse() const;
  // The text of every Warning header received so far.
  std::vector<std::string> Warnings() const;

  // Opens a watch that Cancel stops. Errors: those of RestRequest::Watch.
  Result<std::shared_ptr<client::Watcher>> Watch(client::RestRequest request);

  // Polls `done` until it returns true or the deadline passes. Returns whether it did.
  bool Eventually(const std::function<bool()>& done) const;
  std::chrono::steady_clock::time_point Deadline() const { return deadline_; }

  // Whether the server's history can be compacted on demand (an embedded kubefake).
  bool CanCompact() const { return static_cast<bool>(compact_); }
  // Compacts the server's history up to now. Only when CanCompact().
  void Compact() const { compact_(); }

  // Runs `cleanup` after the check, whatever its outcome (cluster-scoped objects, CRDs).
  void DeferCleanup(std::function<void()> cleanup);
  // Runs the deferred clean-ups, newest first. Called by the runner.
  void RunCleanups();

  // Stops open watches and makes Eventually give up. Thread-safe.
  void Cancel();
  bool Cancelled() const { return cancelled_.load(); }

 private:
  CheckContext() = default;

  client::Config config_;
  std::string namespace_;
  std::chrono::steady_clock::time_point deadline_;
  std::function<void()> compact_;
  std::shared_ptr<RecordingTransport> transport_;
  std::shared_ptr<client::RESTClient> rest_;
  std::unique_ptr<client::DynamicClient> dynamic_;
  std::vector<std::function<void()>> cleanups_;
  std::atomic<bool> cancelled_{false};
  std::shared_ptr<WarningLog> warnings_;
  std::mutex mutex_;  // guards watches_
  std::vector<std::weak_ptr<client::Watcher>> watches_;
};

}  // namespace kubefake::testkit::conformance

// The options of each verb, mirroring metav1's ListOptions, GetOptions, CreateOptions,
// UpdateOptions, PatchOptions, ApplyOptions and DeleteOptions, and their wire forms (query
// parameters, or for DeleteOptions a body). Shared by the dynamic client and the typed clientset.
// Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kubefake::client {

using QueryParams = std::multimap<std::string, std::string>;

struct ListOptions {
  std::string label_selector{};
  std::string field_selector{};
  std::string resource_version{};
  std::string resource_version_match{};  // "NotOlderThan", "Exact"
  std::optional<int64_t> timeout_seconds{};
  int64_t limit = 0;
  std::string continue_{};
  bool allow_watch_bookmarks = false;
  std::optional<bool> send_initial_events{};
};

struct GetOptions {
  std::string resource_version{};
};

struct CreateOptions {
  std::vector<std::string> dry_run{};  // {"All"}
  std::string field_manager{};
  std::string field_validation{};  // "Ignore", "Warn", "Strict"
};

using UpdateOptions = CreateOptions;

struct PatchOptions {
  std::vector<std::string> dry_run{};
  std::optional<bool> force{};
  std::string field_manager{};
  std::string field_validation{};
};

// metav1.ApplyOptions: a server-side apply is a PATCH of type apply; field_manager is required
// (the server rejects an apply without one), force takes over fields other managers own.
struct ApplyOptions {
  std::vector<std::string> dry_run{};
  bool force = false;
  std::string field_manager{};
};

struct Preconditions {
  std::optional<std::string> uid{};
  std::optional<std::string> resource_version{};
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds{};
  std::optional<Preconditions> preconditions{};
  std::optional<std::string> propagation_policy{};  // "Orphan", "Background", "Foreground"
  std::vector<std::string> dry_run{};
};

// Query parameters as client-go's parameter codec writes them: zero values are omitted.
QueryParams ToQuery(const ListOptions& options);
QueryParams ToQuery(const GetOptions& options);
QueryParams ToQuery(const CreateOptions& options);
QueryParams ToQuery(const PatchOptions& options);

// ApplyOptions.ToPatchOptions: the PatchOptions an apply is sent with (force always written).
PatchOptions ToPatchOptions(const ApplyOptions& options);

// The metav1.DeleteOptions body (kind and apiVersion set, as client-go sends it).
nlohmann::json ToJson(const DeleteOptions& options);

}  // namespace kubefake::client

// Server-side apply's ownership algorithm (AM: pkg/util/managedfields/internal, SMD: merge
// Updater.Apply; R8.8-R8.10): merges an applied configuration into the live object, removes
// what the manager stopped applying when nobody else owns it, checks conflicts with other
// managers and writes the managedFields. The request side (body, options, endpoint checks) is
// apply_patcher.h. Pure function; thread-safe.
//
// Fidelity:
//   Emulated:  the applier's Apply entry owns exactly the applied fields; a field another
//              manager owns conflicts when the apply changes its value (same value: shared
//              ownership); force moves conflicting fields to the applier; fields removed from
//              the object leave every manager; an object without managedFields first has its
//              fields attributed to `before-first-apply` (an Update entry); `time` changes only
//              when the applier's fields do; conflicts are sorted by manager, then path.
//   Differs:   managers are compared by (manager, operation, subresource, and apiVersion for
//              Update entries) without converting field sets between apiVersions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/api/time.h"
#include "schema_node.h"

namespace kubefake::fakeserver {

struct ApplyOperation {
  std::string manager;
  bool force = false;
  std::string api_version;   // of the configuration
  std::string subresource;   // "" or "status"
  bool track_status = true;  // whether the endpoint owns status (object_fields.h)
  api::Time now;
};

// Applies `config` (only the fields the endpoint owns) to `live` (a whole object, nullptr when
// it does not exist yet) with schema `root`. Returns the new object with its managedFields.
// Errors: Conflict (R5.4's apply conflict) naming every conflicting field and manager.
Result<nlohmann::json> ApplyConfiguration(const nlohmann::json* live, const nlohmann::json& config,
                                          const SchemaNode& root, const ApplyOperation& operation);

}  // namespace kubefake::fakeserver

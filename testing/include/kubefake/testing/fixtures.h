// Fixtures: Kubernetes objects read from YAML or JSON files (as `kubectl create -f` reads them)
// and loaded into a fake apiserver through its own API, so every object gets the server's
// lifecycle fields, validation and resourceVersions, exactly as if a client had created it.
// Stateless functions; thread-safe.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::testkit {

// One object and where it was read.
struct Fixture {
  nlohmann::json object;
  std::string file;  // the path as given (or found under a given directory)
  int line = 0;      // 1-based line where the object's document starts; 0 if not from a file

  // "file:line" (or "file" when line is 0), for messages.
  std::string Source() const;
};

// Reads the objects in `paths`: a file is one YAML stream (multi-document, `---` separated;
// JSON is YAML too); a directory is read recursively, its *.yaml, *.yml and *.json files in
// path order, hidden entries skipped. A `List` (or any `*List` kind with `items`) contributes its
// items. Errors: BadRequest naming the file and line (`fixtures/a.yaml:3: error converting YAML
// to JSON: ...`), for unreadable paths, bad YAML, and documents that are not objects with
// apiVersion, kind and metadata.name (or generateName).
Result<std::vector<Fixture>> ReadFixtures(std::span<const std::filesystem::path> paths);

// Creates `fixtures` in `server` as a client would, after checking each as ReadFixtures does:
// Namespaces first, then CustomResourceDefinitions, then everything else in the order given.
// Namespaced objects without a namespace go to "default". An owner reference without a uid gets
// the uid of its owner, which must have been loaded before (same namespace, or cluster-scoped).
// An object's status is written through its status subresource when it has one, since create
// resets it (R2.10, R3.3), over the latest version when a controller wrote it meanwhile (a CRD's
// names and conditions). Stops at the first failure and returns the server's Status with the
// fixture's source prepended to its message; what was created before stays (load into a fresh
// server and discard it on error to get all or nothing).
Result<void> LoadFixtures(fakeserver::ApiServer& server, std::span<const Fixture> fixtures);

}  // namespace kubefake::testkit

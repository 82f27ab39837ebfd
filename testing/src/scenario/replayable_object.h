// Objects as a recorded scenario carries them: without the fields the server sets on every
// write (R2: uid, resourceVersion, creationTimestamp, generation, managedFields, selfLink, the
// deletion fields), so a replay creates them afresh; owner references keep apiVersion, kind and
// name and lose their uid, which the replay fills from the owner it created. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kubefake::testkit {

// `object` without its server-set fields (see above).
nlohmann::json ReplayableObject(const nlohmann::json& object);

// `object` without its status.
nlohmann::json WithoutStatus(nlohmann::json object);

// What a replay's steps must leave of `object`, as a partial object for an `expect` step:
// apiVersion, kind, metadata name, namespace and labels, and spec and data when present. Status
// is left out (controllers write it), as is the rest of metadata (the server sets it).
nlohmann::json ExpectedFinalState(const nlohmann::json& object);

// The identity of an object: "<group>/<Kind>/<namespace>/<name>".
std::string ObjectKey(const nlohmann::json& object);
// The keys an owner reference of an object in `ns` may stand for: the owner in `ns` and the
// cluster-scoped owner (owners share their dependent's namespace or are cluster-scoped).
std::vector<std::string> OwnerKeys(const nlohmann::json& owner_reference, const std::string& ns);
// The key of Namespace `name`.
std::string NamespaceKey(const std::string& name);

}  // namespace kubefake::testkit

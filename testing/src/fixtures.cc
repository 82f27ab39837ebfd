#include "kubefake/testing/fixtures.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "engine_request.h"
#include "kubefake/api/error.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::testkit {
namespace {

namespace fs = std::filesystem;

// Fixtures are loaded as the kubeconfig user of a served fake, managed as "kubefake-fixtures".
const EngineCaller kFixtures{"kubernetes-admin", "kubefake-fixtures"};

api::Error AtSource(const std::string& source, const api::Error& error) {
  return api::Error(error.code(), error.reason(), source + ": " + error.message(),
                    error.details());
}

bool IsFixtureFile(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

bool IsHidden(const fs::path& path) { return path.filename().string().starts_with('.'); }

// The files a path stands for, in path order.
Result<std::vector<fs::path>> FixtureFiles(const fs::path& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) {
    if (!fs::exists(path, error)) {
      return Fail(api::NewBadRequest(path.string() + ": no such file or directory"));
    }
    return std::vector<fs::path>{path};
  }
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(path, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (IsHidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && IsFixtureFile(it->path())) files.push_back(it->path());
  }
  if (error) return Fail(api::NewBadRequest(path.string() + ": " + error.message()));
  std::ranges::sort(files);
  return files;
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Fail(api::NewBadRequest(path.string() + ": cannot read the file"));
  return text.str();
}

bool IsList(const nlohmann::json& object) {
  const std::string kind = object.value("kind", "");
  return kind.ends_with("List") && object.contains("items");
}

Result<void> CheckObject(const Fixture& fixture) {
  const nlohmann::json& object = fixture.object;
  auto fail = [&](const std::string& message) {
    return Fail(api::NewBadRequest(fixture.Source() + ": " + message));
  };
  if (!object.is_object()) return fail("a fixture must be an object");
  if (!object.contains("apiVersion") || !object["apiVersion"].is_string()) {
    return fail("Object 'apiVersion' is missing");
  }
  if (!object.contains("kind") || !object["kind"].is_string()) {
    return fail("Object 'Kind' is missing");
  }
  const nlohmann::json metadata = object.value("metadata", nlohmann::json::object());
  if (!metadata.is_object() || (!metadata.contains("name") && !metadata.contains("generateName"))) {
    return fail("resource name may not be empty");
  }
  return {};
}

// Appends the objects of one decoded document (a List's items, or the object itself).
Result<void> AddDocument(nlohmann::json document, const std::string& file, int line,
                         std::vector<Fixture>& out) {
  if (document.is_object() && IsList(document)) {
    if (!document["items"].is_array()) {
      return Fail(api::NewBadRequest(file + ":" + std::to_string(line) +
                                     ": the items of a List must be an array"));
    }
    for (nlohmann::json& item : document["items"]) {
      if (Result<void> added = AddDocument(std::move(item), file, line, out); !added) return added;
    }
    return {};
  }
  Fixture fixture{std::move(document), file, line};
  if (Result<void> valid = CheckObject(fixture); !valid) return valid;
  out.push_back(std::move(fixture));
  return {};
}

// 0 namespaces, 1 CRDs, 2 everything else: the order objects can be created in.
int CreationRank(const nlohmann::json& object) {
  const std::string api_version = object.value("apiVersion", "");
  const std::string kind = object.value("kind", "");
  if (api_version == "v1" && kind == "Namespace") return 0;
  if (api_version.starts_with("apiextensions.k8s.io/") && kind == "CustomResourceDefinition") {
    return 1;
  }
  return 2;
}

// The collection URL of `object`'s resource, and whether it has a status subresource.
struct Target {
  std::string collection;
  bool has_status = false;
};

Result<Target> TargetOf(const api::ResourceCatalog& catalog, nlohmann::json& object) {
  Result<api::ResourceCatalog::Entry> resource =
      ResourceOf(catalog, object["apiVersion"], object["kind"]);
  if (!resource) return Fail(resource.error());
  nlohmann::json& metadata = object["metadata"];
  if ((*resource)->namespaced && metadata.value("namespace", "").empty()) {
    metadata["namespace"] = "default";
  }
  return Target{CollectionPath(**resource, metadata.value("namespace", "")),
                (*resource)->FindSubresource("status") != nullptr};
}

// Fills the uid of each owner reference that has none from the owner, already loaded in the
// object's namespace (or cluster-wide for cluster-scoped owners).
Result<void> ResolveOwnerUids(fakeserver::ApiServer& server, const api::ResourceCatalog& catalog,
                              nlohmann::json& object) {
  nlohmann::json& metadata = object["metadata"];
  auto owners = metadata.find("ownerReferences");
  if (owners == metadata.end() || !owners->is_array()) return {};
  for (nlohmann::json& owner : *owners) {
    if (!owner.is_object() || !owner.value("uid", "").empty()) continue;
    const std::string kind = owner.value("kind", "");
    const std::string name = owner.value("name", "");
    Result<api::ResourceCatalog::Entry> resource =
        ResourceOf(catalog, owner.value("apiVersion", ""), kind);
    if (!resource) return Fail(resource.error());
    Result<nlohmann::json> found = Send(
        server, JsonRequest(kFixtures, "GET",
                            CollectionPath(**resource, metadata.value("namespace", "")) + "/" +
                                name,
                            nullptr));
    if (!found) {
      return Fail(api::NewBadRequest("owner " + kind + " \"" + name + "\" not found (" +
                                     found.error().message() +
                                     "): list owners before their dependents"));
    }
    owner["uid"] = (*found)["metadata"]["uid"];
  }
  return {};
}

Result<void> LoadOne(fakeserver::ApiServer& server, const api::ResourceCatalog& catalog,
                     const Fixture& fixture) {
  nlohmann::json object = fixture.object;
  Result<Target> target = TargetOf(catalog, object);
  if (!target) return Fail(target.error());
  if (Result<void> owners = ResolveOwnerUids(server, catalog, object); !owners) return owners;
  Result<nlohmann::json> created =
      Send(server, JsonRequest(kFixtures, "POST", target->collection, object));
  if (!created) return Fail(created.error());
  const auto status = object.find("status");
  if (!target->has_status || status == object.end()) return {};
  const std::string name_path =
      target->collection + "/" + (*created)["metadata"]["name"].get<std::string>();
  nlohmann::json with_status = std::move(*created);
  with_status["status"] = *status;
  Result<nlohmann::json> updated =
      Send(server, JsonRequest(kFixtures, "PUT", name_path + "/status", with_status));
  if (!updated && api::IsConflict(updated.error())) {
    // A controller wrote the status since the create (a CRD's names and conditions): write it
    // over the latest version.
    Result<nlohmann::json> latest = Send(server, JsonRequest(kFixtures, "GET", name_path, nullptr));
    if (!latest) return Fail(latest.error());
    (*latest)["status"] = *status;
    updated = Send(server, JsonRequest(kFixtures, "PUT", name_path + "/status", *latest));
  }
  if (!updated) return Fail(updated.error());
  return {};
}

}  // namespace

std::string Fixture::Source() const {
  return line == 0 ? file : file + ":" + std::to_string(line);
}

Result<std::vector<Fixture>> ReadFixtures(std::span<const fs::path> paths) {
  std::vector<Fixture> fixtures;
  for (const fs::path& path : paths) {
    Result<std::vector<fs::path>> files = FixtureFiles(path);
    if (!files) return Fail(files.error());
    for (const fs::path& file : *files) {
      Result<std::string> text = ReadFile(file);
      if (!text) return Fail(text.error());
      api::TextPosition error_position;
      Result<std::vector<api::YamlDocument>> documents =
          api::ReadYamlDocuments(*text, {}, &error_position);
      if (!documents) {
        return Fail(AtSource(file.string() + ":" + std::to_string(error_position.line),
                             documents.error()));
      }
      for (api::YamlDocument& document : *documents) {
        Result<void> added =
            AddDocument(std::move(document.json), file.string(), document.position.line, fixtures);
        if (!added) return Fail(added.error());
      }
    }
  }
  return fixtures;
}

Result<void> LoadFixtures(fakeserver::ApiServer& server, std::span<const Fixture> fixtures) {
  std::vector<const Fixture*> ordered;
  for (const Fixture& fixture : fixtures) {
    if (Result<void> valid = CheckObject(fixture); !valid) return valid;
    ordered.push_back(&fixture);
  }
  std::ranges::stable_sort(ordered, {}, [](const Fixture* fixture) {
    return CreationRank(fixture->object);
  });
  for (const Fixture* fixture : ordered) {
    // The catalog changes as CRDs are created: look it up per object.
    Result<void> loaded = LoadOne(server, server.Catalog(), *fixture);
    if (!loaded) return Fail(AtSource(fixture->Source(), loaded.error()));
  }
  return {};
}

}  // namespace kubefake::testkit

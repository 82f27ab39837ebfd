// The engine serves every stored resource of the catalog through the same generic handlers:
// for each served resource with create, get, list and delete, a minimal object goes through
// the whole cycle (issue 3: "serves every resource in the catalog generically").
#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

using GenericServingTest = EngineTest;

bool HasVerbs(const api::ResourceInfo& resource) {
  for (const char* verb : {"create", "get", "list", "delete"}) {
    if (!resource.HasVerb(verb)) return false;
  }
  return true;
}

// The smallest valid object of `resource`: metadata alone, except for kinds whose validation
// requires more (a CustomResourceDefinition, R10.1).
nlohmann::json MinimalObject(const api::ResourceInfo& resource, std::string& name) {
  nlohmann::json object = {{"apiVersion", resource.GetGroupVersion().String()},
                           {"kind", resource.kind}};
  if (resource.kind == "CustomResourceDefinition") {
    name = "generics.kubefake.example";
    object["spec"] = {
        {"group", "kubefake.example"},
        {"scope", "Cluster"},
        {"names", {{"plural", "generics"}, {"kind", "Generic"}}},
        {"versions",
         {{{"name", "v1"},
           {"served", true},
           {"storage", true},
           {"schema", {{"openAPIV3Schema", {{"type", "object"}}}}}}}}};
  }
  object["metadata"] = {{"name", name}};
  return object;
}

TEST_P(GenericServingTest, EveryStoredResourceSupportsCreateGetListAndDelete) {
  int served = 0;
  for (const api::ResourceCatalog::Entry& resource : server_->Catalog().All()) {
    if (!HasVerbs(*resource)) continue;
    ++served;
    const std::string base = (resource->group.empty() ? "/api/" : "/apis/" + resource->group + "/") +
                             resource->version +
                             (resource->namespaced ? "/namespaces/default/" : "/") +
                             resource->name;
    std::string name = "generic-" + resource->singular_name;
    SCOPED_TRACE(base);
    const nlohmann::json created = Expect(201, "POST", base, MinimalObject(*resource, name));
    EXPECT_EQ(created["kind"], resource->kind);
    EXPECT_EQ(Expect(200, "GET", base + "/" + name)["metadata"]["uid"],
              created["metadata"]["uid"]);
    const nlohmann::json list = Expect(200, "GET", base);
    EXPECT_EQ(list["kind"], resource->list_kind);
    bool listed = false;
    for (const nlohmann::json& item : list["items"]) {
      listed |= item["metadata"]["name"] == name;
    }
    EXPECT_TRUE(listed);
    if (resource->name == "namespaces") continue;  // deletion waits for the namespace controller
    Expect(200, "DELETE", base + "/" + name);
    Expect(404, "GET", base + "/" + name);
  }
  EXPECT_GT(served, 40) << "the default catalog serves the GA resources";
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(GenericServingTest);

}  // namespace
}  // namespace kubefake::fakeserver

// The clientset has an accessor for every built-in resource of the catalog, and each one sends
// its requests to that resource's path. The accessors' types are checked at compile time in
// generated/clientset_accessors.cc; this test checks where their requests go, over a transport
// that records requests and answers 404.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "clientset_accessors.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/client/transport.h"

namespace kubefake::client {
namespace {

class PathRecordingTransport final : public Transport {
 public:
  Result<TransportResponse> Send(const TransportRequest& request) override {
    last_ = request.method + " " + request.path;
    TransportResponse response;
    response.status = 404;
    response.body = R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound",)"
                    R"("code":404})";
    response.headers.Set("Content-Type", "application/json");
    return response;
  }
  const std::string& last() const { return last_; }

 private:
  std::string last_;
};

std::string ExpectedRequest(const api::ResourceInfo& info, bool create_only) {
  std::string path = info.group.empty() ? "/api/v1" : "/apis/" + info.group + "/" + info.version;
  if (info.namespaced) path += "/namespaces/probe";
  path += "/" + info.name;
  return create_only ? "POST " + path : "GET " + path + "/absent";
}

TEST(TypedAccessorsTest, EveryCatalogResourceHasAnAccessorThatReachesItsPath) {
  auto transport = std::make_shared<PathRecordingTransport>();
  Config config;
  config.host = "http://kubefake.invalid";
  config.transport = transport;
  config.qps = -1;
  config.max_retries = 0;
  auto clientset = Clientset::NewForConfig(config);
  ASSERT_TRUE(clientset) << clientset.error().message();

  const api::ResourceCatalog catalog = api::ResourceCatalog::BuiltIn();
  std::set<std::string> covered;
  for (const AccessorCall& accessor : AllAccessorCalls()) {
    const api::ResourceCatalog::Entry info = catalog.Find(accessor.gvr);
    ASSERT_NE(info, nullptr) << accessor.gvr.group << "/" << accessor.gvr.version << " "
                             << accessor.gvr.resource << " is not in the catalog";
    accessor.call(**clientset, "probe");
    EXPECT_EQ(transport->last(), ExpectedRequest(*info, !info->HasVerb("get")));
    covered.insert(accessor.gvr.group + "/" + accessor.gvr.version + "/" + accessor.gvr.resource);
  }
  for (const api::ResourceCatalog::Entry& info : catalog.All()) {
    EXPECT_TRUE(covered.contains(info->group + "/" + info->version + "/" + info->name))
        << info->group << "/" << info->version << " " << info->name << " has no accessor";
  }
  EXPECT_EQ(covered.size(), catalog.size());
}

}  // namespace
}  // namespace kubefake::client

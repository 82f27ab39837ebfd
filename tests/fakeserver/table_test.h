// The fixture of the Table and PartialObjectMetadata tests (R6.14, R6.15): requests with an
// Accept header, objects seeded into storage with a filled-in status (create drops status for
// resources with a status subresource, R2.10), and times relative to the engine's clock.
#pragma once

#include <chrono>
#include <string>

#include "engine_test.h"
#include "kubefake/api/time.h"
#include "kubefake/fakeserver/storage.h"
#include "storage_key.h"

namespace kubefake::fakeserver {

// kubectl get's Accept header (R6.14).
inline constexpr char kKubectlTableAccept[] =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/"
    "json;as=Table;v=v1beta1;g=meta.k8s.io,"
    "application/json";

class TableTest : public EngineTest {
 protected:
  Response SendAccept(std::string method, std::string path, std::string accept, Query query = {},
                      const nlohmann::json& body = nullptr) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.headers.Set("Accept", std::move(accept));
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.Set("Content-Type", "application/json");
    }
    return door_->Send(request);
  }

  // GET `path` as a kubectl Table; fails the test unless it answers 200.
  nlohmann::json GetTable(const std::string& path, Query query = {}) {
    Response response = SendAccept("GET", path, kKubectlTableAccept, std::move(query));
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return Json(response);
  }

  // The RFC 3339 time `ago` before the engine's clock.
  std::string Ago(std::chrono::seconds ago) {
    return api::Time::FromTimePoint(clock_.Now() - ago).String();
  }

  // Stores `object` as it is (status included), created `age` ago, under `resource`.
  void Seed(const api::GroupResource& resource, nlohmann::json object,
            std::chrono::seconds age = std::chrono::seconds(300)) {
    nlohmann::json& metadata = object["metadata"];
    metadata["creationTimestamp"] = Ago(age);
    metadata["uid"] = "uid-" + metadata.value("name", "");
    const std::string key =
        ObjectKey(resource, metadata.value("namespace", ""), metadata.value("name", ""));
    ASSERT_TRUE(server_->storage().Create(key, api::Object(std::move(object))).has_value());
  }

  // The cells of the first row of the Table of one object.
  nlohmann::json Cells(const std::string& path) { return GetTable(path)["rows"][0]["cells"]; }
};

}  // namespace kubefake::fakeserver

// ControllerClient: how the emulated cluster controllers (garbage collector, namespace
// controller, kubelet) write: requests through the engine's own Handle, as kube-controller-
// manager and the kubelet go through the apiserver, so their writes get the same admission,
// finalizer handling, managedFields and watch events as a client's. Thread-compatible.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kubefake/api/object.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// The URL path of one object (or of its subresource) of `resource`.
std::string ObjectPath(const api::ResourceInfo& resource, std::string_view ns,
                       std::string_view name, std::string_view subresource = "");

class ControllerClient {
 public:
  using Handler = std::function<Response(const Request&)>;

  struct Answer {
    int status = 0;
    nlohmann::json body;
    bool ok() const { return status / 100 == 2; }
  };

  // `handle` serves the requests; `user_agent` names the field manager
  // (`kube-controller-manager/...`), `user` the service account the controller runs as.
  ControllerClient(Handler handle, std::string user_agent, std::string user);

  // DELETE with `options` (a DeleteOptions object) as the body.
  Answer Delete(const api::ResourceInfo& resource, std::string_view ns, std::string_view name,
                const nlohmann::json& options) const;
  // PUT of `object` to its endpoint (or `subresource`); the object's resourceVersion makes it
  // conditional.
  Answer Update(const api::ResourceInfo& resource, const api::Object& object,
                std::string_view subresource = "") const;

 private:
  Answer Send(std::string method, std::string path, const nlohmann::json& body) const;

  Handler handle_;
  std::string user_agent_;
  std::string user_;
};

}  // namespace kubefake::fakeserver

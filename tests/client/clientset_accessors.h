// Every typed accessor of the clientset, one call each, for the test that checks them against
// the resource catalog. The list is generated (generated/clientset_accessors.cc) from the same
// catalog, so a resource without an accessor fails there to compile or here to match.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/kubernetes/resource_interface.h"

namespace kubefake::client {

struct AccessorCall {
  api::GroupVersionResource gvr;
  // Calls the resource's accessor (in namespace `ns` when namespaced) and sends one request:
  // a Get of "absent", or for a create-only resource a Create of an empty object.
  std::function<void(kubernetes::Interface& clientset, std::string_view ns)> call;
};

std::vector<AccessorCall> AllAccessorCalls();

template <typename T, typename TList>
void Probe(const kubernetes::ResourceInterface<T, TList>& resource) {
  (void)resource.Get("absent");
}

template <typename T>
void Probe(const kubernetes::CreateOnlyInterface<T>& resource) {
  (void)resource.Create(T{});
}

}  // namespace kubefake::client

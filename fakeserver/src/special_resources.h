// The resources that parts of the engine treat apart and key on: namespaces (lifecycle, the
// namespace controller) and customresourcedefinitions (validation, lifecycle, the CRD
// controllers, the served catalog).
#pragma once

#include "kubefake/api/group_version.h"

namespace kubefake::fakeserver {

inline const api::GroupResource kNamespaces{"", "namespaces"};
inline const api::GroupResource kCustomResourceDefinitions{"apiextensions.k8s.io",
                                                           "customresourcedefinitions"};

}  // namespace kubefake::fakeserver

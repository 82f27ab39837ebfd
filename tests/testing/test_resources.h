// GroupVersionResources that several toolkit tests name.
#pragma once

#include "kubefake/api/group_version.h"

namespace kubefake::testkit {

inline const api::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const api::GroupVersionResource kDeployments{"apps", "v1", "deployments"};

}  // namespace kubefake::testkit

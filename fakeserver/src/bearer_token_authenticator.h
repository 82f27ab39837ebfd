// Bearer token authentication as kube-apiserver's token authenticator reads the header
// (k8s.io/apiserver bearertoken): `Authorization: Bearer <token>`, the scheme matched without
// case, the header trimmed, the token the second space-separated field. Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// The user every authenticated request runs as: "kubernetes-admin" in system:masters and
// system:authenticated (what a kubeadm admin kubeconfig authenticates as).
UserInfo AdminUser();

// The token an Authorization header value carries, or nullopt when it is not a bearer token.
std::optional<std::string_view> BearerToken(std::string_view authorization);

}  // namespace kubefake::fakeserver

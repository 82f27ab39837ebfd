// Bearer token header parsing (see bearer_token_authenticator.h).
#include "bearer_token_authenticator.h"

#include <cctype>

#include "kubefake/api/ascii.h"

namespace kubefake::fakeserver {

UserInfo AdminUser() {
  return UserInfo{
      .name = "kubernetes-admin", .uid = "", .groups = {"system:masters", "system:authenticated"}};
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!authorization.empty() && space(authorization.front())) authorization.remove_prefix(1);
  while (!authorization.empty() && space(authorization.back())) authorization.remove_suffix(1);
  const size_t first = authorization.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = authorization.substr(0, first);
  if (!api::EqualFoldAscii(scheme, "bearer")) return std::nullopt;
  std::string_view token = authorization.substr(first + 1);
  token = token.substr(0, token.find(' '));
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace kubefake::fakeserver

// Authorize: bearer token sources in client-go's order.
#include "authenticator.h"

#include <fstream>
#include <sstream>

namespace kubefake::client {
namespace {

std::string ReadToken(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  return token;
}

}  // namespace

Result<void> Authorize(const Config& config, HeaderList& headers) {
  std::string token;
  if (!config.bearer_token_file.empty()) token = ReadToken(config.bearer_token_file);
  if (token.empty()) token = config.bearer_token;
  if (token.empty() && config.exec_provider) {
    auto credential = config.exec_provider->Get();
    if (!credential) return Fail(credential.error());
    if (credential->token.empty()) {
      return Fail(api::Error(500, api::Reason::kInternalError,
                             "exec plugin returned a client certificate; kubefake's client takes "
                             "only tokens from exec plugins"));
    }
    token = credential->token;
  }
  if (!token.empty()) headers.Set("Authorization", "Bearer " + token);
  return {};
}

void OnUnauthorized(const Config& config) {
  if (config.exec_provider) config.exec_provider->Invalidate();
}

}  // namespace kubefake::client

// A GET of a non-resource path with the headers discovery and OpenAPI clients send, for the
// discovery, OpenAPI, health and version tests.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

inline Request NonResourceGet(std::string path,
                              std::initializer_list<std::pair<std::string, std::string>> headers =
                                  {}) {
  Request request;
  request.method = "GET";
  const size_t question = path.find('?');
  if (question != std::string::npos) {
    std::string query = path.substr(question + 1);
    path.resize(question);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string pair = query.substr(0, amp);
      const size_t equals = pair.find('=');
      request.query.emplace(pair.substr(0, equals),
                            equals == std::string::npos ? "" : pair.substr(equals + 1));
      query = amp == std::string::npos ? "" : query.substr(amp + 1);
    }
  }
  request.path = std::move(path);
  for (const auto& [name, value] : headers) request.headers.Set(name, value);
  return request;
}

}  // namespace kubefake::fakeserver

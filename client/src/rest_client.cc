// RESTClient: the shared state of its requests, and the factories.
#include "kubefake/client/rest_client.h"

#include <memory>

#include "kubefake/api/protobuf_codec.h"
#include "rest_client_state.h"

namespace kubefake::client {
namespace {

constexpr float kDefaultQps = 5;
constexpr int kDefaultBurst = 10;

Result<std::unique_ptr<RESTClient>> NewClient(const Config& config, std::string versioned_path) {
  if (!config.content_type.empty() && config.content_type != "application/json" &&
      !api::IsProtobufContentType(config.content_type)) {
    return Fail(api::NewBadRequest("serializer for " + config.content_type + " not registered"));
  }
  auto transport = TransportFor(config);
  if (!transport) return Fail(transport.error());
  auto state = std::make_shared<RestClientState>();
  state->config = config;
  state->transport = std::move(*transport);
  state->clock = config.clock ? config.clock : std::make_shared<api::RealClock>();
  const float qps = config.qps == 0 ? kDefaultQps : config.qps;
  const int burst = config.burst == 0 ? kDefaultBurst : config.burst;
  if (qps > 0) state->limiter = std::make_unique<TokenBucket>(qps, burst, *state->clock);
  state->versioned_path = std::move(versioned_path);
  return std::make_unique<RESTClient>(std::move(state));
}

}  // namespace

RESTClient::RESTClient(std::shared_ptr<const RestClientState> state) : state_(std::move(state)) {}

RESTClient::~RESTClient() = default;

RestRequest RESTClient::Verb(std::string verb) const {
  return RestRequest(state_, std::move(verb));
}

RestRequest RESTClient::Patch(PatchType type) const {
  RestRequest request = Verb("PATCH");
  request.SetHeader("Content-Type", std::string(PatchContentType(type)));
  return request;
}

const Config& RESTClient::config() const { return state_->config; }

Result<std::unique_ptr<RESTClient>> RESTClientFor(const Config& config) {
  if (!config.group_version) {
    return Fail(api::NewBadRequest("GroupVersion is required when initializing a RESTClient"));
  }
  if (config.api_path.empty()) {
    return Fail(api::NewBadRequest("APIPath is required when initializing a RESTClient"));
  }
  std::string path = config.api_path;
  if (!config.group_version->group.empty()) path += "/" + config.group_version->group;
  path += "/" + config.group_version->version;
  return NewClient(config, std::move(path));
}

Result<std::unique_ptr<RESTClient>> UnversionedRESTClientFor(const Config& config) {
  return NewClient(config, "");
}

}  // namespace kubefake::client

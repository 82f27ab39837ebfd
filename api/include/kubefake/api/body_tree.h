// BodyTree: a request body passed inside one process as a JSON tree instead of bytes
// (client::TransportRequest::parsed_body, fakeserver::Request::parsed_body). The receiver reads
// it, and one that keeps the object it describes (the engine storing a created object) takes it
// instead of copying it. Its sender keeps sharing it and sees whether it was taken: a taken body
// cannot be sent again, as client-go does not resend a body it cannot rewind.
// Thread-compatible: one request uses it at a time.
#pragma once

#include <nlohmann/json.hpp>
#include <utility>

namespace kubefake::api {

class BodyTree {
 public:
  explicit BodyTree(nlohmann::json tree) : tree_(std::move(tree)) {}

  // The body; null once taken.
  const nlohmann::json& tree() const { return tree_; }
  // Moves the body out for keeps.
  nlohmann::json Take() {
    taken_ = true;
    return std::move(tree_);
  }
  bool taken() const { return taken_; }

 private:
  nlohmann::json tree_;
  bool taken_ = false;
};

}  // namespace kubefake::api

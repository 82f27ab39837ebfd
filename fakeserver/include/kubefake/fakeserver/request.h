// Request and Response: what the engine (ApiServer) takes and returns. The HTTP front end and
// the in-process transport both translate to and from these values, so both doors share one
// implementation of API semantics. Value types; thread-compatible.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubefake::fakeserver {

// The authenticated caller (authentication.k8s.io UserInfo).
struct UserInfo {
  std::string name;
  std::string uid;
  std::vector<std::string> groups;
};

// Header names are matched case-insensitively.
class Headers {
 public:
  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct Request {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"
  std::string path;    // URL path without the query, already percent-decoded per segment
  // Query parameters, decoded; a parameter given twice keeps every value in order.
  std::multimap<std::string, std::string> query;
  Headers headers;
  std::string body;
  UserInfo user;

  // The first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
};

// An open response stream (watch): the body arrives frame by frame. Thread-safe: Cancel may be
// called from any thread while another blocks in Next.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Blocks until the next frame (one encoded watch event, ready to write), or returns nullopt
  // when the stream has ended.
  virtual std::optional<std::string> Next() = 0;
  // Ends the stream; a blocked Next returns nullopt. Idempotent.
  virtual void Cancel() = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set for a watch: `body` is empty and the frames come from the stream.
  std::unique_ptr<ResponseStream> stream;
};

}  // namespace kubefake::fakeserver

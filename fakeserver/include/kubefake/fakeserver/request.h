// Request and Response: what the engine (ApiServer) takes and returns. The HTTP front end and
// the in-process transport both translate to and from these values, so both doors share one
// implementation of API semantics. Value types; thread-compatible.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace kubefake::api {
class BodyTree;
}  // namespace kubefake::api

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
  // Drops every value of `name`.
  void Remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct Request {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"
  // The URL path without the query, fully percent-decoded (Go's URL.Path): "%2F" decodes to
  // "/" like any other escape, '+' stays '+'.
  std::string path;
  // Query parameters decoded as Go's url.ParseQuery does ('+' is a space); a parameter given
  // twice keeps every value in order.
  std::multimap<std::string, std::string> query;
  Headers headers;
  std::string body;
  // The body as a JSON tree instead of `body` (then empty), handed over by the in-process door
  // for a JSON create or update; the HTTP door never sets it. It stands for its compact dump,
  // and the engine answers it as it answers those bytes: the typed decode reads the tree as it
  // reads the dump (a tree has no duplicate keys, as its dump has none), and handlers that read
  // bytes get the dump (BodyBytes). Differs from parsing the dump: numbers keep their type (an
  // integer stays signed where parsing reads unsigned; nlohmann compares both equal). Read as
  // the dump would be: non-finite numbers (written as null) are null; invalid UTF-8, which the
  // dump refuses, becomes U+FFFD, as Go's decoder reads such bytes. A create takes the tree into
  // the object it stores (api::BodyTree::Take) instead of copying it; nothing reads it after.
  std::shared_ptr<api::BodyTree> parsed_body;
  UserInfo user;
  // The caller takes a JSON object answer as a parsed tree (Response::parsed_json) instead of
  // bytes, and a JSON watch's events as trees (StreamRead::object); the in-process door sets
  // it, the HTTP door never does.
  bool accepts_parsed_json = false;
  // The caller writes a body while it is made: the GET of a large JSON list may be answered
  // with its body as a stream (kube-apiserver 1.33 streams such lists). The HTTP door sets it;
  // requests the engine sends itself and in-process callers get whole bodies.
  bool streams_list_body = false;

  // The first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The body as bytes: `body`, or parsed_body's compact dump (invalid UTF-8 replaced).
  std::string BodyBytes() const;
};

// What a bounded wait for the next frame of a ResponseStream found.
struct StreamRead {
  enum class State { kFrame, kNothingYet, kEnded };
  State state = State::kEnded;
  std::string frame;  // set for kFrame, unless `object` is
  // Only for a request with accepts_parsed_json, and only in a JSON watch: the event as its type
  // and object, a shared immutable tree, instead of `frame` (then empty). It stands for the
  // bytes Bytes() gives, and differs from parsing them as Response::parsed_json does.
  std::string event_type;
  std::shared_ptr<const nlohmann::json> object;

  static StreamRead Frame(std::string frame) { return {State::kFrame, std::move(frame), {}, {}}; }
  static StreamRead Event(std::string type, std::shared_ptr<const nlohmann::json> object) {
    return {State::kFrame, {}, std::move(type), std::move(object)};
  }
  static StreamRead NothingYet() { return {State::kNothingYet, {}, {}, {}}; }
  static StreamRead Ended() { return {State::kEnded, {}, {}, {}}; }

  // The bytes of a kFrame: `frame`, or the JSON watch event line {"type":...,"object":...}
  // that `event_type` and `object` stand for.
  std::string Bytes() &&;
};

// An open response stream (watch): the body arrives frame by frame. One thread reads (Next,
// NextWithin); Cancel may be called from any thread while that thread waits.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Waits at most `timeout` for the next frame (one encoded watch event, ready to write).
  // kNothingYet lets a writer check its connection between waits (the HTTP front end frees the
  // watcher of a client that went away while the watch was idle).
  virtual StreamRead NextWithin(std::chrono::milliseconds timeout) = 0;
  // Blocks until the next frame (kFrame) or the end of the stream (kEnded).
  StreamRead WaitNext();
  // Blocks until the next frame, as bytes, or returns nullopt when the stream has ended.
  std::optional<std::string> Next();
  // Ends the stream; a waiting Next or NextWithin returns (ended). Idempotent.
  virtual void Cancel() = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Only for a request with accepts_parsed_json: the answer as a shared immutable tree instead
  // of `body` (then empty). Its compact dump plus '\n' is the body the HTTP door writes.
  // Differs from parsing those bytes: numbers keep the stored type (an integer stored signed
  // stays signed; nlohmann compares both equal), and strings are not re-validated as UTF-8
  // (stored strings come from parsed input, so they are valid).
  std::shared_ptr<const nlohmann::json> parsed_json;
  // Set for a watch: `body` is empty and the frames come from the stream.
  std::unique_ptr<ResponseStream> stream;
};

}  // namespace kubefake::fakeserver

// ListStreamingScope: how the HTTP front end tells the engine that it writes bodies while they are
// made, without a field in the public Request (request.h is included nearly everywhere). While a
// scope lives on a thread, the next ApiServer::Handle on that thread may answer the GET of a
// large JSON list with its body as a ListBodyStream (RequestScope::streams_list_body); Handle
// takes the permission at its start, so the requests the engine serves itself while handling that
// one (its controllers') get whole bodies. In-process callers never open a scope: their answers
// are unchanged. Thread-safe: the permission is the calling thread's own.
#pragma once

namespace kubefake::fakeserver {

class ListStreamingScope {
 public:
  ListStreamingScope();
  ~ListStreamingScope();
  ListStreamingScope(const ListStreamingScope&) = delete;
  ListStreamingScope& operator=(const ListStreamingScope&) = delete;

 private:
  bool outer_;
};

// Whether a ListStreamingScope permits streaming on this thread; clears the permission.
bool TakeListStreamingPermission();

}  // namespace kubefake::fakeserver

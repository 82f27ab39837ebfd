// The calling thread's permission to stream list bodies (see list_streaming_scope.h).
#include "list_streaming_scope.h"

#include <utility>

namespace kubefake::fakeserver {
namespace {

thread_local bool streaming_permitted = false;

}  // namespace

ListStreamingScope::ListStreamingScope() : outer_(streaming_permitted) {
  streaming_permitted = true;
}

ListStreamingScope::~ListStreamingScope() { streaming_permitted = outer_; }

bool TakeListStreamingPermission() { return std::exchange(streaming_permitted, false); }

}  // namespace kubefake::fakeserver

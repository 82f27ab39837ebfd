// WatchStream: the body of a watch response, one JSON event per frame (R7.2, R7.3): the
// initial events, then every change under the collection in revision order, filtered by the
// selectors with their transitions (R7.9), bookmarks (R7.6, R7.7) and the timeout (R7.8).
// Thread-safe: Cancel may be called while another thread blocks in Next.
//
// Fidelity:
//   Emulated:  each frame is `{"type":...,"object":...}` on one line, keys in that order, the
//              object with its kind and apiVersion (R7.2); resourceVersion ""/"0" start with
//              ADDED for the current state, read before the storage watch opens at that state's
//              revision so no write in between is lost; "<n>" starts strictly after n, a future n
//              waits for later changes, and a compacted n answers one ERROR event with the 410
//              Expired Status, then ends (R7.4); sendInitialEvents=true ends the initial events
//              with the `k8s.io/initial-events-end` bookmark at the initial state's revision when
//              bookmarks are allowed (R7.6); periodic bookmarks every minute and one two seconds
//              before the timeout, driven by the Clock, carrying the last revision this watch has
//              seen, filtered-out changes included (R7.7); selector transitions (R7.9); DELETED
//              carries the last state with the deletion's resourceVersion (R7.3); a watcher the
//              storage closed as too slow ends, after what was queued, without an ERROR event
//              (R7.10); without timeoutSeconds (or with 0) the timeout is random in [30, 60)
//              minutes (R7.8). With the WatchList defaulting ParseListOptions applies, a plain
//              watch from ""/"0" also gets the initial-events-end bookmark when it allows
//              bookmarks (R7.4). Cancel ends the stream at once, dropping queued frames. A caller
//              that takes trees (Request::accepts_parsed_json) gets each JSON event as its type
//              and object tree (the stored one itself for an untransformed built-in ADDED or
//              MODIFIED), standing for the bytes it would get otherwise.
//   Differs:   sendInitialEvents with a resourceVersion newer than the storage's answers 504
//              ResourceVersionTooLarge at once (the cacher waits up to 3 s first); a bookmark is
//              sent when the watch is idle, not at the exact tick, and never carries a revision
//              newer than the changes this watch has been given; a timeout ends the stream
//              without the changes still queued in the storage watch (the client resumes from
//              its last revision).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"
#include "object_filter.h"
#include "request_options.h"
#include "request_scope.h"
#include "response_transform.h"

namespace kubefake::fakeserver {

// Opens the watch `options` asks for; `transform` turns each event's object (not an ERROR's
// Status) into what the Accept header asked for (R6.14, R6.15). Errors only for what fails
// before streaming starts; an expired resourceVersion is reported inside the stream (R7.4,
// R7.12).
Result<std::unique_ptr<ResponseStream>> OpenWatchStream(const RequestScope& scope,
                                                        const ListOptions& options,
                                                        ObjectFilter filter,
                                                        WatchEventTransform transform);

// Registers `on_ready` to run whenever `stream` may have something new for NextWithin (a change,
// a bookmark, its end or Cancel), so that one thread can serve many streams without waiting on
// each. It runs on the signalling thread with the stream's lock held: it must be quick and must
// not call into the stream. Replaces an earlier callback; once a call with nullptr returns, the
// old callback is not running and will not run again. Returns false, registering nothing, for a
// stream OpenWatchStream did not make (a fault-shortened stream, say).
bool SetReadyCallback(ResponseStream& stream, std::function<void()> on_ready);

// Appends the bytes of every frame `stream` has ready to `out` without waiting: what NextWithin(0)
// would return call after call, taken under one lock each of the stream and its storage watch,
// each frame's bytes shared with the other watches that send the same ones rather than copied.
// Returns false once the stream has ended (after appending its last frames). Precondition:
// SetReadyCallback accepted `stream`.
bool TakeReadyFrames(ResponseStream& stream, std::vector<std::shared_ptr<const std::string>>& out);

// One watch event, in protobuf framing (a 4-byte big-endian length, then the metav1.WatchEvent)
// or as JSON on one line with the apiserver's key order (type, then object) (R7.2, R11.4).
std::string EncodeWatchFrame(std::string_view type, const nlohmann::json& object, bool protobuf);

// The Content-Type of a watch response's body.
std::string_view WatchContentType(bool protobuf);

}  // namespace kubefake::fakeserver

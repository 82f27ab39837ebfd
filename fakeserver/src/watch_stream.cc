#include "watch_stream.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "compact_json_writer.h"
#include "encoded_item.h"
#include "kubefake/api/protobuf_codec.h"
#include "list_json_encoder.h"
#include "object_lifecycle.h"
#include "storage_watcher.h"
#include "watch_frame_cache.h"

namespace kubefake::fakeserver {
namespace {

using std::chrono::seconds;

constexpr seconds kBookmarkInterval(60);
constexpr seconds kBookmarkBeforeTimeout(2);
constexpr int64_t kMinDefaultTimeoutSeconds = 1800;
constexpr int64_t kMaxDefaultTimeoutSeconds = 3600;
constexpr char kInitialEventsEnd[] = "k8s.io/initial-events-end";

// One protobuf watch event: a 4-byte big-endian length, then the raw metav1.WatchEvent (R11.4).
// An object that cannot be encoded becomes an ERROR event carrying why.
std::string ProtobufFrame(std::string_view type, const nlohmann::json& object) {
  Result<std::string> event = api::EncodeProtobufWatchEvent({{"type", type}, {"object", object}});
  if (!event) event = api::EncodeProtobufWatchEvent({{"type", "ERROR"},
                                                     {"object", event.error().ToStatus()}});
  const auto size = static_cast<std::uint32_t>(event->size());
  std::string frame = {static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                       static_cast<char>(size >> 8), static_cast<char>(size)};
  return frame + *event;
}

// A JSON watch frame is {"type":"TYPE","object":OBJECT} and a newline, in the apiserver's key
// order (R7.2, R11.4): AppendJsonFrameOpening writes what comes before OBJECT.
void AppendJsonFrameOpening(std::string& out, std::string_view type) {
  out += "{\"type\":\"";
  out += type;
  out += "\",\"object\":";
}
constexpr std::string_view kJsonFrameClosing = "}\n";

// A frame waiting to be read: its bytes, shared with the other watchers that send the same ones,
// or, for a caller that takes trees, the event's type and object.
struct QueuedFrame {
  static QueuedFrame Of(std::shared_ptr<const std::string> bytes) {
    return {std::move(bytes), {}, {}};
  }

  std::shared_ptr<const std::string> bytes;
  std::string event_type;
  std::shared_ptr<const nlohmann::json> object;
};

// What the stream and its timers share; timers hold it weakly so a stream can go first.
struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  bool signalled = false;                // the storage watch has something (or ended)
  bool bookmark_due = false;             // a periodic or pre-timeout bookmark is wanted
  bool ended = false;                    // timeout, Cancel, or after an ERROR event
  bool cancelled = false;                // Cancel: queued frames are dropped
  std::unique_ptr<api::Timer> periodic;  // the next periodic bookmark
  std::function<void()> on_ready;        // SetReadyCallback's; runs with `mutex` held
};

class WatchStream final : public ResponseStream {
 public:
  WatchStream(const RequestScope& scope, ObjectFilter filter, bool bookmarks,
              WatchEventTransform transform)
      : clock_(scope.server.clock),
        kind_(scope.kind()),
        custom_(scope.custom_resource),
        protobuf_(scope.format.media_type == MediaType::kProtobuf),
        trees_(scope.request.accepts_parsed_json && !protobuf_),
        filter_(std::move(filter)),
        bookmarks_(bookmarks),
        transform_(std::move(transform)),
        frame_cache_(scope.server.watch_frames),
        shared_format_(SharedFormat()),
        shared_(std::make_shared<Shared>()) {}

  ~WatchStream() override {
    Cancel();
    std::unique_ptr<api::Timer> periodic;
    {
      std::lock_guard lock(shared_->mutex);
      periodic = std::move(shared_->periodic);
    }
    timers_.clear();  // destroying a Timer cancels it
  }

  // Queues ADDED for each object of `initial` and, when asked, the initial-events-end
  // bookmark; then follows `watch`.
  void Start(const ListResult& initial, bool end_bookmark, std::unique_ptr<StorageWatch> watch,
             int64_t start_revision, seconds timeout) {
    storage_open_ = true;
    last_revision_ = start_revision;
    for (const KeyValue& item : initial.items) {
      if (filter_.Matches(*item.object)) {
        frames_.push_back(InitialFrame(item));
      }
    }
    if (end_bookmark) frames_.push_back(Bookmark(true));
    storage_watch_ = std::move(watch);
    std::weak_ptr<Shared> weak = shared_;
    storage_watch_->SetNotify([weak] { Signal(weak, [](Shared& s) { s.signalled = true; }); });
    ScheduleTimers(timeout);
  }

  // Queues a single ERROR event and ends (an expired resourceVersion, R7.4).
  void EndWithError(const api::Error& error) {
    frames_.push_back(Encoded("ERROR", error.ToStatus()));
    std::lock_guard lock(shared_->mutex);
    shared_->ended = true;
  }

  StreamRead NextWithin(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      bool ended = false;
      {
        std::lock_guard lock(shared_->mutex);
        if (shared_->cancelled) return StreamRead::Ended();
        ended = shared_->ended;
      }
      if (!frames_.empty()) {
        QueuedFrame frame = std::move(frames_.front());
        frames_.pop_front();
        return ToRead(std::move(frame));
      }
      if (ended) return StreamRead::Ended();
      TakeStorageEvents();
      if (!frames_.empty()) continue;
      if (!storage_open_) return StreamRead::Ended();  // R7.10
      std::unique_lock lock(shared_->mutex);
      auto ready = [&] { return shared_->signalled || shared_->bookmark_due || shared_->ended; };
      // A poll (a deadline already past) must not enter the condition variable's wait, which
      // is a system call even then.
      const bool woken = ready() || (std::chrono::steady_clock::now() < deadline &&
                                     shared_->changed.wait_until(lock, deadline, ready));
      if (!woken) return StreamRead::NothingYet();
      shared_->signalled = false;
      if (shared_->bookmark_due && !shared_->ended) {
        shared_->bookmark_due = false;
        lock.unlock();
        // Changes committed before the tick come first, so the bookmark covers them (R7.7)
        // whichever thread reads the stream.
        TakeStorageEvents();
        if (bookmarks_) frames_.push_back(Bookmark(false));
      }
    }
  }

  // What NextWithin(0) would return call after call until kNothingYet or kEnded, each frame's
  // bytes appended to `out`; false once the stream has ended.
  bool TakeReady(std::vector<std::shared_ptr<const std::string>>& out) {
    bool ended = false;
    bool bookmark_due = false;
    {
      std::lock_guard lock(shared_->mutex);
      if (shared_->cancelled) return false;
      ended = shared_->ended;
      shared_->signalled = false;
      bookmark_due = shared_->bookmark_due && !ended;
      if (bookmark_due) shared_->bookmark_due = false;
    }
    if (!ended) {
      TakeStorageEvents();
      // After the changes committed before the tick, as in NextWithin (R7.7).
      if (bookmark_due && bookmarks_) frames_.push_back(Bookmark(false));
    }
    for (QueuedFrame& frame : frames_) {
      out.push_back(frame.bytes
                        ? std::move(frame.bytes)
                        : std::make_shared<const std::string>(ToRead(std::move(frame)).Bytes()));
    }
    frames_.clear();
    return !ended && storage_open_;
  }

  void SetReadyCallback(std::function<void()> on_ready) {
    std::lock_guard lock(shared_->mutex);
    shared_->on_ready = std::move(on_ready);
  }

  void Cancel() override {
    Signal(shared_, [](Shared& s) {
      s.ended = true;
      s.cancelled = true;
    });
    if (storage_watch_) storage_watch_->Stop();
  }

 private:
  template <typename F>
  static void Signal(const std::weak_ptr<Shared>& weak, F change) {
    if (std::shared_ptr<Shared> shared = weak.lock()) {
      std::lock_guard lock(shared->mutex);
      change(*shared);
      shared->changed.notify_all();
      if (shared->on_ready) shared->on_ready();
    }
  }

  void ScheduleTimers(seconds timeout) {
    std::weak_ptr<Shared> weak = shared_;
    timers_.push_back(
        clock_.AfterFunc(timeout, [weak] { Signal(weak, [](Shared& s) { s.ended = true; }); }));
    if (!bookmarks_) return;
    if (timeout > kBookmarkBeforeTimeout) {
      timers_.push_back(clock_.AfterFunc(timeout - kBookmarkBeforeTimeout, [weak] {
        Signal(weak, [](Shared& s) { s.bookmark_due = true; });
      }));
    }
    SchedulePeriodicBookmark(clock_, weak);
  }

  // Every kBookmarkInterval: asks for a bookmark and schedules the next one.
  static void SchedulePeriodicBookmark(api::Clock& clock, const std::weak_ptr<Shared>& weak) {
    std::unique_ptr<api::Timer> timer = clock.AfterFunc(kBookmarkInterval, [&clock, weak] {
      Signal(weak, [](Shared& s) { s.bookmark_due = true; });
      SchedulePeriodicBookmark(clock, weak);
    });
    if (std::shared_ptr<Shared> shared = weak.lock()) {
      std::lock_guard lock(shared->mutex);
      if (!shared->ended) shared->periodic = std::move(timer);
    }
  }

  // Turns every change the storage watch has queued into frames, taken under one lock; notes
  // when the storage watch has ended (R7.10).
  void TakeStorageEvents() {
    if (!storage_open_) return;
    storage_open_ = TakeQueuedEvents(*storage_watch_, events_);
    for (const StorageEventPtr& event : events_) Process(*event);
    events_.clear();
  }

  // R7.9: the event a change is for this watcher, judged on the old and the new state.
  void Process(const StorageEvent& event) {
    last_revision_ = event.revision;
    const bool now_matches =
        event.type != WatchEventType::kDeleted && filter_.Matches(*event.object);
    const bool matched = event.type == WatchEventType::kAdded ? false
                         : event.type == WatchEventType::kDeleted
                             ? filter_.Matches(*event.object)
                             : event.prev_object && filter_.Matches(*event.prev_object);
    if (event.type == WatchEventType::kDeleted) {
      if (matched) frames_.push_back(ChangeFrame("DELETED", event.revision, event.object, true));
      return;
    }
    if (now_matches) {
      frames_.push_back(
          ChangeFrame(matched ? "MODIFIED" : "ADDED", event.revision, event.object, false));
    } else if (matched) {
      frames_.push_back(ChangeFrame("DELETED", event.revision, event.prev_object, true));
    }
  }

  // The frame of event `type` for the change at `revision`: `object` is the state it stored
  // or, when `deleted`, the last state before it, sent with the change's resourceVersion
  // (R7.3). Every watcher with the same output format sends the same bytes for it (ADDED and
  // MODIFIED carry the state stored at `revision`, DELETED the one before), so they share one
  // encoding. A watcher that takes trees gets the stored tree itself when it is what the event
  // carries.
  QueuedFrame ChangeFrame(std::string_view type, int64_t revision, const ObjectPtr& object,
                          bool deleted) {
    if (trees_ && !deleted && SendsUnchanged(*object)) {
      // Shares ownership of the stored object: it is immutable once stored.
      return {nullptr, std::string(type),
              std::shared_ptr<const nlohmann::json>(object, &object->json())};
    }
    auto event_object = [&] {
      nlohmann::json json = AsVersion(kind_, *object, custom_.get());
      if (deleted) json["metadata"]["resourceVersion"] = std::to_string(revision);
      return json;
    };
    if (trees_ || !shared_format_) return EventFrame(type, event_object());
    return QueuedFrame::Of(frame_cache_.GetOrEncode(
        {revision, type, *shared_format_, custom_},
        [&] { return EncodeWatchFrame(type, Transformed(event_object()), protobuf_); }));
  }

  // The ADDED frame of an object of the initial state. A watch that sends a built-in object's
  // JSON bytes untransformed writes them from the stored bytes (what ChangeFrame's encoding
  // gives, without copying the tree and dumping it: for a WatchList of 10,000 Pods that was
  // most of the server's work); any other goes through ChangeFrame.
  QueuedFrame InitialFrame(const KeyValue& item) {
    if (trees_ || protobuf_ || custom_ != nullptr || !transform_.IsIdentity()) {
      return ChangeFrame("ADDED", item.mod_revision, item.object, false);
    }
    const EncodedItemPtr encoded = EncodedBytesOf(item);
    std::string frame;
    frame.reserve(encoded->json.size() + 96);
    AppendJsonFrameOpening(frame, "ADDED");
    CompactJsonWriter writer(frame);
    AppendObjectJson(writer, *encoded, kind_);
    frame += kJsonFrameClosing;
    return QueuedFrame::Of(std::make_shared<const std::string>(std::move(frame)));
  }

  // Whether the event object for `object` is the stored tree as it is: a built-in object stored
  // with this watch's apiVersion and kind, untransformed (AsVersion and Apply change nothing).
  bool SendsUnchanged(const api::Object& object) const {
    return custom_ == nullptr && transform_.IsIdentity() && object.GetKind() == kind_.kind &&
           object.GetApiVersion() == kind_.GetGroupVersion().String();
  }

  // What, besides the change and the event type, the bytes of this watch's frames depend on;
  // nullopt when they differ between watchers (Table rows).
  std::optional<std::string> SharedFormat() const {
    std::optional<std::string> transform = transform_.SharedFormat();
    if (!transform) return std::nullopt;
    return std::string(protobuf_ ? "protobuf " : "json ") + kind_.String() + " " + *transform;
  }

  QueuedFrame Bookmark(bool initial_events_end) {
    const api::GroupVersionKind& kind = kind_;
    nlohmann::json metadata = {{"resourceVersion", std::to_string(last_revision_)}};
    if (initial_events_end) metadata["annotations"] = {{kInitialEventsEnd, "true"}};
    return EventFrame("BOOKMARK", {{"kind", kind.kind},
                                   {"apiVersion", kind.GetGroupVersion().String()},
                                   {"metadata", std::move(metadata)}});
  }

  // The frame of an object event, its object transformed as the Accept header asked.
  QueuedFrame EventFrame(std::string_view type, nlohmann::json object) {
    return Encoded(type, Transformed(std::move(object)));
  }

  nlohmann::json Transformed(nlohmann::json object) {
    return transform_.Apply(std::move(object), PrintContext{clock_.Now()});
  }

  // The frame of event `type` sending `object`: a tree for a watcher that takes trees, else bytes.
  QueuedFrame Encoded(std::string_view type, nlohmann::json object) const {
    if (trees_) {
      return {nullptr, std::string(type),
              std::make_shared<const nlohmann::json>(std::move(object))};
    }
    return QueuedFrame::Of(
        std::make_shared<const std::string>(EncodeWatchFrame(type, object, protobuf_)));
  }

  static StreamRead ToRead(QueuedFrame frame) {
    if (frame.bytes) return StreamRead::Frame(*frame.bytes);
    return StreamRead::Event(std::move(frame.event_type), std::move(frame.object));
  }

  api::Clock& clock_;
  const api::GroupVersionKind kind_;
  const apiextensions::CustomResourceVersionPtr custom_;  // nullptr for built-ins
  const bool protobuf_;
  const bool trees_;  // the caller takes JSON events as trees (Request::accepts_parsed_json)
  ObjectFilter filter_;
  const bool bookmarks_;
  WatchEventTransform transform_;  // only the thread in Start or Next uses it
  WatchFrameCache& frame_cache_;
  const std::optional<std::string> shared_format_;
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<StorageWatch> storage_watch_;
  std::vector<std::unique_ptr<api::Timer>> timers_;
  // Only the thread in Next (or TakeReady) touches these.
  std::deque<QueuedFrame> frames_;
  std::vector<StorageEventPtr> events_;  // reused by TakeStorageEvents
  bool storage_open_ = false;            // storage_watch_ may queue more events
  int64_t last_revision_ = 0;
};

seconds TimeoutFor(const ListOptions& options, IdentityGenerator& identity) {
  if (options.timeout_seconds && *options.timeout_seconds > 0) {
    return seconds(*options.timeout_seconds);
  }
  return seconds(identity.UniformInt(kMinDefaultTimeoutSeconds, kMaxDefaultTimeoutSeconds - 1));
}

}  // namespace

Result<std::unique_ptr<ResponseStream>> OpenWatchStream(const RequestScope& scope,
                                                        const ListOptions& options,
                                                        ObjectFilter filter,
                                                        WatchEventTransform transform) {
  Storage& storage = scope.server.storage;
  const std::string prefix = CollectionPrefix(scope.group_resource(), scope.info.namespace_);
  auto stream = std::make_unique<WatchStream>(scope, std::move(filter),
                                              options.allow_watch_bookmarks, std::move(transform));
  const seconds timeout = TimeoutFor(options, scope.server.identity);

  Result<uint64_t> parsed =
      ParseResourceVersion(options.resource_version, ResourceVersionReader::kWatchCache);
  if (!parsed) return Fail(parsed.error());
  const auto requested = static_cast<int64_t>(*parsed);
  const bool send_initial = options.send_initial_events.value_or(requested == 0);
  if (send_initial) {
    // R7.6: the initial state must be at least as new as `requested`; the cacher waits up to
    // 3 s for it and then answers 504, the fake answers at once (nothing else can advance its
    // revision meanwhile).
    const int64_t current = storage.CurrentRevision();
    if (requested > current) {
      return Fail(api::NewTooLargeResourceVersion(static_cast<uint64_t>(requested),
                                                  static_cast<uint64_t>(current), 1));
    }
    // The watch resumes right after the listed state, so a write between the two is replayed,
    // never lost (anchors 7.1 #10, #12). Only a compaction in between can fail it: list again.
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      Result<ListResult> initial = storage.List(prefix, {});
      if (!initial) return Fail(initial.error());
      Result<std::unique_ptr<StorageWatch>> watch = storage.Watch(prefix, initial->revision);
      if (!watch) {
        if (api::IsResourceExpired(watch.error()) && attempt < kAttempts) continue;
        return Fail(watch.error());
      }
      const bool end_bookmark =
          options.send_initial_events.value_or(false) && options.allow_watch_bookmarks;
      stream->Start(*initial, end_bookmark, std::move(*watch), initial->revision, timeout);
      return stream;
    }
  }
  const int64_t from = requested > 0 ? requested : storage.CurrentRevision();
  Result<std::unique_ptr<StorageWatch>> watch = storage.Watch(prefix, from);
  if (!watch) {
    if (!api::IsResourceExpired(watch.error())) return Fail(watch.error());
    // R7.4: a single ERROR event with the storage's `too old resource version: <n> (<m>)`,
    // in a 200 response.
    stream->EndWithError(watch.error());
    return stream;
  }
  stream->Start(ListResult{}, false, std::move(*watch), from, timeout);
  return stream;
}

std::string EncodeWatchFrame(std::string_view type, const nlohmann::json& object, bool protobuf) {
  if (protobuf) return ProtobufFrame(type, object);
  std::string frame;
  AppendJsonFrameOpening(frame, type);
  frame += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  frame += kJsonFrameClosing;
  return frame;
}

bool SetReadyCallback(ResponseStream& stream, std::function<void()> on_ready) {
  auto* watch = dynamic_cast<WatchStream*>(&stream);
  if (watch == nullptr) return false;
  watch->SetReadyCallback(std::move(on_ready));
  return true;
}

bool TakeReadyFrames(ResponseStream& stream, std::vector<std::shared_ptr<const std::string>>& out) {
  return static_cast<WatchStream&>(stream).TakeReady(out);
}

std::string_view WatchContentType(bool protobuf) {
  return protobuf ? "application/vnd.kubernetes.protobuf;stream=watch" : "application/json";
}

}  // namespace kubefake::fakeserver

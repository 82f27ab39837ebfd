// Reconciler: one pass of the Widget controller's logic for one Widget, with no informers,
// queues or threads, over interfaces a test can mock (WidgetStore, the typed clientset, an
// event sink). Thread-safe when its collaborators are; the controller calls it from several
// workers, never for the same key at once (the work queue guarantees it).
//
// One pass, for the Widget `namespace/name`:
//   gone                     -> nothing (its children are the garbage collector's)
//   being deleted            -> delete the Deployment and Service, then remove the finalizer
//   no finalizer yet         -> add example.com/cleanup
//   then                     -> create the Deployment and Service if missing (an Event each),
//                               set the Deployment's replicas to spec.replicas or spec.size,
//                               write status {replicas, ready} through /status if it changed.
// Any failed write ends the pass with its error; the caller retries with rate limiting.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/api/types/apps/v1.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/record/event_recorder.h"
#include "widget_store.h"

namespace example {

// Records an Event (EventRecorder::Event in the controller).
using EventSink = std::function<kubefake::Result<void>(const kubefake::client::record::EventSpec&)>;

class Reconciler {
 public:
  // `widgets` and `clientset` must outlive the reconciler. Writes carry `field_manager`. An
  // empty `events` records no Events.
  Reconciler(WidgetStore& widgets, kubefake::client::kubernetes::Interface& clientset,
             EventSink events, std::string field_manager);

  // Brings the Widget `key` ("namespace/name") and its children one step closer to the
  // desired state. Errors: BadRequest for a malformed key; the first failing read or write
  // (Conflict on a stale Widget, AlreadyExists when a child was created meanwhile, and Conflict
  // `... is not controlled by Widget <name>` when a child of that name belongs to something
  // else).
  kubefake::Result<void> Reconcile(const std::string& key);

 private:
  kubefake::Result<void> Finalize(const nlohmann::json& widget);
  kubefake::Result<kubefake::api::apps::v1::Deployment> EnsureDeployment(
      const nlohmann::json& widget);
  kubefake::Result<void> EnsureService(const nlohmann::json& widget);
  kubefake::Result<void> UpdateStatus(const nlohmann::json& widget,
                                      const kubefake::api::apps::v1::Deployment& deployment);
  // A Normal Event `Created` about the widget, related to the child of that kind it created; a
  // failure to record is not the pass's failure.
  void RecordCreated(const nlohmann::json& widget, const std::string& api_version,
                     const std::string& kind);

  WidgetStore& widgets_;
  kubefake::client::kubernetes::Interface& clientset_;
  EventSink events_;
  kubefake::client::CreateOptions write_options_;
};

}  // namespace example

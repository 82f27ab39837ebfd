// WidgetStore: what the reconciler reads and writes of Widgets, an interface so a test can
// mock it (the typed clientset is mocked through testkit::MockClientset). The controller's
// implementation (InformerWidgetStore) reads the informer's cache and writes through the
// dynamic client. Implementations are thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kubefake/api/result.h"

namespace example {

class WidgetStore {
 public:
  virtual ~WidgetStore() = default;

  // The Widget as last seen. Errors: NotFound once it is gone.
  virtual kubefake::Result<nlohmann::json> Get(const std::string& ns,
                                               const std::string& name) const = 0;
  // PUT of the whole Widget (metadata and spec). Errors: Conflict on a stale resourceVersion.
  virtual kubefake::Result<nlohmann::json> Update(const nlohmann::json& widget) = 0;
  // PUT to the status subresource. Errors: Conflict on a stale resourceVersion.
  virtual kubefake::Result<nlohmann::json> UpdateStatus(const nlohmann::json& widget) = 0;
};

}  // namespace example

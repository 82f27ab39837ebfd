// InformerWidgetStore: the controller's WidgetStore. Reads come from the Widget informer's
// cache (as a client-go controller reads its lister), writes go to the server through the
// dynamic client with the controller's field manager. Thread-safe.
#pragma once

#include <string>

#include "kubefake/client/cache/lister.h"
#include "kubefake/client/dynamic_client.h"
#include "widget_store.h"

namespace example {

class InformerWidgetStore final : public WidgetStore {
 public:
  // `indexer` (the informer's cache) must outlive the store.
  InformerWidgetStore(const kubefake::client::cache::Indexer& indexer,
                      kubefake::client::DynamicResource widgets, std::string field_manager);

  kubefake::Result<nlohmann::json> Get(const std::string& ns,
                                       const std::string& name) const override;
  kubefake::Result<nlohmann::json> Update(const nlohmann::json& widget) override;
  kubefake::Result<nlohmann::json> UpdateStatus(const nlohmann::json& widget) override;

 private:
  kubefake::client::DynamicResource In(const nlohmann::json& widget) const;

  kubefake::client::cache::Lister<nlohmann::json> lister_;
  kubefake::client::DynamicResource widgets_;
  kubefake::client::UpdateOptions options_;
};

}  // namespace example

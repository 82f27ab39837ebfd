// InformerWidgetStore: cache reads, dynamic-client writes.
#include "informer_widget_store.h"

#include <utility>

#include "widget.h"

namespace example {

InformerWidgetStore::InformerWidgetStore(const kubefake::client::cache::Indexer& indexer,
                                         kubefake::client::DynamicResource widgets,
                                         std::string field_manager)
    : lister_(indexer, {kWidgets.group, kWidgets.resource}),
      widgets_(std::move(widgets)),
      options_{.field_manager = std::move(field_manager)} {}

kubefake::Result<nlohmann::json> InformerWidgetStore::Get(const std::string& ns,
                                                          const std::string& name) const {
  auto cached = lister_.Namespace(ns).Get(name);
  if (!cached) return kubefake::Fail(cached.error());
  return **cached;
}

kubefake::Result<nlohmann::json> InformerWidgetStore::Update(const nlohmann::json& widget) {
  return In(widget).Update(widget, options_);
}

kubefake::Result<nlohmann::json> InformerWidgetStore::UpdateStatus(const nlohmann::json& widget) {
  return In(widget).UpdateStatus(widget, options_);
}

kubefake::client::DynamicResource InformerWidgetStore::In(const nlohmann::json& widget) const {
  return widgets_.Namespace(
      widget.value(nlohmann::json::json_pointer("/metadata/namespace"), std::string()));
}

}  // namespace example

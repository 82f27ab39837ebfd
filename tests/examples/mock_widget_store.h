// MockWidgetStore: a GoogleMock WidgetStore for pure interaction tests of the Reconciler.
#pragma once

#include <gmock/gmock.h>

#include "widget_store.h"

namespace example {

class MockWidgetStore : public WidgetStore {
 public:
  MOCK_METHOD(kubefake::Result<nlohmann::json>, Get, (const std::string&, const std::string&),
              (const, override));
  MOCK_METHOD(kubefake::Result<nlohmann::json>, Update, (const nlohmann::json&), (override));
  MOCK_METHOD(kubefake::Result<nlohmann::json>, UpdateStatus, (const nlohmann::json&), (override));
};

}  // namespace example

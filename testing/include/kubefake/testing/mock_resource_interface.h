// GoogleMock stand-ins for the typed clientset's per-resource interfaces
// (client/kubernetes/resource_interface.h), for pure interaction tests:
//   ::testing::StrictMock<MockScalableResourceInterface<Deployment, DeploymentList>> deployments;
//   EXPECT_CALL(deployments, Get("web", _)).WillOnce(Return(deployment));
// Install them in a MockClientset (mock_clientset.h) to hand a controller a whole clientset.
// Header-only; the test links GoogleMock. Thread-safe as GoogleMock mocks are.
#pragma once

#include <gmock/gmock.h>

#include <memory>
#include <string>
#include <vector>

#include "kubefake/api/types/autoscaling/v1.h"
#include "kubefake/client/kubernetes/resource_interface.h"

namespace kubefake::testkit {

template <typename T>
class MockCreateOnlyInterface : public client::kubernetes::CreateOnlyInterface<T> {
 public:
  MOCK_METHOD(Result<T>, Create, (const T&, const client::CreateOptions&), (const, override));
};

// The verbs every listable resource has, shared by the two mocks below.
#define KUBEFAKE_MOCK_RESOURCE_METHODS_(T, TList)                                                  \
  MOCK_METHOD(Result<T>, Create, (const T&, const client::CreateOptions&), (const, override));     \
  MOCK_METHOD(Result<T>, Update, (const T&, const client::UpdateOptions&), (const, override));     \
  MOCK_METHOD(Result<T>, UpdateStatus, (const T&, const client::UpdateOptions&),                   \
              (const, override));                                                                  \
  MOCK_METHOD(Result<void>, Delete, (const std::string&, const client::DeleteOptions&),            \
              (const, override));                                                                  \
  MOCK_METHOD(Result<void>, DeleteCollection,                                                      \
              (const client::DeleteOptions&, const client::ListOptions&), (const, override));      \
  MOCK_METHOD(Result<T>, Get, (const std::string&, const client::GetOptions&), (const, override)); \
  MOCK_METHOD(Result<TList>, List, (const client::ListOptions&), (const, override));               \
  MOCK_METHOD(Result<std::unique_ptr<client::kubernetes::TypedWatcher<T>>>, Watch,                 \
              (const client::ListOptions&), (const, override));                                    \
  MOCK_METHOD(Result<T>, Patch,                                                                    \
              (const std::string&, client::PatchType, std::string, const client::PatchOptions&,    \
               const std::vector<std::string>&),                                                   \
              (const, override));                                                                  \
  MOCK_METHOD(Result<T>, Apply, (const T&, const client::ApplyOptions&), (const, override))

template <typename T, typename TList>
class MockResourceInterface : public client::kubernetes::ResourceInterface<T, TList> {
 public:
  KUBEFAKE_MOCK_RESOURCE_METHODS_(T, TList);
};

template <typename T, typename TList>
class MockScalableResourceInterface
    : public client::kubernetes::ScalableResourceInterface<T, TList> {
 public:
  KUBEFAKE_MOCK_RESOURCE_METHODS_(T, TList);
  MOCK_METHOD(Result<api::autoscaling::v1::Scale>, GetScale,
              (const std::string&, const client::GetOptions&), (const, override));
  MOCK_METHOD(Result<api::autoscaling::v1::Scale>, UpdateScale,
              (const std::string&, const api::autoscaling::v1::Scale&,
               const client::UpdateOptions&),
              (const, override));
};

#undef KUBEFAKE_MOCK_RESOURCE_METHODS_

}  // namespace kubefake::testkit

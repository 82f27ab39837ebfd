// Uses the installed kubefake headers and libraries: prints a NotFound Status message, answered
// by a StrictMock of the typed pods client (so the package must bring GoogleMock along).
#include <gmock/gmock.h>
#include <kubefake/api/error.h>
#include <kubefake/api/version.h>
#include <kubefake/testing/mock/core/v1.h>

#include <iostream>

int main() {
  testing::StrictMock<kubefake::testkit::core::v1::MockPodInterface> pods;
  EXPECT_CALL(pods, Get("web", testing::_))
      .WillOnce(testing::Return(kubefake::Fail(kubefake::api::NewNotFound({"", "pods"}, "web"))));
  const kubefake::Result<kubefake::api::core::v1::Pod> pod = pods.Get("web", {});
  if (pod) return 1;
  std::cout << "kubefake " << kubefake::api::kKubefakeVersion << ": " << pod.error().message()
            << "\n";
  return kubefake::api::IsNotFound(pod.error()) ? 0 : 1;
}

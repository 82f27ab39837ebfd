// The two doors to one fake: a FakeClientset in-process, or the same fake served over loopback
// HTTP (TestServer), so one parameterized test body runs on both, as kubefake's own suites do:
//   INSTANTIATE_TEST_SUITE_P(Doors, MyTest, testing::ValuesIn(ClientsetDoors()), DoorName);
// Stateless; thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/testing/fake_clientset.h"

namespace kubefake::testkit {

struct ClientsetDoor {
  const char* name;  // "FakeClientset" or "TestServer"
  // A fresh fake behind this door (TestServer::New for the HTTP one).
  std::function<Result<std::unique_ptr<FakeClientset>>(FakeClientsetOptions)> make;
};

void PrintTo(const ClientsetDoor& door, std::ostream* os);

// The in-process door, then the HTTP door.
std::vector<ClientsetDoor> ClientsetDoors();

// The door's name, for INSTANTIATE_TEST_SUITE_P's name generator.
std::string DoorName(const ::testing::TestParamInfo<ClientsetDoor>& info);

}  // namespace kubefake::testkit

#include "kubefake/testing/either_door.h"

#include "kubefake/testing/test_server.h"

namespace kubefake::testkit {

void PrintTo(const ClientsetDoor& door, std::ostream* os) { *os << door.name; }

std::vector<ClientsetDoor> ClientsetDoors() {
  return {
      {"FakeClientset",
       [](FakeClientsetOptions options) { return FakeClientset::New(std::move(options)); }},
      {"TestServer",
       [](FakeClientsetOptions options) -> Result<std::unique_ptr<FakeClientset>> {
         auto server = TestServer::New(std::move(options));
         if (!server) return Fail(server.error());
         return std::unique_ptr<FakeClientset>(std::move(*server));
       }},
  };
}

std::string DoorName(const ::testing::TestParamInfo<ClientsetDoor>& info) {
  return info.param.name;
}

}  // namespace kubefake::testkit

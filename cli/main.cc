// kubefake: the command line tool. Until the serve issue lands, `serve` prints the version.
#include <iostream>
#include <string_view>

#include "kubefake/api/version.h"

namespace {

constexpr std::string_view kUsage =
    "usage: kubefake <command>\n"
    "commands:\n"
    "  version   print kubefake's version and the Kubernetes API version it emulates\n"
    "  serve     serve the fake apiserver (not yet available: prints the version)\n";

void PrintVersion() {
  std::cout << "kubefake " << kubefake::api::kKubefakeVersion << " (Kubernetes API "
            << kubefake::api::kKubernetesVersion << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string_view command = argv[1];
  if (command == "version" || command == "--version") {
    PrintVersion();
    return 0;
  }
  if (command == "serve") {
    PrintVersion();
    std::cout << "kubefake serve: the apiserver is not implemented yet\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "kubefake: unknown command \"" << command << "\"\n" << kUsage;
  return 2;
}

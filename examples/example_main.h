// The examples' main(): the kubeconfig chosen as client-go's examples choose it (the first
// argument, else $KUBECONFIG's first file, else ~/.kube/config), the example run with it, and
// its error printed with exit status 1.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>

#include <kubefake/api/result.h>

inline std::string KubeconfigPath(int argc, char** argv) {
  if (argc > 1) return argv[1];
  if (const char* env = std::getenv("KUBECONFIG"); env != nullptr && *env != '\0') {
    const std::string files = env;
    return files.substr(0, files.find(':'));
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "") + "/.kube/config";
}

inline int ExampleMain(int argc, char** argv,
                       kubefake::Result<void> (*run)(const std::string& kubeconfig_path)) {
  auto result = run(KubeconfigPath(argc, argv));
  if (!result) {
    std::cerr << "error: " << result.error().message() << "\n";
    return 1;
  }
  return 0;
}

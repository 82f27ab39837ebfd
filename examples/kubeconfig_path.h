// The kubeconfig the examples use, as client-go's examples choose it: the first argument, else
// $KUBECONFIG (its first file), else ~/.kube/config.
#pragma once

#include <cstdlib>
#include <string>

inline std::string KubeconfigPath(int argc, char** argv) {
  if (argc > 1) return argv[1];
  if (const char* env = std::getenv("KUBECONFIG"); env != nullptr && *env != '\0') {
    const std::string files = env;
    return files.substr(0, files.find(':'));
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "") + "/.kube/config";
}

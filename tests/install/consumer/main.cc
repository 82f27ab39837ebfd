// Uses the installed kubefake headers and libraries; prints a NotFound Status message.
#include <iostream>

#include <kubefake/api/error.h>
#include <kubefake/api/version.h>

int main() {
  const kubefake::api::Error error = kubefake::api::NewNotFound({"", "pods"}, "web");
  std::cout << "kubefake " << kubefake::api::kKubefakeVersion << ": " << error.message() << "\n";
  return kubefake::api::IsNotFound(error) ? 0 : 1;
}

// std::unique_ptr for OpenSSL objects, each freed by its own free function:
// OpenSslPtr<X509, X509_free>.
#pragma once

#include <memory>

namespace kubefake::fakeserver {

template <auto Free>
struct OpenSslFree {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

template <typename T, auto Free>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<Free>>;

}  // namespace kubefake::fakeserver

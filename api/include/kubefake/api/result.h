// Result<T>: the value of a fallible call, or the api::Error (a metav1.Status) that explains why
// it failed. Every fallible public call in kubefake returns one.
#pragma once

#include <expected>

#include "kubefake/api/error.h"

namespace kubefake {

template <typename T>
using Result = std::expected<T, api::Error>;

// Wraps an error for returning from a function whose type is Result<T>.
inline std::unexpected<api::Error> Fail(api::Error error) {
  return std::unexpected<api::Error>(std::move(error));
}

}  // namespace kubefake

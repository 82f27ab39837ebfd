// Indirect<T>: a T on the heap with value semantics (copying copies the T, == compares the Ts),
// a stand-in for C++26 std::indirect. Generated types use it where a type contains itself
// (apiextensions/v1 JSONSchemaProps.not), which a plain or std::optional member cannot.
// Value type; thread-compatible.
#pragma once

#include <memory>
#include <utility>

namespace kubefake::api {

template <typename T>
class Indirect {
 public:
  // Holds a value-initialized T.
  Indirect() : value_(std::make_unique<T>()) {}
  Indirect(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit
  Indirect(const Indirect& other) : value_(std::make_unique<T>(*other)) {}
  // Leaves `other` valueless, as std::indirect does: it may only be assigned to or destroyed.
  Indirect(Indirect&& other) noexcept = default;
  Indirect& operator=(const Indirect& other) {
    if (this != &other) value_ = std::make_unique<T>(*other);
    return *this;
  }
  Indirect& operator=(Indirect&& other) noexcept = default;
  ~Indirect() = default;

  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }

  // True only for a moved-from Indirect.
  bool valueless_after_move() const { return value_ == nullptr; }

  friend bool operator==(const Indirect& a, const Indirect& b) { return *a == *b; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace kubefake::api

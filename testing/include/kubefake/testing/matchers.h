// GoogleMock matchers and printers for kubefake results and Kubernetes objects:
//   EXPECT_THAT(pods.Get("web"), IsOk());
//   EXPECT_THAT(pods.Get("gone"), ErrorIs(api::Reason::kNotFound));
//   EXPECT_THAT(deployment, AllOf(HasLabel("app", "web"), MatchesYaml("spec: {replicas: 3}")));
// Object matchers take a typed struct, nlohmann::json, a pointer or shared_ptr to either (a
// lister's answer) or a Result of either, and explain a mismatch in Kubernetes terms
// (`whose labels are {app=api}`). Header-only over object_checks.h; the test links GoogleMock.
// Stateless; thread-safe.
#pragma once

#include <gmock/gmock.h>

#include <expected>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/api/typed_codec.h"
#include "kubefake/testing/object_checks.h"

namespace kubefake::api {

// gtest prints an Error, and a Result through ADL on its error type, as
// `NotFound (404): pods "web" not found` or `OK <the object as JSON>`.
inline void PrintTo(const Error& error, std::ostream* os) { *os << testkit::DescribeError(error); }

template <typename T>
void PrintTo(const std::expected<T, Error>& result, std::ostream* os) {
  if (!result) {
    PrintTo(result.error(), os);
  } else if constexpr (std::is_void_v<T>) {
    *os << "OK";
  } else if constexpr (requires(nlohmann::json j) { to_json(j, *result); }) {
    nlohmann::json object = *result;
    *os << "OK " << object.dump();
  } else {
    *os << "OK " << ::testing::PrintToString(*result);
  }
}

}  // namespace kubefake::api

namespace kubefake::testkit {
namespace matchers_internal {

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<std::expected<T, api::Error>> : std::true_type {};

template <typename T>
concept Dereferenceable = std::is_pointer_v<T> || requires(const T& p) {
  typename T::element_type;
  *p;
  static_cast<bool>(p);
};

class ObjectMatcher {
 public:
  explicit ObjectMatcher(ObjectCheck check) : check_(std::move(check)) {}

  template <typename T>
  bool MatchAndExplain(const T& object, ::testing::MatchResultListener* listener) const {
    if constexpr (IsResult<T>::value) {
      if (!object) {
        *listener << "which failed with " << DescribeError(object.error());
        return false;
      }
      return MatchAndExplain(*object, listener);
    } else if constexpr (Dereferenceable<T>) {
      if (!object) {
        *listener << "which is null";
        return false;
      }
      return MatchAndExplain(*object, listener);
    } else {
      const nlohmann::json json = object;  // a typed struct converts through its to_json
      std::optional<std::string> mismatch = check_.mismatch(json);
      if (mismatch) *listener << *mismatch;
      return !mismatch;
    }
  }
  void DescribeTo(std::ostream* os) const { *os << check_.description; }
  void DescribeNegationTo(std::ostream* os) const { *os << check_.negation; }

 private:
  ObjectCheck check_;
};

inline auto Matcher(ObjectCheck check) {
  return ::testing::MakePolymorphicMatcher(ObjectMatcher(std::move(check)));
}

// Matches a Result (or an api::Error) by outcome: success, or an error with a given reason.
class OutcomeMatcher {
 public:
  explicit OutcomeMatcher(std::optional<api::Reason> reason) : reason_(reason) {}

  template <typename T>
  bool MatchAndExplain(const std::expected<T, api::Error>& result,
                       ::testing::MatchResultListener* listener) const {
    if (result) {
      if (reason_) *listener << "which succeeded";
      return !reason_;
    }
    return MatchAndExplain(result.error(), listener);
  }
  bool MatchAndExplain(const api::Error& error, ::testing::MatchResultListener* listener) const {
    *listener << "which failed with " << DescribeError(error);
    return reason_ && error.reason() == *reason_;
  }
  void DescribeTo(std::ostream* os) const {
    if (reason_) {
      *os << "fails with " << ReasonName();
    } else {
      *os << "is OK";
    }
  }
  void DescribeNegationTo(std::ostream* os) const {
    if (reason_) {
      *os << "does not fail with " << ReasonName();
    } else {
      *os << "is not OK";
    }
  }

 private:
  std::string ReasonName() const {
    std::string_view name = api::ReasonString(*reason_);
    return name.empty() ? "an Unknown reason" : std::string(name);
  }
  std::optional<api::Reason> reason_;
};

}  // namespace matchers_internal

// A Result that holds a value (Result<void> included).
inline auto IsOk() {
  return ::testing::MakePolymorphicMatcher(matchers_internal::OutcomeMatcher(std::nullopt));
}

// A failed Result, or an api::Error, whose Status reason is `reason`.
inline auto ErrorIs(api::Reason reason) {
  return ::testing::MakePolymorphicMatcher(matchers_internal::OutcomeMatcher(reason));
}

inline auto HasName(std::string name) {
  return matchers_internal::Matcher(NameCheck(std::move(name)));
}
inline auto HasNamespace(std::string namespace_) {
  return matchers_internal::Matcher(NamespaceCheck(std::move(namespace_)));
}
inline auto HasLabel(std::string key) {
  return matchers_internal::Matcher(LabelCheck(std::move(key)));
}
inline auto HasLabel(std::string key, std::string value) {
  return matchers_internal::Matcher(LabelCheck(std::move(key), std::move(value)));
}
inline auto HasAnnotation(std::string key) {
  return matchers_internal::Matcher(AnnotationCheck(std::move(key)));
}
inline auto HasAnnotation(std::string key, std::string value) {
  return matchers_internal::Matcher(AnnotationCheck(std::move(key), std::move(value)));
}
// metadata.ownerReferences names an owner of `kind` called `name`.
inline auto HasOwner(std::string kind, std::string name) {
  return matchers_internal::Matcher(OwnerCheck(std::move(kind), std::move(name)));
}
// status.conditions has `type` with status `status` ("True", "False", "Unknown").
inline auto HasCondition(std::string type, std::string status) {
  return matchers_internal::Matcher(ConditionCheck(std::move(type), std::move(status)));
}
inline auto HasFinalizer(std::string finalizer) {
  return matchers_internal::Matcher(FinalizerCheck(std::move(finalizer)));
}
// A partial match: every field `yaml` sets has that value in the object (YamlCheck).
inline auto MatchesYaml(std::string yaml) {
  return matchers_internal::Matcher(YamlCheck(std::move(yaml)));
}

}  // namespace kubefake::testkit

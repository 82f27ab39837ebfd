// LabelSelector: a parsed label selector (`app=web,tier in (a,b),!canary`) that matches label
// sets; list, watch and deletecollection filter with it (R6.9, R6.10), and controllers build it
// from a metav1.LabelSelector. Kubernetes: apimachinery pkg/labels (Selector, Requirement,
// Parse) and pkg/apis/meta/v1 LabelSelectorAsSelector. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/result.h"

namespace kubefake::api {

// An owned label set, as labels.Set. std::less<> allows lookups by string_view.
using LabelSet = std::map<std::string, std::string, std::less<>>;

// The labels one object carries, seen without copying: a LabelSet, a std::map, or the JSON
// object at metadata.labels of an unstructured object (null or absent means no labels; a
// non-string value counts as absent). The viewed labels must outlive the view.
class LabelsView {
 public:
  // No labels at all.
  LabelsView() = default;
  LabelsView(const LabelSet& labels) : kind_(Kind::kLabelSet), set_(&labels) {}  // NOLINT
  LabelsView(const std::map<std::string, std::string>& labels)                   // NOLINT
      : kind_(Kind::kStdMap), std_map_(&labels) {}
  LabelsView(const nlohmann::json& labels) : kind_(Kind::kJson), json_(&labels) {}  // NOLINT

  // The value of label `key`, or nullopt when the label is absent.
  std::optional<std::string_view> Lookup(const std::string& key) const;

 private:
  enum class Kind { kNone, kLabelSet, kStdMap, kJson };
  Kind kind_ = Kind::kNone;
  union {
    const LabelSet* set_ = nullptr;
    const std::map<std::string, std::string>* std_map_;
    const nlohmann::json* json_;
  };
};

// One `key op values` term of a selector (labels.Requirement).
class LabelRequirement {
 public:
  // selection.Operator. kDoubleEquals behaves as kEquals but prints as "==".
  enum class Operator {
    kIn,
    kNotIn,
    kEquals,
    kDoubleEquals,
    kNotEquals,
    kExists,
    kDoesNotExist,
    kGreaterThan,
    kLessThan,
  };

  // labels.NewRequirement: validates `key` (a qualified name), the number of values for `op`
  // (In/NotIn at least one; =, ==, != exactly one; Exists/DoesNotExist none; gt/lt exactly one
  // int64) and each value (a label value). Values are kept in the given order.
  // Errors: BadRequest whose message is apimachinery's aggregate of field errors, e.g.
  // `values[0][app]: Invalid value: "a$": a valid label must be ...`.
  static Result<LabelRequirement> Create(std::string key, Operator op,
                                         std::vector<std::string> values);

  const std::string& key() const { return key_; }
  Operator op() const { return op_; }
  const std::vector<std::string>& values() const { return values_; }

  // In, =, ==: the label is present with one of the values. NotIn, !=: absent or different.
  // Exists / DoesNotExist: presence. gt / lt: present, parses as int64 and compares.
  bool Matches(LabelsView labels) const;

  // `key=v`, `key in (a,b)` (values sorted), `!key`, `key>5`: Requirement.String().
  std::string String() const;

  bool operator==(const LabelRequirement&) const = default;

 private:
  LabelRequirement(std::string key, Operator op, std::vector<std::string> values, int64_t number)
      : key_(std::move(key)), op_(op), values_(std::move(values)), number_(number) {}
  friend class LabelSelector;

  bool HasValue(std::string_view value) const;

  std::string key_;
  Operator op_;
  std::vector<std::string> values_;
  int64_t number_ = 0;  // the parsed value for gt / lt
};

// selection.Operator's string: "in", "notin", "=", "==", "!=", "exists", "!", "gt", "lt".
std::string_view OperatorString(LabelRequirement::Operator op);

// A conjunction of requirements, sorted by key, or Nothing. Default-constructed: Everything.
class LabelSelector {
 public:
  // Matches every label set (also what Parse("") gives).
  LabelSelector() = default;
  static LabelSelector Everything() { return LabelSelector(); }
  // Matches nothing: what a nil metav1.LabelSelector means.
  static LabelSelector Nothing();

  // labels.Parse: the full string grammar of R6.9. Whitespace separates tokens; `in ()` means
  // the one value ""; set values are sorted and deduplicated.
  // Errors: BadRequest with the parser's text (R6.10), e.g.
  // `unable to parse requirement: found '', expected: identifier` or
  // `found ',', expected: !, identifier, or 'end of string'`.
  static Result<LabelSelector> Parse(std::string_view selector);

  // labels.SelectorFromSet: `k=v` for every entry, not validated; an empty set is Everything.
  static LabelSelector FromSet(const LabelSet& labels);
  // labels.ValidatedSelectorFromSet: FromSet, but each entry is validated as Create does.
  // Errors: BadRequest, the first invalid entry in key order.
  static Result<LabelSelector> ValidatedFromSet(const LabelSet& labels);

  // True for every label set when Empty(); false for every one when MatchesNothing().
  bool Matches(LabelsView labels) const;

  // True when the selector does not restrict anything (Everything).
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  // True only for Nothing().
  bool MatchesNothing() const { return nothing_; }

  // Requirements sorted by key (empty for Everything and Nothing).
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

  // A copy with `requirement` added, re-sorted by key (Selector.Add). Nothing stays Nothing.
  LabelSelector Add(LabelRequirement requirement) const;

  // The value `label` must have when the first requirement on `label` is `=`, `==`, or `in`
  // with one value (used for fast paths); nullopt otherwise.
  std::optional<std::string> RequiresExactMatch(std::string_view label) const;

  // The canonical form: requirements joined by ",", e.g. `a=b,c in (x,y)`. "" for Everything
  // and Nothing.
  std::string String() const;

  bool operator==(const LabelSelector&) const = default;

 private:
  friend Result<LabelSelector> LabelSelectorAsSelector(const nlohmann::json& label_selector);

  std::vector<LabelRequirement> requirements_;
  bool nothing_ = false;
};

// metav1.LabelSelectorAsSelector on the JSON form of a metav1.LabelSelector
// (`{"matchLabels": {...}, "matchExpressions": [{"key", "operator", "values"}]}`): null is
// Nothing, no labels and no expressions is Everything. Operators are In, NotIn, Exists and
// DoesNotExist; matchLabels entries become `=` requirements.
// Errors: BadRequest with apimachinery's text: `"Foo" is not a valid label selector operator`,
// a requirement's field errors (`values: Invalid value: []: for 'in', 'notin' operators, values
// set can't be empty`), or an encoding/json-style message when the JSON has the wrong shape.
Result<LabelSelector> LabelSelectorAsSelector(const nlohmann::json& label_selector);

}  // namespace kubefake::api

// FieldsV1: the shared trie and the thread's shared decode source.
#include "kubefake/api/fields_v1.h"

namespace kubefake::api {
namespace {

// The source of the innermost SharedDecodeSource alive on this thread, or nullptr.
thread_local const std::shared_ptr<const nlohmann::json>* current_source = nullptr;

const std::shared_ptr<const nlohmann::json>& NullTrie() {
  static const auto* const null = new std::shared_ptr<const nlohmann::json>(
      std::make_shared<const nlohmann::json>());
  return *null;
}

}  // namespace

FieldsV1::FieldsV1() : trie_(NullTrie()) {}

FieldsV1::FieldsV1(nlohmann::json trie)
    : trie_(std::make_shared<const nlohmann::json>(std::move(trie))) {}

FieldsV1::FieldsV1(std::shared_ptr<const nlohmann::json> owner, const nlohmann::json& trie)
    : trie_(std::move(owner), &trie) {}

void to_json(nlohmann::json& j, const FieldsV1& v) { j = v.json(); }

void from_json(const nlohmann::json& j, FieldsV1& v) {
  v = current_source != nullptr ? FieldsV1(*current_source, j) : FieldsV1(j);
}

SharedDecodeSource::SharedDecodeSource(const std::shared_ptr<const nlohmann::json>& source)
    : previous_(current_source) {
  current_source = &source;
}

SharedDecodeSource::~SharedDecodeSource() { current_source = previous_; }

}  // namespace kubefake::api

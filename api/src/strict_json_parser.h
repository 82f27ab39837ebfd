// ParseStrictJson: DecodeJson's fast path. It parses text that is valid JSON as it stands
// straight into the tree nlohmann::json::parse builds for it; anything else is left to
// DecodeJson's exact path, which replaces invalid text as Go does or fails with Go's message.
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubefake::api {

// `text` as nlohmann::json::parse builds it (non-negative integers unsigned, negative ones
// signed, the rest float; the last of repeated keys), when it is one RFC 8259 value between
// optional whitespace with valid UTF-8, paired surrogate escapes, numbers within float64 and
// fewer than 512 levels of nesting. Otherwise nullopt, also for valid JSON beyond those limits.
// Each string is read once and built in one piece, and keys in sorted order are placed at the
// end of their map without a search, where nlohmann's lexer appends byte by byte and searches:
// about half the instructions for a Pod's watch event, and no second pass to check the syntax.
std::optional<nlohmann::json> ParseStrictJson(std::string_view text);

}  // namespace kubefake::api

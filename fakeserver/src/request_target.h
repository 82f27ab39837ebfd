// RequestTarget: the path and query of an HTTP request target (the raw text after the method),
// decoded as Go's net/http decodes them for the apiserver: URL.Path and URL.Query().
// Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  the path is fully percent-decoded ("%2F" becomes "/", '+' stays '+'); an invalid
//              escape in the path fails with Go's `invalid URL escape "%zz"` text; the query is
//              split on '&', each pair at its first '=', both sides unescaped with '+' as a
//              space, every value kept in order; pairs that url.ParseQuery rejects (a bad
//              escape, a ';') are dropped and the rest kept, as URL.Query() does; absolute-form
//              targets ("http://host/path?q") use their path and query.
//   Differs:   Go's server answers a target it cannot parse with a plain-text 400 before any
//              handler runs; the HTTP front end answers a 400 Status instead.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

struct RequestTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};

// Decodes `target` ("/api/v1/namespaces/a%20b/pods?labelSelector=app%3Dweb").
// Errors: BadRequest for an invalid percent-escape in the path or a target that is not a path.
Result<RequestTarget> ParseRequestTarget(std::string_view target);

// Percent-encodes one path segment so ParseRequestTarget gives it back ('/' is escaped too).
std::string EscapePathSegment(std::string_view segment);
// Go's url.QueryEscape: ' ' becomes '+', every byte but [A-Za-z0-9-_.~] is escaped.
std::string QueryEscape(std::string_view text);

}  // namespace kubefake::fakeserver

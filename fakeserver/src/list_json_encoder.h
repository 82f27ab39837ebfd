// EncodeListJsonDirect: the JSON body of a built-in resource's list written straight from the
// stored objects' bytes (KeyValue::encoded), byte for byte what dumping ReadCollection's list
// object gives, without building one list tree (for 10,000 Pods that copy, and freeing it, cost
// ten times the dump). EncodeObjectJsonDirect does the same for one object (a GET), saving the
// copy AsRequestedVersion makes to set apiVersion and kind; HandOverStoredObject skips even
// the bytes for a caller that takes the stored tree itself (the in-process door).
// AppendObjectJson writes one stored object's bytes with apiVersion and kind (also a watch's
// initial events). Thread-safe.
#pragma once

#include <optional>

#include "collection_reader.h"
#include "kubefake/fakeserver/request.h"
#include "request_scope.h"

namespace kubefake::fakeserver {

class CompactJsonWriter;
struct EncodedItem;

// Appends `item` as the object alone, with `type`'s apiVersion and kind in their sorted places:
// byte for byte what dumping AsVersion(type, object) writes for the built-in object it encodes.
void AppendObjectJson(CompactJsonWriter& out, const EncodedItem& item,
                      const api::GroupVersionKind& type);

// True when the answer is written directly: a built-in resource as compact JSON, untransformed.
// Otherwise it needs the object or list as a tree: a custom resource (its list items keep
// apiVersion and kind), another media type, pretty output, or a Table or PartialObjectMetadata
// transform.
bool EncodesJsonDirectly(const RequestScope& scope);

// The 200 response for `page` (whose items may come without trees), or nullopt unless
// EncodesJsonDirectly. When scope.request.streams_list_body, a GET whose body would be larger
// than kGzipThresholdBytes answers with the body as a ListBodyStream in Response::stream (smaller
// bodies cost little to build whole, and the door's gzip rule then needs no lookahead).
std::optional<Response> EncodeListJsonDirect(const RequestScope& scope, const CollectionPage& page);

// The response of `status` for `stored`, byte for byte what EncodeObjectResponse gives for
// AsRequestedVersion(scope, *stored.object), or nullopt unless EncodesJsonDirectly. Its bytes
// are the item's of a LIST, with apiVersion and kind spliced in.
std::optional<Response> EncodeObjectJsonDirect(const RequestScope& scope, int status,
                                               const KeyValue& stored);

// The response of `status` carrying the stored `object` itself as Response::parsed_json, when
// the request accepts a parsed tree and the stored tree is what EncodeObjectJsonDirect would
// write: a built-in resource as compact JSON, untransformed, stored with the endpoint's
// apiVersion and kind. Otherwise nullopt.
std::optional<Response> HandOverStoredObject(const RequestScope& scope, int status,
                                             const ObjectPtr& object);

}  // namespace kubefake::fakeserver

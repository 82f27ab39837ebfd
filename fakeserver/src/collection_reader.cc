#include "collection_reader.h"

#include <nlohmann/json.hpp>

#include "continue_token.h"
#include "object_lifecycle.h"

namespace kubefake::fakeserver {
namespace {

// etcd3/errors.go handleCompactedErrorForPaging (R6.7).
constexpr char kContinueTooOld[] =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted between "
    "the time the first chunk was returned and now may show up in the list.";

struct ReadPlan {
  int64_t revision = 0;  // 0 = latest
  std::string start_key;
  bool continuing = false;
};

// Where and at which revision to read (R6.3, R6.5, R6.7), in the order etcd3's
// storage.ValidateListOptions checks.
Result<ReadPlan> PlanRead(const RequestScope& scope, const ListOptions& options,
                          const std::string& prefix) {
  ReadPlan plan;
  if (!options.continue_token.empty()) {
    Result<ContinuePosition> position = DecodeContinue(options.continue_token, prefix);
    if (!position) return Fail(position.error());
    if (Result<void> valid = ValidateContinueResourceVersion(options); !valid) {
      return Fail(valid.error());
    }
    plan.continuing = true;
    plan.start_key = std::move(position->start_key);
    // A negative revision continues at the latest state (R6.7's inconsistent continue).
    if (position->revision > 0) plan.revision = position->revision;
    return plan;
  }
  Result<uint64_t> parsed =
      ParseResourceVersion(options.resource_version, ListResourceVersionReader(options));
  if (!parsed) return Fail(parsed.error());
  if (*parsed == 0) return plan;  // "" and "0": the latest state
  const uint64_t current = static_cast<uint64_t>(scope.server.storage.CurrentRevision());
  if (*parsed > current) return Fail(api::NewTooLargeResourceVersion(*parsed, current, 1));
  const bool exact = options.resource_version_match == "Exact" ||
                     (options.resource_version_match.empty() && options.limit > 0);
  if (exact) plan.revision = static_cast<int64_t>(*parsed);
  return plan;
}

}  // namespace

Result<CollectionRequest> ParseCollectionRequest(const RequestScope& scope) {
  // The parameter codec decodes the selectors first (labelSelector, then fieldSelector), then
  // the integers; ParseListOptions does the rest and validates.
  Result<api::LabelSelector> labels =
      api::LabelSelector::Parse(scope.request.Query("labelSelector").value_or(""));
  if (!labels) return Fail(labels.error());
  Result<api::FieldSelector> fields =
      api::FieldSelector::Parse(scope.request.Query("fieldSelector").value_or(""));
  if (!fields) return Fail(fields.error());
  Result<ListOptions> options = ParseListOptions(scope.request);
  if (!options) return Fail(options.error());
  // A URL naming an object (the legacy /watch/.../<name> path) is a list pinned to that name.
  const bool named = !scope.info.name.empty();
  Result<ObjectFilter> filter = ObjectFilter::Create(
      scope, std::move(*labels),
      named && fields->Empty() ? api::FieldSelector::OneTermEqual("metadata.name", scope.info.name)
                               : *fields);
  if (!filter) return Fail(filter.error());
  if (named && !fields->Empty()) {
    // ListResource (R6.8): the only field selector allowed with a name is one pinning it.
    const std::optional<std::string> pinned = filter->fields().RequiresExactMatch("metadata.name");
    if (!pinned || *pinned != scope.info.name) {
      return Fail(api::NewBadRequest("fieldSelector metadata.name doesn't match requested name"));
    }
  }
  return CollectionRequest{std::move(*options), std::move(*filter)};
}

Result<CollectionPage> ReadCollectionPage(const RequestScope& scope,
                                          const CollectionRequest& request, bool trees) {
  const ListOptions& options = request.options;
  const ObjectFilter& filter = request.filter;
  const std::string prefix = CollectionPrefix(scope.group_resource(), scope.info.namespace_);
  Result<ReadPlan> plan = PlanRead(scope, options, prefix);
  if (!plan) return Fail(plan.error());

  StorageListOptions read;
  read.revision = plan->revision;
  read.start_key = plan->start_key;
  read.limit = options.limit;
  read.trees = trees;
  if (!filter.Empty()) {
    read.predicate = [&filter](const api::Object& object) { return filter.Matches(object); };
  }
  Result<ListResult> result = scope.server.storage.List(prefix, read);
  if (!result) {
    // A first page answers the storage's own 410 (`The resourceVersion for the provided list is
    // too old.`, storage.h); a continued one R6.7's.
    if (!api::IsResourceExpired(result.error()) || !plan->continuing) return Fail(result.error());
    api::Error expired = api::NewResourceExpired(kContinueTooOld);
    expired.set_continue_token(EncodeContinue(plan->start_key, prefix, -1));
    return Fail(std::move(expired));
  }

  CollectionPage page;
  page.revision = result->revision;
  if (result->next_key && !result->items.empty()) {
    // The apiserver resumes right after the last returned key.
    page.continue_token = EncodeContinue(result->items.back().key + '\0', prefix, result->revision);
    if (filter.Empty()) page.remaining_item_count = result->remaining;
  }
  page.items = std::move(result->items);
  return page;
}

nlohmann::json CollectionMetadata(const CollectionPage& page) {
  nlohmann::json metadata = {{"resourceVersion", std::to_string(page.revision)}};
  if (!page.continue_token.empty()) metadata["continue"] = page.continue_token;
  if (page.remaining_item_count) metadata["remainingItemCount"] = *page.remaining_item_count;
  return metadata;
}

nlohmann::json CollectionJson(const RequestScope& scope, const CollectionPage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const KeyValue& item : page.items) {
    nlohmann::json json = AsRequestedVersion(scope, *item.object);
    if (!scope.custom) {
      json.erase("apiVersion");
      json.erase("kind");
    }
    items.push_back(std::move(json));
  }
  const api::GroupVersionKind kind = scope.kind();
  return nlohmann::json{{"kind", scope.resource->list_kind},
                        {"apiVersion", kind.GetGroupVersion().String()},
                        {"metadata", CollectionMetadata(page)},
                        {"items", std::move(items)}};
}

Result<nlohmann::json> ReadCollection(const RequestScope& scope, const CollectionRequest& request) {
  Result<CollectionPage> page = ReadCollectionPage(scope, request);
  if (!page) return Fail(page.error());
  return CollectionJson(scope, *page);
}

}  // namespace kubefake::fakeserver

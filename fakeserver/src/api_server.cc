#include "kubefake/fakeserver/api_server.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include <nlohmann/json.hpp>

#include "apiextensions/crd_controller.h"
#include "body_codec.h"
#include "cluster_controllers.h"
#include "fault_effects.h"
#include "non_resource_handler.h"
#include "kubefake/fakeserver/action_recorder.h"
#include "kubefake/fakeserver/faults.h"
#include "kubefake/fakeserver/in_memory_storage.h"
#include "kubefake/fakeserver/runtime_config.h"
#include "request_info.h"
#include "pod_subresources.h"
#include "request_scope.h"
#include "review_handler.h"
#include "scale_subresource.h"
#include "server_state.h"
#include "special_resources.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kSystemNamespaces[] = {"default", "kube-system", "kube-public",
                                                  "kube-node-lease"};

api::ResourceCatalog ServedCatalog(const ApiServerOptions& options) {
  api::ResourceCatalog catalog = api::ResourceCatalog::BuiltIn();
  for (const api::ResourceCatalog::Entry& entry : catalog.All()) {
    const api::GroupVersion gv = entry->GetGroupVersion();
    auto listed = [&gv](const std::vector<api::GroupVersion>& list) {
      return std::ranges::find(list, gv) != list.end();
    };
    const bool served = !listed(options.disabled) &&
                        (options.serve_all || IsServedByDefault(gv) || listed(options.enabled));
    if (!served) (void)catalog.Remove(entry->GetGroupVersionResource());
  }
  return catalog;
}

api::StatusDetails ResourceDetails(const api::ResourceInfo& resource) {
  api::StatusDetails details;
  details.group = resource.group;
  details.kind = resource.name;
  return details;
}

// The Action of `request`, without its answer; the body is copied only when `with_body`.
Action DescribeRequest(const Request& request, const RequestInfo& info, bool with_body,
                       std::chrono::system_clock::time_point now) {
  Action action;
  action.time = now;
  action.verb = info.verb;
  action.group = info.api_group;
  action.version = info.api_version;
  action.resource = info.resource;
  action.subresource = info.subresource;
  action.namespace_ = info.namespace_;
  action.name = info.name;
  action.user = request.user.name;
  action.query = request.query;
  if (with_body) {
    action.path = request.path;
    action.body = request.BodyBytes();
    if (info.verb == "patch") action.patch_type = request.headers.Get("Content-Type").value_or("");
  }
  return action;
}

// The handler for a routed resource request, by verb; nullptr for verbs the engine does not
// serve yet.
Handler HandlerFor(std::string_view verb) {
  if (verb == "get") return HandleGet;
  if (verb == "list") return HandleList;
  if (verb == "watch") return HandleWatch;
  if (verb == "create") return HandleCreate;
  if (verb == "update") return HandleUpdate;
  if (verb == "patch") return HandlePatch;
  if (verb == "delete") return HandleDelete;
  if (verb == "deletecollection") return HandleDeleteCollection;
  return nullptr;
}

// The handler of a subresource request; nullptr for those kubefake does not emulate.
Handler SubresourceHandlerFor(const api::ResourceInfo& resource, std::string_view subresource,
                              std::string_view verb) {
  const bool pods = resource.group.empty() && resource.name == "pods";
  if (subresource == "status" && (verb == "get" || verb == "update" || verb == "patch")) {
    return HandlerFor(verb);
  }
  if (subresource == "finalize" && verb == "update") return HandleUpdate;
  if (subresource == "scale" && verb == "get") return HandleScaleGet;
  if (subresource == "scale" && verb == "update") return HandleScaleUpdate;
  if (subresource == "scale" && verb == "patch") return HandlePatch;
  if (pods && subresource == "binding" && verb == "create") return HandleBinding;
  if (pods && subresource == "eviction" && verb == "create") return HandleEviction;
  return nullptr;
}

}  // namespace

class ApiServer::Impl {
 public:
  explicit Impl(ApiServerOptions options)
      : owned_clock_(options.clock ? nullptr : std::make_unique<api::RealClock>()),
        owned_storage_(options.storage ? std::move(options.storage)
                                       : std::make_unique<InMemoryStorage>()),
        state_(options.clock ? *options.clock : *owned_clock_, *owned_storage_,
               ServedCatalog(options), options.random_seed),
        non_resource_(state_),
        crd_controller_(state_),
        controllers_(state_, [this](const Request& request) { return Handle(request); },
                     {.after_writes = options.settle_after_writes, .kubelet = options.kubelet}),
        actions_(false) {
    for (std::string_view name : kSystemNamespaces) CreateSystemNamespace(name);
    actions_.SetRecording(options.record_actions);
  }

  Response Handle(const Request& request) {
    try {
      RequestInfo info = ParseRequestInfo(request);
      if (request.parsed_body && !ReadsParsedBody(request, info)) {
        Request with_bytes = request;
        with_bytes.body = request.BodyBytes();
        with_bytes.parsed_body = nullptr;
        return Handle(with_bytes);
      }
      const bool recording = actions_.recording();
      Action action = DescribeRequest(request, info, recording, state_.clock.Now());
      Result<Response> response = Route(request, std::move(info), action);
      Response answer =
          response ? std::move(*response) : ErrorResponse(response.error(), ErrorFormat(request));
      if (recording) {
        // Before the controllers' own requests that this one sets off.
        action.code = answer.status;
        if (!response) action.error = response.error();
        actions_.Record(std::move(action));
      }
      controllers_.AfterRequest(request.method);
      return answer;
    } catch (const std::exception& e) {
      return ErrorResponse(api::NewInternalError(e.what()), ErrorFormat(request));
    }
  }

  ServerState& state() { return state_; }
  ClusterControllers& controllers() { return controllers_; }
  FaultInjector& faults() { return faults_; }
  ActionRecorder& actions() { return actions_; }

 private:
  // Whether the handler of `request` reads a parsed_body as it is: a JSON create or update,
  // whose object DecodeObjectBody decodes. Every other handler reads bytes.
  static bool ReadsParsedBody(const Request& request, const RequestInfo& info) {
    return (info.verb == "create" || info.verb == "update") &&
           RequestBodyMediaType(request).value_or(MediaType::kYaml) == MediaType::kJson;
  }

  // Errors are written in the negotiated format when there is one, JSON otherwise (R5.1).
  static OutputFormat ErrorFormat(const Request& request) {
    return NegotiateOutput(request, false).value_or(OutputFormat{});
  }

  // `action` describes the request for fault matching.
  Result<Response> Route(const Request& request, RequestInfo info, const Action& action) {
    if (!info.is_resource_request) return non_resource_.Handle(request);
    Result<OutputFormat> format = NegotiateOutput(request, info.verb == "watch");
    if (!format) return Fail(format.error());

    api::ResourceCatalog::Entry resource =
        state_.FindResource({info.api_group, info.api_version, info.resource});
    if (!resource || info.extra_segments > 0) return Fail(api::NewRouteNotFound());
    if (resource->namespaced) {
      // The all-namespaces path serves only list and watch (R1.2).
      if (!info.namespaced_path && (!info.name.empty() || info.verb == "create" ||
                                    info.verb == "deletecollection")) {
        return Fail(info.name.empty() ? api::NewMethodNotAllowed() : api::NewRouteNotFound());
      }
    } else if (info.namespaced_path) {
      return Fail(api::NewRouteNotFound());
    }
    if (Result<void> valid = ValidateRequestPath(info); !valid) return Fail(valid.error());

    if (!info.subresource.empty()) {
      const api::SubresourceInfo* subresource = resource->FindSubresource(info.subresource);
      if (subresource == nullptr) return Fail(api::NewRouteNotFound());
      if (!subresource->HasVerb(info.verb)) return Fail(api::NewMethodNotAllowed());
      Handler handler = SubresourceHandlerFor(*resource, info.subresource, info.verb);
      if (handler == nullptr) {
        // Name the verb when the subresource serves others (PATCH on /scale, until patches).
        const bool partly = std::ranges::any_of(subresource->verbs, [&](const std::string& verb) {
          return SubresourceHandlerFor(*resource, info.subresource, verb) != nullptr;
        });
        return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                               (partly ? info.verb + " of the " : "the ") + info.subresource +
                                   " subresource of " + resource->GetGroupResource().String() +
                                   " is not emulated by kubefake yet",
                               ResourceDetails(*resource)));
      }
      return Serve(request, std::move(info), action, resource, *format, handler);
    }
    const std::string_view verb_for_discovery =
        info.verb == "watch" ? std::string_view("watch") : std::string_view(info.verb);
    if (auto custom = state_.FindCustomResource(resource->GetGroupVersionResource())) {
      // The custom resource handler serves every verb, whatever discovery lists, but refuses
      // creates while the CRD terminates (customresource_handler.go, Kubernetes 1.33: a
      // server-side apply that creates is not refused until 1.34).
      if (custom->terminating && info.verb == "create") {
        return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                               "create not allowed while custom resource definition is terminating",
                               ResourceDetails(*resource)));
      }
    } else if (!resource->HasVerb(verb_for_discovery)) {
      return Fail(api::NewMethodNotAllowed());
    }
    const Handler handler =
        IsReviewResource(*resource) ? HandleReviewCreate : HandlerFor(info.verb);
    return Serve(request, std::move(info), action, resource, *format, handler);
  }

  // Runs `handler` (nullptr: a verb not served yet) on a routed resource request, with the
  // faults that match `action`.
  Result<Response> Serve(const Request& request, RequestInfo info, const Action& action,
                         const api::ResourceCatalog::Entry& resource, const OutputFormat& format,
                         Handler handler) {
    if (handler == nullptr) {
      return Fail(api::Error(405, api::Reason::kMethodNotAllowed,
                             info.verb + " is not emulated by kubefake yet",
                             ResourceDetails(*resource)));
    }
    auto custom_resource = state_.FindCustomResource(resource->GetGroupVersionResource());
    const bool custom = custom_resource != nullptr;
    RequestScope scope{state_,
                       request,
                       std::move(info),
                       resource,
                       StrategyFor(resource->GetGroupResource(), custom,
                                   resource->FindSubresource("status") != nullptr),
                       custom,
                       format,
                       std::move(custom_resource)};
    Result<Response> response = ServeWithFaults(faults_.Take(action), scope, handler);
    const std::string& verb = scope.info.verb;
    if (resource->GetGroupResource() == kCustomResourceDefinitions && verb != "get" &&
        verb != "list" && verb != "watch") {
      // The apiextensions controllers follow every CRD write at once (R10.2).
      crd_controller_.Sync();
    }
    if (response && request.method == "HEAD") {
      response->body.clear();
      response->parsed_json.reset();
    }
    return response;
  }

  void CreateSystemNamespace(std::string_view name) {
    Request request;
    request.method = "POST";
    request.path = "/api/v1/namespaces";
    request.body = nlohmann::json{{"apiVersion", "v1"},
                                  {"kind", "Namespace"},
                                  {"metadata", {{"name", name}}}}
                       .dump();
    request.user.name = "system:apiserver";
    Response response = Handle(request);
    if (response.status != 201) {
      std::fprintf(stderr, "kubefake: creating namespace %.*s failed: %s\n",
                   static_cast<int>(name.size()), name.data(), response.body.c_str());
      std::abort();
    }
  }

  std::unique_ptr<api::Clock> owned_clock_;
  std::unique_ptr<Storage> owned_storage_;
  ServerState state_;
  NonResourceHandler non_resource_;
  apiextensions::CustomResourceDefinitionController crd_controller_;
  ClusterControllers controllers_;
  FaultInjector faults_;
  ActionRecorder actions_;
};

ApiServer::ApiServer(ApiServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

ApiServer::~ApiServer() = default;

Response ApiServer::Handle(const Request& request) {
  return impl_->Handle(request);
}

void ApiServer::Settle() { impl_->controllers().Settle(); }

api::ResourceCatalog ApiServer::Catalog() const { return impl_->state().CatalogSnapshot(); }

Storage& ApiServer::storage() { return impl_->state().storage; }

api::Clock& ApiServer::clock() { return impl_->state().clock; }

FaultInjector& ApiServer::faults() { return impl_->faults(); }

ActionRecorder& ApiServer::actions() { return impl_->actions(); }

}  // namespace kubefake::fakeserver

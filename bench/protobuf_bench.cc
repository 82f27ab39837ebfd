// Decode and encode throughput of Kubernetes protobuf (protobuf_codec.h) beside JSON
// (json_codec.h's DecodeJson and nlohmann's dump, what the server and client use) for one pod
// and a 1,000-pod list, between bytes and the JSON object both sides work on (issue 8).
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubefake/api/json_codec.h"
#include "kubefake/api/protobuf_codec.h"

namespace kubefake::api {
namespace {

constexpr int kListSize = 1000;

// A pod as a controller sees one: labels, owner, managed fields, two containers, status.
nlohmann::json Pod(int i) {
  nlohmann::json pod = nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"namespace": "default", "uid": "6f1b3c2e-6a52-4d2c-9a8e-3b1f0c9d2e41",
                 "resourceVersion": "123456", "creationTimestamp": "2026-07-23T18:32:12Z",
                 "labels": {"app": "web", "pod-template-hash": "7c9d8f6b5"},
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                      "name": "web-7c9d8f6b5", "uid": "u-0", "controller": true,
                                      "blockOwnerDeletion": true}],
                 "managedFields": [{"manager": "kube-controller-manager", "operation": "Update",
                                    "apiVersion": "v1", "time": "2026-07-23T18:32:12Z",
                                    "fieldsType": "FieldsV1",
                                    "fieldsV1": {"f:metadata": {"f:labels": {"f:app": {}}}}}]},
    "spec": {"containers": [
               {"name": "app", "image": "registry.example.com/web:1.4.2",
                "args": ["--port=8080", "--log-level=info"],
                "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                "env": [{"name": "MODE", "value": "production"}],
                "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                              "limits": {"cpu": "1", "memory": "512Mi"}},
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"},
                                   "periodSeconds": 10},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"},
               {"name": "sidecar", "image": "registry.example.com/proxy:2.0",
                "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}}}],
             "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
             "dnsPolicy": "ClusterFirst", "serviceAccountName": "default",
             "nodeName": "node-3", "schedulerName": "default-scheduler"},
    "status": {"phase": "Running", "podIP": "10.244.3.17", "hostIP": "192.168.1.13",
               "startTime": "2026-07-23T18:32:14Z", "qosClass": "Burstable",
               "conditions": [{"type": "Ready", "status": "True",
                               "lastTransitionTime": "2026-07-23T18:32:20Z"}]}})");
  pod["metadata"]["name"] = "web-" + std::to_string(i);
  return pod;
}

nlohmann::json PodOrList(bool list) {
  if (!list) return Pod(0);
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < kListSize; ++i) {
    nlohmann::json pod = Pod(i);
    pod.erase("apiVersion");
    pod.erase("kind");
    items.push_back(std::move(pod));
  }
  return {{"apiVersion", "v1"},
          {"kind", "PodList"},
          {"metadata", {{"resourceVersion", "123999"}}},
          {"items", std::move(items)}};
}

void SetBytes(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

// Decodes `body` once per iteration. With `free_untimed` the decoded tree is freed outside the
// timed region: both decoders build the same nlohmann tree, and freeing a 1,000-pod one (glibc
// consolidating its free lists) costs more than decoding it from protobuf, so the whole-iteration
// figures hide how far the decoders themselves differ.
template <typename Decode>
void DecodeEach(benchmark::State& state, const std::string& body, Decode decode,
                bool free_untimed) {
  for (auto _ : state) {
    std::optional<Result<nlohmann::json>> object(decode(body));
    benchmark::DoNotOptimize(*object);
    if (free_untimed) {
      state.PauseTiming();
      object.reset();
      state.ResumeTiming();
    }
  }
  SetBytes(state, body.size());
}

Result<nlohmann::json> FromJson(const std::string& body) { return DecodeJson(body); }

void BM_JsonDecode(benchmark::State& state) {
  DecodeEach(state, PodOrList(state.range(0) != 0).dump(), FromJson, state.range(1) != 0);
}

void BM_ProtobufDecode(benchmark::State& state) {
  DecodeEach(state, EncodeProtobufObject(PodOrList(state.range(0) != 0)).value(),
             DecodeProtobufObject, state.range(1) != 0);
}

void BM_JsonEncode(benchmark::State& state) {
  const nlohmann::json object = PodOrList(state.range(0) != 0);
  size_t size = 0;
  for (auto _ : state) {
    std::string body = object.dump();
    size = body.size();
    benchmark::DoNotOptimize(body);
  }
  SetBytes(state, size);
}

void BM_ProtobufEncode(benchmark::State& state) {
  const nlohmann::json object = PodOrList(state.range(0) != 0);
  size_t size = 0;
  for (auto _ : state) {
    Result<std::string> body = EncodeProtobufObject(object);
    size = body ? body->size() : 0;
    benchmark::DoNotOptimize(body);
  }
  SetBytes(state, size);
}

// Argument list: 0 one pod, 1 a list of kListSize pods; free_untimed: see DecodeEach.
BENCHMARK(BM_JsonDecode)->ArgNames({"list", "free_untimed"})->ArgsProduct({{0, 1}, {0, 1}});
BENCHMARK(BM_ProtobufDecode)->ArgNames({"list", "free_untimed"})->ArgsProduct({{0, 1}, {0, 1}});
BENCHMARK(BM_JsonEncode)->ArgName("list")->Arg(0)->Arg(1);
BENCHMARK(BM_ProtobufEncode)->ArgName("list")->Arg(0)->Arg(1);

}  // namespace
}  // namespace kubefake::api

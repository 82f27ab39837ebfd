"""The typed clientset: one accessor class per built-in group-version, one accessor per resource.

Writes, from the resource catalog (catalog.py) and the typed structs' names (definitions.py):
  client/include/kubefake/client/clientset.h          kubernetes::Interface and Clientset, with
                                                       forward declarations only
  client/include/kubefake/client/kubernetes/typed/<pkg>/<version>.h
                                                       the group-version's abstract interface
                                                       and its per-resource interface aliases
  client/src/generated/kubernetes/<pkg>_<version>.cc  the group-version's client over
                                                       RESTClient and the explicit
                                                       instantiations of its resource clients
  client/src/generated/kubernetes/clientset.cc        Clientset itself
  client/src/generated/kubernetes/group_version_clients.h
                                                       the factories clientset.cc calls
  tests/client/generated/clientset_accessors.cc       every accessor, checked at compile time
                                                       and listed for the runtime check
  testing/include/kubefake/testing/mock_clientset.h   testkit::MockClientset, forward
                                                       declarations only
  testing/src/generated/mock_clientset.cc             its group-versions, each accessor
                                                       answering an installed mock or the
                                                       unmocked fallback
  testing/include/kubefake/testing/mock/<pkg>/<version>.h
                                                       the group-version's mock aliases
                                                       (MockPodInterface) over
                                                       mock_resource_interface.h

Names follow client-go: the group-version accessor is the group's first DNS label, capitalised,
plus the version (CoreV1, RbacV1, InternalV1alpha1); the resource accessor is the kind's plural
as the resource name spells it (Pods, Endpoints, NetworkPolicies, IPAddresses).
"""
from kubefake_codegen import catalog, output
from kubefake_codegen import definitions as defs

INCLUDE = "client/include/kubefake/client"
SRC = "client/src/generated/kubernetes"
TEST_PATH = "tests/client/generated/clientset_accessors.cc"
MOCK_HEADER = "testing/include/kubefake/testing/mock_clientset.h"
MOCK_SOURCE = "testing/src/generated/mock_clientset.cc"
MOCK_INCLUDE = "testing/include/kubefake/testing/mock"


def _fail(message):
    raise SystemExit(f"codegen clientset: {message}")


def _group_accessor(group, version):
    label = group.split(".")[0] if group else "core"
    return label[0].upper() + label[1:] + version[0].upper() + version[1:]


def _short(cpp_name):
    """api::core::v1::Pod: every generated file is inside namespace kubefake."""
    return cpp_name.removeprefix("::kubefake::")


def _plural(kind, resource):
    """The kind's plural with the kind's capitals: (NetworkPolicy, networkpolicies) ->
    NetworkPolicies."""
    lower = kind.lower()
    if resource.startswith(lower):
        return kind + resource[len(lower):]
    if kind.endswith("y") and resource == lower[:-1] + "ies":
        return kind[:-1] + "ies"
    return _fail(f"cannot derive the plural of {kind} from {resource}")


class _Types:
    """(group, version, kind) -> the typed struct's definition."""

    def __init__(self, api):
        self.by_gvk = {}
        for d in defs.Model(api).definitions.values():
            if d.is_struct:
                for gvk in d.gvks:
                    self.by_gvk.setdefault(gvk, []).append(d)

    def find(self, group, version, kind):
        found = self.by_gvk.get((group, version, kind), [])
        if len(found) != 1:
            _fail(f"{group}/{version} {kind} has {len(found)} typed structs, expected 1")
        return found[0]


def _model(api):
    """Group-versions in catalog order, each with its resources and what they need."""
    types = _Types(api)
    group_versions = []
    for resource in catalog.build(api):
        key = (resource["group"], resource["version"])
        if not group_versions or group_versions[-1]["key"] != key:
            group_versions.append({"key": key, "resources": [], "includes": set()})
        gv = group_versions[-1]
        kind = types.find(key[0], key[1], resource["kind"])
        if "namespace" in gv and gv["namespace"] != kind.namespace:
            _fail(f"{key} spans the packages {gv['namespace']} and {kind.namespace}")
        gv["namespace"] = kind.namespace
        gv["includes"].add(kind.namespace)
        entry = {
            "resource": resource["name"],
            "kind": resource["kind"],
            "namespaced": resource["namespaced"],
            "accessor": _plural(resource["kind"], resource["name"]),
            "type": _short(kind.cpp_name()),
        }
        if resource["list_kind"]:
            entry["list_type"] = _short(types.find(key[0], key[1], resource["list_kind"]).cpp_name())
            scale = [s for s in resource["subresources"] if s["name"] == "scale"]
            if scale:
                scale_type = types.find(scale[0]["group"], scale[0]["version"], scale[0]["kind"])
                if scale_type.cpp_name() != "::kubefake::api::autoscaling::v1::Scale":
                    _fail(f"{key} {resource['name']}/scale is a {scale_type.cpp_name()}")
                gv["includes"].add(scale_type.namespace)
                entry["template"] = "ScalableResource"
            else:
                entry["template"] = "Resource"
        elif resource["verbs"] == ["create"]:
            entry["template"] = "CreateOnly"
        else:
            _fail(f"{key} {resource['name']} has no list kind but verbs {resource['verbs']}")
        gv["resources"].append(entry)
    for gv in group_versions:
        group, version = gv["key"]
        gv["accessor"] = _group_accessor(group, version)
        gv["cpp_namespace"] = "::".join(gv["namespace"])
        gv["stem"] = "_".join(gv["namespace"])
    return group_versions


def _wrapped(head, tail):
    """`head tail` on one line, or broken after head as clang-format breaks a long alias."""
    line = f"{head} {tail}"
    return line + "\n" if len(line) <= 100 else f"{head}\n    {tail}\n"


def _template_args(entry):
    if entry["template"] == "CreateOnly":
        return entry["type"]
    return f"{entry['type']}, {entry['list_type']}"


def _interface_type(entry):
    return f"{entry['template']}Interface<{_template_args(entry)}>"


def _client_type(entry):
    return f"{entry['template']}Client<{_template_args(entry)}>"


def _accessor_signature(entry, qualifier=""):
    ns = "std::string_view ns" if entry["namespaced"] else ""
    return f"{qualifier}{entry['kind']}Interface& {entry['accessor']}({ns})"


# --- the public headers -----------------------------------------------------------------------


def _gv_header(gv):
    group, version = gv["key"]
    includes = "".join(f'#include "kubefake/api/types/{p}/{v}.h"\n'
                       for p, v in sorted(gv["includes"]))
    aliases = "".join(_wrapped(f"using {e['kind']}Interface =", f"{_interface_type(e)};")
                      for e in gv["resources"])
    accessors = ""
    for e in gv["resources"]:
        scope = "in namespace `ns` (\"\": every namespace)" if e["namespaced"] else "cluster-wide"
        accessors += f"  // {e['resource']} {scope}.\n"
        accessors += f"  virtual {_accessor_signature(e)} = 0;\n"
    api_path = f"/apis/{group}/{version}" if group else "/api/v1"
    return (
        output.header()
        + f"// The typed clients of {api_path}: client-go's kubernetes/typed/"
        + f"{gv['namespace'][0]}/{version}.\n"
        + "// Each accessor returns a client the group-version owns (per namespace for namespaced\n"
        + "// resources); it lives as long as the Clientset. Thread-safe.\n"
        + "#pragma once\n\n#include <string_view>\n\n"
        + includes
        + '#include "kubefake/client/kubernetes/resource_interface.h"\n\n'
        + f"namespace kubefake::client::kubernetes::typed::{gv['cpp_namespace']} {{\n\n"
        + aliases + "\n"
        + f"class {gv['accessor']}Interface {{\n public:\n"
        + f"  virtual ~{gv['accessor']}Interface() = default;\n\n"
        + accessors
        + "};\n\n"
        + f"}}  // namespace kubefake::client::kubernetes::typed::{gv['cpp_namespace']}\n")


def _gv_interface(gv):
    return f"typed::{gv['cpp_namespace']}::{gv['accessor']}Interface"


def _clientset_header(group_versions):
    forward = "".join(
        f"namespace kubefake::client::kubernetes::typed::{gv['cpp_namespace']} {{\n"
        f"class {gv['accessor']}Interface;\n}}\n" for gv in group_versions)
    pure = "".join(f"  virtual {_gv_interface(gv)}& {gv['accessor']}() = 0;\n"
                   for gv in group_versions)
    overrides = "".join(f"  kubernetes::{_gv_interface(gv)}& {gv['accessor']}() override;\n"
                        for gv in group_versions)
    members = "".join(
        f"  std::shared_ptr<kubernetes::{_gv_interface(gv)}> {gv['stem']}_;\n"
        for gv in group_versions)
    return (
        output.header()
        + "// Clientset: one typed client per built-in group-version, client-go's\n"
        + "// kubernetes.Clientset (with apiextensions and apiregistration folded in). Include the\n"
        + "// group-version headers you use: kubefake/client/kubernetes/typed/<group>/<version>.h.\n"
        + "// Thread-safe.\n"
        + "#pragma once\n\n#include <memory>\n\n"
        + '#include "kubefake/api/result.h"\n#include "kubefake/client/config.h"\n\n'
        + forward + "\n"
        + "namespace kubefake::client {\n\nclass RESTClient;\n\n"
        + "namespace kubernetes {\n\n"
        + "// kubernetes.Interface: what a GoogleMock stands in for.\n"
        + "class Interface {\n public:\n  virtual ~Interface() = default;\n\n" + pure
        + "};\n\n}  // namespace kubernetes\n\n"
        + "class Clientset final : public kubernetes::Interface {\n public:\n"
        + "  // kubernetes.NewForConfig. Errors: the transport's (a host that does not parse, bad\n"
        + "  // TLS files).\n"
        + "  static Result<std::unique_ptr<Clientset>> NewForConfig(const Config& config);\n"
        + "  explicit Clientset(std::shared_ptr<const RESTClient> client);\n\n"
        + overrides
        + "\n private:\n" + members
        + "};\n\n}  // namespace kubefake::client\n")


# --- the sources ------------------------------------------------------------------------------


def _factory(gv):
    return (f"std::shared_ptr<{_gv_interface(gv)}> New{gv['accessor']}Client("
            "std::shared_ptr<const RESTClient> client)")


def _gv_source(gv):
    group, version = gv["key"]
    overrides, members = "", ""
    qualifier = f"typed::{gv['cpp_namespace']}::"
    for e in gv["resources"]:
        gvr = f'{{"{group}", "{version}", "{e["resource"]}"}}'
        member = f"{e['resource']}_"
        if e["namespaced"]:
            overrides += (f"  {_accessor_signature(e, qualifier)} override {{\n"
                          f"    return {member}.For(ns);\n  }}\n")
            members += f"  NamespacedClients<{_client_type(e)}> {member}{{client_, {gvr}}};\n"
        else:
            overrides += (f"  {_accessor_signature(e, qualifier)} override {{\n"
                          f"    return {member};\n  }}\n")
            members += f"  {_client_type(e)} {member}{{DynamicResource(client_, {gvr})}};\n"
    instantiations = "".join(
        f"template class {_client_type(e)};\n"
        for e in gv["resources"])
    name = f"{gv['accessor']}Client"
    return (
        output.header()
        + f"// {gv['accessor']}Interface over RESTClient; the resource clients are instantiated here\n"
        + "// once, so no other translation unit compiles them.\n"
        + f'#include "kubefake/client/kubernetes/typed/{gv["namespace"][0]}/{version}.h"\n\n'
        + '#include "generated/kubernetes/group_version_clients.h"\n'
        + '#include "kubernetes/namespaced_clients.h"\n'
        + '#include "kubernetes/resource_client.h"\n\n'
        + "namespace kubefake::client::kubernetes {\n\n"
        + instantiations + "\n"
        + "namespace {\n\n"
        + f"class {name} final : public {_gv_interface(gv)} {{\n public:\n"
        + f"  explicit {name}(std::shared_ptr<const RESTClient> client)"
        + " : client_(std::move(client)) {}\n\n"
        + overrides
        + "\n private:\n  std::shared_ptr<const RESTClient> client_;\n" + members
        + "};\n\n}  // namespace\n\n"
        + f"{_factory(gv)} {{\n  return std::make_shared<{name}>(std::move(client));\n}}\n\n"
        + "}  // namespace kubefake::client::kubernetes\n")


def _factories_header(group_versions):
    return (
        output.header()
        + "// The group-version clients' factories, one per generated <group>_<version>.cc.\n"
        + "#pragma once\n\n#include <memory>\n\n"
        + '#include "kubefake/client/clientset.h"\n\n'
        + "namespace kubefake::client::kubernetes {\n\n"
        + "".join(f"{_factory(gv)};\n" for gv in group_versions)
        + "\n}  // namespace kubefake::client::kubernetes\n")


def _clientset_source(group_versions):
    inits = ",\n".join(f"      {gv['stem']}_(kubernetes::New{gv['accessor']}Client(client))"
                       for gv in group_versions)
    accessors = "".join(
        f"kubernetes::{_gv_interface(gv)}& Clientset::{gv['accessor']}() {{ "
        f"return *{gv['stem']}_; }}\n"
        for gv in group_versions)
    return (
        output.header()
        + "// Clientset: the group-version clients over one unversioned RESTClient.\n"
        + '#include "kubefake/client/clientset.h"\n\n'
        + '#include "kubefake/client/rest_client.h"\n'
        + '#include "generated/kubernetes/group_version_clients.h"\n\n'
        + "namespace kubefake::client {\n\n"
        + "Result<std::unique_ptr<Clientset>> Clientset::NewForConfig(const Config& config) {\n"
        + "  auto client = UnversionedRESTClientFor(config);\n"
        + "  if (!client) return Fail(client.error());\n"
        + "  return std::make_unique<Clientset>(std::shared_ptr<const RESTClient>(std::move(*client)));\n"
        + "}\n\n"
        + "Clientset::Clientset(std::shared_ptr<const RESTClient> client)\n    : " + inits.lstrip()
        + " {}\n\n"
        + accessors
        + "\n}  // namespace kubefake::client\n")


def _accessors_test(group_versions):
    """Every accessor's type checked against the catalog's kind at compile time, and a call per
    resource that the runtime test (typed_accessors_test.cc) checks against the catalog."""
    includes = "".join(sorted(
        f'#include "kubefake/client/kubernetes/typed/{gv["namespace"][0]}/{gv["key"][1]}.h"\n'
        for gv in group_versions))
    asserts, rows = "", ""
    for gv in group_versions:
        group, version = gv["key"]
        gv_type = f"kubernetes::{_gv_interface(gv)}"
        for e in gv["resources"]:
            arg = "ns" if e["namespaced"] else ""
            empty = '""' if e["namespaced"] else ""
            call = f"std::declval<{gv_type}&>().{e['accessor']}({empty})"
            asserts += (f"static_assert(std::is_same_v<decltype({call}), "
                        f"kubernetes::{_interface_type(e)}&>);\n")
            rows += (f"      {{{{\"{group}\", \"{version}\", \"{e['resource']}\"}}, "
                     f"[](kubernetes::Interface& c, [[maybe_unused]] std::string_view ns) {{ "
                     f"Probe(c.{gv['accessor']}().{e['accessor']}({arg})); }}}},\n")
    return (
        output.header()
        + "// Every clientset accessor: its interface type checked at compile time, and one call\n"
        + "// per resource for typed_accessors_test.cc to check against the catalog.\n"
        + '#include "../clientset_accessors.h"\n\n'
        + "#include <type_traits>\n#include <utility>\n\n"
        + includes + "\n"
        + "namespace kubefake::client {\n\n"
        + asserts + "\n"
        + "std::vector<AccessorCall> AllAccessorCalls() {\n  return {\n" + rows + "  };\n}\n\n"
        + "}  // namespace kubefake::client\n")


# --- the mock clientset (testing/) ------------------------------------------------------------


def _mock_header(group_versions):
    overrides = "".join(
        f"  client::kubernetes::{_gv_interface(gv)}& {gv['accessor']}() override;\n"
        for gv in group_versions)
    members = "".join(
        f"  std::unique_ptr<client::kubernetes::{_gv_interface(gv)}> {gv['stem']}_;\n"
        for gv in group_versions)
    return (
        output.header()
        + "// MockClientset: a kubernetes::Interface whose resource clients are the test's own mocks\n"
        + "// (mock_resource_interface.h), installed per resource and namespace, for pure interaction\n"
        + "// tests of code that takes a clientset:\n"
        + "//   StrictMock<MockScalableResourceInterface<Deployment, DeploymentList>> deployments;\n"
        + "//   MockClientset clientset;\n"
        + "//   clientset.Install(\"default\", deployments);  // AppsV1().Deployments(\"default\")\n"
        + "// A resource with no mock installed answers every call with a 500 InternalError Status\n"
        + "// naming the request, and records it (UnmockedRequests), so nothing passes by accident.\n"
        + "// Thread-safe.\n"
        + "#pragma once\n\n"
        + "#include <map>\n#include <memory>\n#include <mutex>\n#include <string>\n"
        + "#include <string_view>\n#include <typeindex>\n#include <typeinfo>\n#include <utility>\n"
        + "#include <vector>\n\n"
        + '#include "kubefake/client/clientset.h"\n'
        + '#include "kubefake/client/kubernetes/resource_interface.h"\n\n'
        + "namespace kubefake::testkit {\n\n"
        + "class UnmockedTransport;\n\n"
        + "class MockClientset final : public client::kubernetes::Interface {\n public:\n"
        + "  MockClientset();\n  ~MockClientset() override;\n"
        + "  MockClientset(const MockClientset&) = delete;\n"
        + "  MockClientset& operator=(const MockClientset&) = delete;\n\n"
        + "  // Makes `mock` the client of its resource in namespace `ns` (\"\" for a cluster-scoped\n"
        + "  // resource, or for every namespace), replacing any installed before. The mock must be\n"
        + "  // of the resource's own interface (a MockScalableResourceInterface for deployments); it\n"
        + "  // is not owned and must outlive its use.\n"
        + "  template <typename T, typename TList>\n"
        + "  void Install(std::string_view ns, client::kubernetes::ResourceInterface<T, TList>& mock) {\n"
        + "    InstallErased(typeid(client::kubernetes::ResourceInterface<T, TList>), ns, &mock);\n  }\n"
        + "  template <typename T, typename TList>\n"
        + "  void Install(std::string_view ns,\n"
        + "               client::kubernetes::ScalableResourceInterface<T, TList>& mock) {\n"
        + "    InstallErased(typeid(client::kubernetes::ScalableResourceInterface<T, TList>), ns, &mock);\n  }\n"
        + "  // A create-only resource (a review) is cluster-scoped or namespaced as its resource is.\n"
        + "  template <typename T>\n"
        + "  void Install(std::string_view ns, client::kubernetes::CreateOnlyInterface<T>& mock) {\n"
        + "    InstallErased(typeid(client::kubernetes::CreateOnlyInterface<T>), ns, &mock);\n  }\n\n"
        + "  // The mock installed for `Interface` in `ns`, or nullptr.\n"
        + "  template <typename Interface>\n"
        + "  Interface* Installed(std::string_view ns) const {\n"
        + "    return static_cast<Interface*>(FindErased(typeid(Interface), ns));\n  }\n\n"
        + "  // The requests that reached a resource without a mock, as `GET /api/v1/namespaces/default/pods/web`.\n"
        + "  std::vector<std::string> UnmockedRequests() const;\n\n"
        + overrides
        + "\n private:\n"
        + "  void InstallErased(const std::type_info& interface, std::string_view ns, void* mock);\n"
        + "  void* FindErased(const std::type_info& interface, std::string_view ns) const;\n\n"
        + "  mutable std::mutex mutex_;\n"
        + "  std::map<std::pair<std::type_index, std::string>, void*> mocks_;\n"
        + "  std::shared_ptr<UnmockedTransport> unmocked_transport_;\n"
        + "  std::unique_ptr<client::Clientset> unmocked_;\n"
        + members
        + "};\n\n}  // namespace kubefake::testkit\n")


def _mock_gv_class(gv):
    interface = f"client::kubernetes::{_gv_interface(gv)}"
    name = f"Mock{gv['accessor']}"
    qualifier = f"typed::{gv['cpp_namespace']}::"
    overrides = ""
    for e in gv["resources"]:
        ns = "ns" if e["namespaced"] else '""'
        call = f"{e['accessor']}({'ns' if e['namespaced'] else ''})"
        resource_type = f"client::kubernetes::{qualifier}{e['kind']}Interface"
        overrides += (
            f"  {resource_type}& {call.replace('(ns)', '(std::string_view ns)')} override {{\n"
            f"    auto* mock = mocks_.Installed<{resource_type}>({ns});\n"
            f"    return mock != nullptr ? *mock : unmocked_.{call};\n  }}\n")
    return (
        f"class {name} final : public {interface} {{\n public:\n"
        f"  {name}(const MockClientset& mocks, {interface}& unmocked)\n"
        "      : mocks_(mocks), unmocked_(unmocked) {}\n\n"
        + overrides
        + f"\n private:\n  const MockClientset& mocks_;\n  {interface}& unmocked_;\n}};\n\n")


def _mock_source(group_versions):
    includes = "".join(sorted(
        f'#include "kubefake/client/kubernetes/typed/{gv["namespace"][0]}/{gv["key"][1]}.h"\n'
        for gv in group_versions))
    inits = "".join(
        f"      {gv['stem']}_(std::make_unique<Mock{gv['accessor']}>(*this, "
        f"unmocked_->{gv['accessor']}())),\n" for gv in group_versions).rstrip(",\n")
    accessors = "".join(
        f"client::kubernetes::{_gv_interface(gv)}& MockClientset::{gv['accessor']}() {{ "
        f"return *{gv['stem']}_; }}\n"
        for gv in group_versions)
    return (
        output.header()
        + "// MockClientset's group-versions: each resource accessor answers the installed mock, or the\n"
        + "// unmocked fallback (a Clientset over UnmockedTransport).\n"
        + '#include "kubefake/testing/mock_clientset.h"\n\n'
        + includes + "\n"
        + '#include "unmocked_transport.h"\n\n'
        + "namespace kubefake::testkit {\nnamespace {\n\n"
        + "".join(_mock_gv_class(gv) for gv in group_versions)
        + "}  // namespace\n\n"
        + "MockClientset::MockClientset()\n"
        + "    : unmocked_transport_(std::make_shared<UnmockedTransport>()),\n"
        + "      unmocked_(UnmockedClientset(unmocked_transport_)),\n"
        + inits + " {}\n\n"
        + "MockClientset::~MockClientset() = default;\n\n"
        + accessors
        + "\n}  // namespace kubefake::testkit\n")


def _mock_aliases_header(gv):
    includes = "".join(f'#include "kubefake/api/types/{p}/{v}.h"\n'
                       for p, v in sorted(gv["includes"]))
    aliases = "".join(_wrapped(f"using Mock{e['kind']}Interface =", f"Mock{_interface_type(e)};")
                      for e in gv["resources"])
    return (
        output.header()
        + f"// GoogleMock classes for the typed clients of {gv['cpp_namespace'].replace('::', '/')}"
        + f" (client::kubernetes::typed::{gv['cpp_namespace']}),\n"
        + "// one Mock<Kind>Interface per resource, StrictMock-friendly: for example\n"
        + "// StrictMock<testkit::core::v1::MockPodInterface>. Install them in a MockClientset\n"
        + "// (mock_clientset.h). Header-only; the test links GoogleMock.\n"
        + "#pragma once\n\n"
        + includes
        + '#include "kubefake/testing/mock_resource_interface.h"\n\n'
        + f"namespace kubefake::testkit::{gv['cpp_namespace']} {{\n\n"
        + aliases + "\n"
        + f"}}  // namespace kubefake::testkit::{gv['cpp_namespace']}\n")


def generate(api):
    group_versions = _model(api)
    files = {
        f"{INCLUDE}/clientset.h": _clientset_header(group_versions),
        f"{SRC}/clientset.cc": _clientset_source(group_versions),
        f"{SRC}/group_version_clients.h": _factories_header(group_versions),
        TEST_PATH: _accessors_test(group_versions),
        MOCK_HEADER: _mock_header(group_versions),
        MOCK_SOURCE: _mock_source(group_versions),
    }
    for gv in group_versions:
        package, version = gv["namespace"]
        files[f"{INCLUDE}/kubernetes/typed/{package}/{version}.h"] = _gv_header(gv)
        files[f"{SRC}/{gv['stem']}.cc"] = _gv_source(gv)
        files[f"{MOCK_INCLUDE}/{package}/{version}.h"] = _mock_aliases_header(gv)
    return files

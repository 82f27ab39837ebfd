"""kubefake's code generator: Kubernetes OpenAPI spec in, committed C++ sources out."""
# Each module listed here has generate(api: spec.Api) -> dict[str, str].
from . import catalog, clientset, openapi_schema, protobuf_schema, typed_structs
GENERATORS = [catalog, clientset, openapi_schema, protobuf_schema, typed_structs]

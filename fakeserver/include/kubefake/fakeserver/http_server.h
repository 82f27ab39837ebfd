// HttpServer: the HTTP(S) front end of the fake apiserver (the part of kube-apiserver that is
// Go's net/http server with the authentication filter). It maps each HTTP request to an
// ApiServer Request and the Response back, and adds nothing semantic: every API behaviour
// comes from ApiServer::Handle, the same as in-process. Thread-safe.
//
// Fidelity:
//   Emulated:  Go's URL.Path and url.ParseQuery decoding (see fakeserver/src/request_target.h);
//              keep-alive with no request cap and TCP_NODELAY; an idle keep-alive connection
//              closes after idle_timeout, 90 s unless set, the IdleTimeout k8s.io/apiserver's
//              secure serving gives its http.Server (Stop closes idle ones at once); watch
//              responses chunked, one event per chunk, written as the engine produces them,
//              headers flushed before the first event (R7.2); a client that goes away while its watch is idle has its
//              watcher freed within half a second; request bodies over
//              max_request_body_bytes answer 413 `Request entity too large: limit is <n>`
//              (R3.13), with Content-Length or chunked; a body cut short answers the 500
//              `unexpected EOF` Status (a non-Status error, R5.1); gzip level 1 for bodies over
//              128 KiB when Accept-Encoding lists gzip, with `Vary: Accept-Encoding`, never for
//              smaller bodies, watch streams or other encodings; with bearer_token set, a
//              request without `Authorization: Bearer <token>` (scheme case-insensitive) answers
//              401 `Unauthorized` (R5.2) as kube-apiserver with --anonymous-auth=false does, and
//              the Authorization header is removed before the engine sees the request; every
//              caller is "kubernetes-admin" in system:masters and system:authenticated;
//              library-level errors (malformed request, URI too long) and exceptions answer a
//              Status, never the library's plain text; a JSON list of a built-in resource whose
//              body passes 128 KiB is streamed as kube-apiserver 1.33 streams lists
//              (StreamingCollectionEncodingToJSON): chunked without Content-Length, chunks of
//              about 64 KiB made as the client reads, from a snapshot taken before the first
//              byte (a client that stops reading holds no lock), gzipped as it goes when asked;
//              errors found before it answer a Status as before.
//   Differs:   a target whose path has an invalid escape answers a 400 Status (Go: plain-text
//              400); an oversized body is read to its end and discarded so the connection stays
//              usable (Go closes it); HEAD answers Content-Length 0 (the engine drops the body);
//              request URIs over 8 KiB answer 414
//              (cpp-httplib's limit); a GET or a DELETE without Content-Length that carries a
//              body is not read (cpp-httplib); Range headers are honoured by cpp-httplib;
//              plain-HTTP watches are written by event-loop threads (epoll, one per core), not
//              by their connections' threads, which park meanwhile; a watch's socket is found
//              by walking /proc/self/fd (Linux only); a client that leaves more than 8 MiB of a
//              watch unread, or reads nothing for 5 s while a write waits, loses its
//              connection; TLS watches, and watches shortened by an injected fault, are written
//              by their connection's thread as before; with more than 100 watches open,
//              watches are written at most once per 25 ms (the events queued meanwhile share a
//              chunk, R7.2), so changes delivered to a thousand watchers wake each loop's
//              thread once per 25 ms, not once per change; other bodies carry Content-Length
//              (Go's net/http chunks any body not finished within its 2 KiB buffer), and
//              protobuf, Table, YAML and custom resource lists are built whole before they
//              are written (1.33 also streams protobuf lists).
//   Rejected:  client certificates (no client CA option yet).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::fakeserver {

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // bind address
  int port = 0;                       // 0 = any free port
  std::string tls_certificate_pem;    // serving certificate chain; empty = plain HTTP
  std::string tls_private_key_pem;
  std::string bearer_token;  // non-empty: requests without it answer 401
  std::size_t max_request_body_bytes = 3 * 1024 * 1024;
  // How long a keep-alive connection waits for its next request before the server closes it
  // (Go's http.Server IdleTimeout; kube-apiserver's is 90 s). Whole seconds, at least one.
  std::chrono::seconds idle_timeout{90};
};

class HttpServer {
 public:
  // Does not listen yet. `server` is not owned and must outlive this object.
  HttpServer(ApiServer& server, HttpServerOptions options);
  // Stop()s.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and serves on background threads; applies api::IgnoreSigpipe, so a client that goes
  // away mid-write cannot kill the process. Errors: BadRequest for a TLS certificate or key
  // that does not load or an idle_timeout under a second; ServiceUnavailable when the address cannot be bound; BadRequest when
  // called twice.
  Result<void> Start();
  // The bound port (after Start).
  int port() const;
  // "http://127.0.0.1:PORT" or "https://..." (IPv6 addresses in brackets).
  std::string url() const;
  // Graceful: stops accepting, ends open watches cleanly (each client sees its stream end),
  // lets requests in flight finish, and closes idle keep-alive connections at once (as
  // net/http's Shutdown does; a connection whose request arrives as Stop closes it may be cut).
  // Idempotent; may be called from any thread while watches are open.
  void Stop();

  // Watch streams being served now.
  std::size_t OpenWatches() const;
  // Blocks until OpenWatches() == n or the timeout passes; true when reached.
  bool WaitForOpenWatches(std::size_t n, std::chrono::milliseconds timeout) const;
  // Blocks until exactly n requests other than watches are being served (their headers read,
  // their answer not yet written in full) or the timeout passes; true when reached.
  bool WaitForRequestsInFlight(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubefake::fakeserver

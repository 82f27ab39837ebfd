// The process's SIGPIPE policy for code that writes to sockets: the HTTP server, the HTTP
// transport and the harnesses that feed child processes. One policy, set here, as Go's runtime
// has it. Thread-safe.
#pragma once

namespace kubefake::api {

// Makes a write to a socket or pipe whose reader has gone fail with EPIPE instead of killing the
// process: when SIGPIPE still has its default action it becomes ignored. A handler the program
// installed, or an ignore it set, is left alone. Cheap; call it before the first write.
void IgnoreSigpipe();

}  // namespace kubefake::api

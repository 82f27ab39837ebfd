// IgnoreSigpipe: replaces only SIGPIPE's default action (see kubefake/api/sigpipe.h).
#include "kubefake/api/sigpipe.h"

#include <signal.h>

namespace kubefake::api {

void IgnoreSigpipe() {
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) != 0) return;
  const bool has_handler = (current.sa_flags & SA_SIGINFO) != 0 || current.sa_handler != SIG_DFL;
  if (has_handler) return;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

}  // namespace kubefake::api

// IdentityGenerator: the random parts of new objects: metadata.uid (an RFC 4122 version 4
// UUID, R2.1) and the 5-character generateName suffix (R2.6). Seedable so tests can make them
// deterministic: uids, name suffixes and other choices draw from separate streams, so one
// kind of draw never shifts another's sequence. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace kubefake::fakeserver {

class IdentityGenerator {
 public:
  // `seed` 0 draws a seed from std::random_device.
  explicit IdentityGenerator(uint64_t seed);

  // "6b1c1e2a-3f4d-4a5b-8c6d-7e8f9a0b1c2d".
  std::string NewUid();
  // Five characters from "bcdfghjklmnpqrstvwxz2456789".
  std::string NewNameSuffix();
  // A uniformly distributed integer in [low, high] (random watch timeouts).
  int64_t UniformInt(int64_t low, int64_t high);

 private:
  std::mutex mutex_;
  std::mt19937_64 uid_rng_;    // guarded by mutex_
  std::mt19937_64 name_rng_;   // guarded by mutex_
  std::mt19937_64 other_rng_;  // guarded by mutex_
};

// The name generateName produces: the prefix truncated to 58 characters plus `suffix` (R2.6).
std::string GeneratedName(std::string_view prefix, std::string_view suffix);

}  // namespace kubefake::fakeserver

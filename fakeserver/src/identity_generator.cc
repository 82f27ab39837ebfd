#include "identity_generator.h"

#include <string_view>

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr size_t kMaxGeneratedPrefix = 58;

uint64_t SeedOrRandom(uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

IdentityGenerator::IdentityGenerator(uint64_t seed)
    : uid_rng_(SeedOrRandom(seed)),
      name_rng_(uid_rng_() ^ 0x6e616d65ULL),
      other_rng_(uid_rng_() ^ 0x6f746872ULL) {}

std::string IdentityGenerator::NewUid() {
  uint64_t high;
  uint64_t low;
  {
    std::lock_guard lock(mutex_);
    high = uid_rng_();
    low = uid_rng_();
  }
  // Version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
  high = (high & ~(uint64_t{0xF} << 12)) | (uint64_t{4} << 12);
  low = (low & ~(uint64_t{0x3} << 62)) | (uint64_t{0x2} << 62);
  std::string uid;
  uid.reserve(36);
  static constexpr char kHex[] = "0123456789abcdef";
  auto append = [&](uint64_t value, int first_nibble, int nibbles) {
    for (int i = 0; i < nibbles; ++i) {
      uid += kHex[(value >> ((first_nibble - i) * 4)) & 0xF];
    }
  };
  append(high, 15, 8);
  uid += '-';
  append(high, 7, 4);
  uid += '-';
  append(high, 3, 4);
  uid += '-';
  append(low, 15, 4);
  uid += '-';
  append(low, 11, 12);
  return uid;
}

std::string IdentityGenerator::NewNameSuffix() {
  std::string suffix(5, ' ');
  std::lock_guard lock(mutex_);
  std::uniform_int_distribution<size_t> pick(0, kSuffixAlphabet.size() - 1);
  for (char& c : suffix) c = kSuffixAlphabet[pick(name_rng_)];
  return suffix;
}

int64_t IdentityGenerator::UniformInt(int64_t low, int64_t high) {
  std::lock_guard lock(mutex_);
  return std::uniform_int_distribution<int64_t>(low, high)(other_rng_);
}

std::string GeneratedName(std::string_view prefix, std::string_view suffix) {
  std::string name(prefix.substr(0, kMaxGeneratedPrefix));
  name += suffix;
  return name;
}

}  // namespace kubefake::fakeserver

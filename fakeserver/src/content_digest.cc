// StorageVersionHash and ContentHash over OpenSSL's one-shot digests.
#include "content_digest.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>

namespace kubefake::fakeserver {

std::string StorageVersionHash(std::string_view group, std::string_view version,
                               std::string_view kind) {
  std::string input;
  input.reserve(group.size() + version.size() + kind.size() + 2);
  input.append(group).append("/").append(version).append("/").append(kind);
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
  std::array<unsigned char, 16> encoded{};  // base64 of 8 bytes: 12 characters and a NUL
  const int length = EVP_EncodeBlock(encoded.data(), digest.data(), 8);
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<size_t>(length));
}

std::string ContentHash(std::string_view data) {
  std::array<unsigned char, SHA512_DIGEST_LENGTH> digest{};
  SHA512(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

}  // namespace kubefake::fakeserver

// TempDir: a fresh directory under /tmp for one test, removed with everything in it when the
// test ends; Write puts a file in it. Thread-compatible.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kubefake::client {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kubefake-client-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to `name` (parents created); `executable` sets mode 0700.
  std::filesystem::path Write(const std::string& name, const std::string& text,
                              bool executable = false) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    if (executable) chmod(file.c_str(), 0700);
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace kubefake::client

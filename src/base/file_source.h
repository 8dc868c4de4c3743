// All file-system reads go through FileSource, so tests can use MemFileSource instead of disk.
// Implementations are not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jikenbo {

class FileSource {
 public:
  struct Entry {
    bool is_dir = false;
    uint64_t size = 0;
  };
  virtual ~FileSource() = default;
  // "-" names standard input (a file of unknown size).
  virtual Result<Entry> Stat(const std::string& path) = 0;
  // Reads a whole file. A file larger than max_bytes fails with InvalidInput naming its size,
  // without reading it.
  virtual Result<std::string> Read(const std::string& path, uint64_t max_bytes) = 0;
  // Appends the regular files under dir (recursively, sorted, paths joined to dir). Entries that
  // cannot be listed are appended to *errors and the walk goes on.
  virtual void List(const std::string& dir, std::vector<std::string>* files,
                    std::vector<Status>* errors) = 0;
};

std::unique_ptr<FileSource> NewDiskFileSource();

// The last component of a '/'-separated path ("a/b/x.txt" -> "x.txt").
std::string Basename(const std::string& path);

// In-memory fake: a map from path to contents; directories are path prefixes ending in '/'.
class MemFileSource : public FileSource {
 public:
  void Add(std::string path, std::string bytes) { files_[std::move(path)] = std::move(bytes); }
  void AddUnreadable(std::string path) { unreadable_.push_back(std::move(path)); }
  Result<Entry> Stat(const std::string& path) override;
  Result<std::string> Read(const std::string& path, uint64_t max_bytes) override;
  void List(const std::string& dir, std::vector<std::string>* files,
            std::vector<Status>* errors) override;

 private:
  std::map<std::string, std::string> files_;
  std::vector<std::string> unreadable_;
};

}  // namespace jikenbo

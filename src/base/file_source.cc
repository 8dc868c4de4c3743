#include "base/file_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace jikenbo {
namespace {

namespace fs = std::filesystem;

Status TooLarge(const std::string& path, uint64_t size, uint64_t max_bytes) {
  return Status::InvalidInput(
      fmt::format("file too large ({} bytes; the limit is {} bytes, see --max-bytes)", size,
                  max_bytes),
      path);
}

Result<std::string> ReadStdin(uint64_t max_bytes) {
  std::string out;
  char buf[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    out.append(buf, n);
    if (out.size() > max_bytes) return TooLarge("-", out.size(), max_bytes);
  }
  if (std::ferror(stdin)) return Status::IoError(std::strerror(errno), "-");
  return out;
}

class DiskFileSource : public FileSource {
 public:
  Result<Entry> Stat(const std::string& path) override {
    if (path == "-") return Entry{false, 0};
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec) return Status::NotFound(ec.message(), path);
    if (fs::is_directory(st)) return Entry{true, 0};
    if (!fs::is_regular_file(st)) return Status::Unsupported("not a regular file", path);
    const uintmax_t size = fs::file_size(path, ec);
    if (ec) return Status::IoError(ec.message(), path);
    return Entry{false, static_cast<uint64_t>(size)};
  }

  Result<std::string> Read(const std::string& path, uint64_t max_bytes) override {
    if (path == "-") return ReadStdin(max_bytes);
    JK_ASSIGN_OR_RETURN(Entry e, Stat(path));
    if (e.is_dir) return Status::InvalidInput("is a directory", path);
    if (e.size > max_bytes) return TooLarge(path, e.size, max_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError(std::strerror(errno), path);
    std::string out(e.size, '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    if (in.bad()) return Status::IoError("read failed", path);
    out.resize(static_cast<size_t>(in.gcount()));
    return out;
  }

  void List(const std::string& dir, std::vector<std::string>* files,
            std::vector<Status>* errors) override {
    std::error_code ec;
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      errors->push_back(Status::IoError(ec.message(), dir));
      return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        errors->push_back(Status::IoError(ec.message(), it->path().string()));
        ec.clear();
        continue;
      }
      std::error_code ec2;
      if (it->is_regular_file(ec2)) found.push_back(it->path().string());
    }
    if (ec) errors->push_back(Status::IoError(ec.message(), dir));
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
};

}  // namespace

std::unique_ptr<FileSource> NewDiskFileSource() { return std::make_unique<DiskFileSource>(); }

std::string Basename(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<FileSource::Entry> MemFileSource::Stat(const std::string& path) {
  if (auto it = files_.find(path); it != files_.end()) return Entry{false, it->second.size()};
  if (std::find(unreadable_.begin(), unreadable_.end(), path) != unreadable_.end()) {
    return Entry{false, 0};
  }
  const std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
  auto it = files_.lower_bound(prefix);
  if (it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0) return Entry{true, 0};
  return Status::NotFound("no such file or directory", path);
}

Result<std::string> MemFileSource::Read(const std::string& path, uint64_t max_bytes) {
  if (std::find(unreadable_.begin(), unreadable_.end(), path) != unreadable_.end()) {
    return Status::IoError("Permission denied", path);
  }
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("no such file", path);
  if (it->second.size() > max_bytes) return TooLarge(path, it->second.size(), max_bytes);
  return it->second;
}

void MemFileSource::List(const std::string& dir, std::vector<std::string>* files,
                         std::vector<Status>*) {
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  std::vector<std::string> found;
  for (const auto& [path, bytes] : files_) {
    if (path.compare(0, prefix.size(), prefix) == 0) found.push_back(path);
  }
  for (const auto& path : unreadable_) {
    if (path.compare(0, prefix.size(), prefix) == 0) found.push_back(path);
  }
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
}

}  // namespace jikenbo

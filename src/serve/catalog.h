// What `serve` answers list, stats, indicator and digest requests from: every incident and
// advisory of the casebook as cases (report::CaseFile), held in memory and rebuilt in the
// background when the casebook changes, so that requests never scan the database. Reports are
// kept compact (no offset maps, evidence or type cues; text cut at 4 KiB): what needs them
// reads the store.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "report/cases.h"
#include "store/store.h"

namespace jikenbo::serve {

struct CaseFilter {
  std::optional<std::string> from, to;  // ISO date, month or year
  std::vector<std::string> types;
  std::optional<std::string> kind;  // incident, advisory
  std::optional<std::string> org_kind;
  std::optional<std::string> data_item;
  std::optional<std::string> reported_to;  // authority
  std::vector<int64_t> ids;  // only cases with one of these article ids (search), sorted
  bool by_ids = false;
};

// An immutable snapshot.
struct Snapshot {
  std::vector<report::CaseFile> cases;                 // newest first
  std::unordered_map<std::string, size_t> by_case_no;  // case number -> index in cases
  int64_t articles = 0;     // the casebook's article count when it was taken
  int64_t changes = 0;      // and its count of committed writes (store::Counts)
  uint64_t generation = 0;  // 1, 2, ... in the order snapshots were taken
  std::vector<const report::CaseFile*> Filter(const CaseFilter& filter) const;
  const report::CaseFile* FindCase(const std::string& case_no) const;
};

class Catalog {
 public:
  // open_store opens a connection of the catalog's own (for its background rebuilds).
  explicit Catalog(std::function<Result<std::unique_ptr<store::Store>>()> open_store);
  ~Catalog();
  // Builds the first snapshot (synchronously).
  Status Load();
  // The current snapshot; at most once a second, checks whether the casebook changed and starts a
  // rebuild in the background (the old snapshot serves meanwhile).
  std::shared_ptr<const Snapshot> Get();
  // Rebuilds now (after an ingest through the server).
  Status Reload();

 private:
  Result<std::shared_ptr<Snapshot>> Build(store::Store& store);
  std::function<Result<std::unique_ptr<store::Store>>()> open_store_;
  std::unique_ptr<store::Store> store_;  // guarded by build_mu_
  std::mutex build_mu_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // guarded by mu_
  std::atomic<int64_t> last_check_ms_{0};
  std::atomic<bool> rebuilding_{false};
  uint64_t generations_ = 0;  // guarded by build_mu_
  std::thread worker_;
};

}  // namespace jikenbo::serve

// What `serve` answers list, filter and statistics requests from: an index of the casebook's
// cases (incidents, advisories, threat reports and commentaries) with only what filters, paging
// and statistics read, about 150 bytes a case, rebuilt in the background when the casebook
// changes. The cases a page shows are read from the store (ReadCases): no report, text or title
// is held in memory.
#pragma once

#include <atomic>
#include <bitset>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "report/cases.h"
#include "report/stats.h"
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

// The words of one field (kinds, types, data items ...), each numbered once per snapshot.
class Words {
 public:
  // The word's number (0 is "none": the empty word).
  uint16_t Code(std::string_view word);
  // The number of a word, or nullopt when no case has it.
  std::optional<uint16_t> Find(std::string_view word) const;
  std::string_view Word(uint16_t code) const { return words_[code]; }
  size_t size() const { return words_.size(); }

 private:
  std::vector<std::string> words_ = {""};
  std::unordered_map<std::string, uint16_t> codes_ = {{"", 0}};
};

// One case: its reports' ids and the merged fields filters and statistics read.
struct CaseRow {
  static constexpr size_t kItems = 128;       // data item codes a row can hold
  static constexpr size_t kAuthorities = 32;  // authority codes
  int64_t primary = 0;          // the report the case is told from (report::AssembleCase)
  std::vector<int64_t> others;  // its other reports (most cases have none)
  std::string case_no;          // "" for a report without one (an advisory)
  std::string date;             // ISO, day, month or year; "" when undated
  uint16_t kind = 0, type = 0, org_kind = 0;       // codes in Snapshot::kinds, types, org_kinds
  std::bitset<kItems> items;                       // codes in Snapshot::items
  uint32_t authorities = 0;                        // bits of codes in Snapshot::authorities
  int64_t persons = -1, records = -1, cards = -1;  // the largest count of each unit, or -1
};

// A case as a list shows it: its row and its primary report with the case's merged fields
// (compact, without its text; no other report).
struct CaseHead {
  const CaseRow* row = nullptr;
  report::CaseFile head;
};

// The heads of cases with several reports, merged from all their reports on first use and kept
// while they fit in max_bytes (the least recently used go first): a list page that shows a case
// of thousands of reports reads them once, not on every request. Thread-safe.
class HeadCache {
 public:
  explicit HeadCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  std::optional<report::CaseFile> Find(int64_t primary);
  void Put(int64_t primary, const report::CaseFile& head);
  size_t bytes() const;

 private:
  using Entry = std::pair<int64_t, report::CaseFile>;
  size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<int64_t, std::pair<std::list<Entry>::iterator, size_t>> at_;  // and bytes
  size_t bytes_ = 0;
};

// An immutable snapshot.
struct Snapshot {
  std::vector<CaseRow> rows;      // newest first, as report::CollectCases orders cases
  std::vector<uint32_t> by_case;  // indices of rows with a case number, by case number
  Words kinds, types, org_kinds, items, authorities;
  int64_t articles = 0;     // the casebook's article count when it was taken
  int64_t changes = 0;      // and its count of committed writes (store::Counts)
  uint64_t generation = 0;  // 1, 2, ... in the order snapshots were taken

  std::vector<const CaseRow*> Filter(const CaseFilter& filter) const;
  const CaseRow* FindCase(const std::string& case_no) const;
  // Statistics of the incidents among rows.
  report::Stats Stats(const std::vector<const CaseRow*>& rows, const std::string& by) const;
  // The row of a case (what Build keeps of it).
  CaseRow RowOf(const report::CaseFile& c);
  // Bytes the snapshot holds (for the benchmark and the log).
  size_t Bytes() const;
  // The heads of the rows (in their order; a row whose reports are gone is left out).
  Result<std::vector<CaseHead>> Heads(store::Store& store,
                                      const std::vector<const CaseRow*>& shown) const;

  std::unique_ptr<HeadCache> heads = std::make_unique<HeadCache>(32u << 20);
};

// How much of each report ReadCases reads: all of it; report::CompactReport's part (no offset
// map, evidence or type cues; text cut at 4 KiB); or a head's (Store::GetHeads: no text,
// evidence, type cues or indicators).
enum class Detail { kWhole, kCompact, kHead };

// The cases of rows, in their order, read from the store with all their reports. Rows whose
// reports are gone (a re-analysis since) are left out.
Result<std::vector<report::CaseFile>> ReadCases(store::Store& store,
                                                const std::vector<const CaseRow*>& rows,
                                                Detail detail);

// Calls fn with each row and its case, in the rows' order, read from the store about 2,048
// reports at a time (memory bounded by that, not by the rows; rows whose reports are gone are
// skipped). What ReadCases, ForEachCase, Snapshot::Heads and the catalogue's build read through.
Status ReadEachCase(store::Store& store, const std::vector<const CaseRow*>& rows, Detail detail,
                    const std::function<void(const CaseRow&, report::CaseFile)>& fn);

// Calls fn with the case of every row of the snapshot (an index page, TAXII), read as
// ReadEachCase reads.
Status ForEachCase(store::Store& store, const Snapshot& snapshot, Detail detail,
                   const std::function<void(const report::CaseFile&)>& fn);

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

  // Builds a snapshot of the casebook: one pass over its articles, then the reports of the cases
  // with several are read again to merge their fields.
  static Result<std::shared_ptr<Snapshot>> Build(store::Store& store);

 private:
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

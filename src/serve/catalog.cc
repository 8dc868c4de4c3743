#include "serve/catalog.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace jikenbo::serve {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The kinds the catalogue holds (off-topic articles are no cases).
bool Catalogued(const std::optional<std::string>& kind) {
  return kind == "incident" || kind == "advisory" || kind == "threat_report" ||
         kind == "commentary";
}

// The order of report::CollectCases: newest first, then by case number, then by primary id.
bool Newer(const CaseRow& a, const CaseRow& b) {
  if (a.date != b.date) return a.date > b.date;
  if (a.case_no != b.case_no) return a.case_no > b.case_no;
  return a.primary > b.primary;
}

// A case's head: its primary compact and without its text, no other report.
report::CaseFile HeadOf(report::CaseFile c) {
  report::CompactReport(&c.primary);
  c.primary.article.text.clear();
  c.reports.clear();
  return c;
}

}  // namespace

uint16_t Words::Code(std::string_view word) {
  const auto it = codes_.find(std::string(word));
  if (it != codes_.end()) return it->second;
  if (words_.size() > UINT16_MAX) return 0;
  const auto code = static_cast<uint16_t>(words_.size());
  words_.emplace_back(word);
  codes_.emplace(std::string(word), code);
  return code;
}

std::optional<uint16_t> Words::Find(std::string_view word) const {
  const auto it = codes_.find(std::string(word));
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

CaseRow Snapshot::RowOf(const report::CaseFile& c) {
  const model::Incident& inc = c.primary.article.incident;
  CaseRow row;
  row.primary = c.primary.id;
  for (size_t k = 1; k < c.reports.size(); ++k) row.others.push_back(c.reports[k].id);
  row.case_no = inc.case_no.value_or("");
  row.date = c.date;
  row.kind = kinds.Code(inc.kind.value_or(""));
  row.type = types.Code(inc.type.value_or(""));
  row.org_kind = org_kinds.Code(inc.org_kind.value_or(""));
  // (codes past a row's capacity cannot be filtered by; the vocabularies of rules/ are far
  // smaller)
  for (const std::string& item : inc.data_items) {
    if (const uint16_t code = items.Code(item); code < CaseRow::kItems) row.items.set(code);
  }
  for (const model::ReportedTo& r : inc.reported_to) {
    const uint16_t code = authorities.Code(r.authority);
    if (code < CaseRow::kAuthorities) row.authorities |= uint32_t{1} << code;
  }
  const report::StatFacts facts = report::FactsOf(c);
  row.persons = facts.persons.value_or(-1);
  row.records = facts.records.value_or(-1);
  row.cards = facts.cards.value_or(-1);
  return row;
}

std::vector<const CaseRow*> Snapshot::Filter(const CaseFilter& f) const {
  std::vector<const CaseRow*> out;
  // A word no case has matches no case.
  auto code = [](const Words& words, const std::optional<std::string>& w) -> int {
    if (!w) return -1;
    const auto c = words.Find(*w);
    return c ? *c : -2;
  };
  const int kind = code(kinds, f.kind), org_kind = code(org_kinds, f.org_kind),
            item = code(items, f.data_item), authority = code(authorities, f.reported_to);
  if (kind == -2 || org_kind == -2 || item == -2 || authority == -2 ||
      item >= static_cast<int>(CaseRow::kItems) ||
      authority >= static_cast<int>(CaseRow::kAuthorities)) {
    return out;
  }
  std::vector<uint16_t> type_codes;
  for (const std::string& t : f.types) {
    if (const auto c = types.Find(t)) type_codes.push_back(*c);
  }
  if (!f.types.empty() && type_codes.empty()) return out;
  for (const CaseRow& c : rows) {
    if ((f.from || f.to) && !report::InWindow(c.date, f.from, f.to)) continue;
    if (!type_codes.empty() &&
        std::find(type_codes.begin(), type_codes.end(), c.type) == type_codes.end()) {
      continue;
    }
    if (kind >= 0 && c.kind != kind) continue;
    if (org_kind >= 0 && c.org_kind != org_kind) continue;
    if (item >= 0 && !c.items.test(static_cast<size_t>(item))) continue;
    if (authority >= 0 && !(c.authorities & (uint32_t{1} << authority))) continue;
    if (f.by_ids) {
      auto in = [&](int64_t id) { return std::binary_search(f.ids.begin(), f.ids.end(), id); };
      if (!in(c.primary) && std::none_of(c.others.begin(), c.others.end(), in)) continue;
    }
    out.push_back(&c);
  }
  return out;
}

const CaseRow* Snapshot::FindCase(const std::string& case_no) const {
  const auto it =
      std::lower_bound(by_case.begin(), by_case.end(), case_no,
                       [&](uint32_t k, const std::string& no) { return rows[k].case_no < no; });
  return it != by_case.end() && rows[*it].case_no == case_no ? &rows[*it] : nullptr;
}

report::Stats Snapshot::Stats(const std::vector<const CaseRow*>& selected,
                              const std::string& by) const {
  report::StatsBuilder stats(by);
  const auto incident = kinds.Find("incident");
  if (!incident) return std::move(stats).Finish();
  report::StatFacts facts;
  for (const CaseRow* c : selected) {
    if (c->kind != *incident) continue;
    facts.type = types.Word(c->type);
    facts.org_kind = org_kinds.Word(c->org_kind);
    facts.date = c->date;
    facts.data_items.clear();
    for (size_t k = 1; k < items.size() && k < CaseRow::kItems; ++k) {
      if (c->items.test(k)) facts.data_items.push_back(items.Word(static_cast<uint16_t>(k)));
    }
    facts.authorities.clear();
    for (size_t k = 1; k < authorities.size() && k < CaseRow::kAuthorities; ++k) {
      if (c->authorities & (uint32_t{1} << k)) {
        facts.authorities.push_back(authorities.Word(static_cast<uint16_t>(k)));
      }
    }
    auto count = [](int64_t n) { return n < 0 ? std::nullopt : std::optional<int64_t>(n); };
    facts.persons = count(c->persons);
    facts.records = count(c->records);
    facts.cards = count(c->cards);
    stats.Add(facts);
  }
  return std::move(stats).Finish();
}

namespace {

// What a head holds, roughly: the record and its strings (an estimate for the cache's bound).
size_t ApproxBytes(const report::CaseFile& c) {
  const model::Article& a = c.primary.article;
  const model::Incident& inc = a.incident;
  size_t n = sizeof(report::CaseFile) + a.title.size() + a.text.size() + inc.summary.size() * 128 +
             inc.countermeasures.size() * 128 +
             (inc.data_items.size() + inc.victim_orgs.size() + inc.org_aliases.size() +
              inc.source_urls.size()) *
                 48 +
             (inc.affected.size() + inc.reported_to.size() + inc.doubts.size()) * 96 +
             inc.indicators.size() * 160 + c.from.size() * 64;
  return n;
}

}  // namespace

std::optional<report::CaseFile> HeadCache::Find(int64_t primary) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = at_.find(primary);
  if (it == at_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second.first);
  return it->second.first->second;
}

void HeadCache::Put(int64_t primary, const report::CaseFile& head) {
  const size_t size = ApproxBytes(head) + 64;
  std::lock_guard<std::mutex> lock(mu_);
  if (size > max_bytes_ || at_.count(primary)) return;
  while (bytes_ + size > max_bytes_ && !lru_.empty()) {
    const auto last = at_.find(lru_.back().first);
    bytes_ -= last->second.second;
    at_.erase(last);
    lru_.pop_back();
  }
  lru_.emplace_front(primary, head);
  at_.emplace(primary, std::make_pair(lru_.begin(), size));
  bytes_ += size;
}

size_t HeadCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

Result<std::vector<CaseHead>> Snapshot::Heads(store::Store& store,
                                              const std::vector<const CaseRow*>& shown) const {
  std::unordered_map<int64_t, report::CaseFile> found;
  std::vector<const CaseRow*> unread;
  for (const CaseRow* c : shown) {
    auto hit = c->others.empty() ? std::nullopt : heads->Find(c->primary);
    if (hit) {
      found.emplace(c->primary, std::move(*hit));
    } else {
      unread.push_back(c);
    }
  }
  JK_RETURN_IF_ERROR(
      ReadEachCase(store, unread, Detail::kHead, [&](const CaseRow& row, report::CaseFile c) {
        report::CaseFile head = HeadOf(std::move(c));
        // (a case of several reports is costly to read again)
        if (!row.others.empty()) heads->Put(row.primary, head);
        found.emplace(row.primary, std::move(head));
      }));
  std::vector<CaseHead> out;
  for (const CaseRow* c : shown) {
    const auto it = found.find(c->primary);
    if (it != found.end()) out.push_back({c, std::move(it->second)});
  }
  return out;
}

size_t Snapshot::Bytes() const {
  size_t n =
      sizeof(Snapshot) + rows.capacity() * sizeof(CaseRow) + by_case.capacity() * sizeof(uint32_t);
  for (const CaseRow& c : rows) {
    n += c.others.capacity() * sizeof(int64_t);
    if (c.case_no.capacity() > 15) n += c.case_no.capacity();
    if (c.date.capacity() > 15) n += c.date.capacity();
  }
  return n;
}

Status ReadEachCase(store::Store& store, const std::vector<const CaseRow*>& rows, Detail detail,
                    const std::function<void(const CaseRow&, report::CaseFile)>& fn) {
  for (size_t k = 0; k < rows.size();) {
    // About 2,048 reports at a time (one case of more on its own).
    const size_t first = k;
    std::vector<int64_t> ids;
    for (; k < rows.size() && (k == first || ids.size() < 2048); ++k) {
      ids.push_back(rows[k]->primary);
      ids.insert(ids.end(), rows[k]->others.begin(), rows[k]->others.end());
    }
    JK_ASSIGN_OR_RETURN(std::vector<store::ArticleRecord> got,
                        detail == Detail::kHead ? store.GetHeads(ids) : store.GetMany(ids));
    std::unordered_map<int64_t, store::ArticleRecord*> by_id;
    for (store::ArticleRecord& r : got) {
      if (detail == Detail::kCompact) report::CompactReport(&r);
      by_id.emplace(r.id, &r);
    }
    for (size_t j = first; j < k; ++j) {
      std::vector<int64_t> mine = rows[j]->others;
      mine.push_back(rows[j]->primary);
      std::sort(mine.begin(), mine.end());  // in the order they were archived
      std::vector<store::ArticleRecord> reports;
      for (int64_t id : mine) {
        const auto it = by_id.find(id);
        if (it != by_id.end()) reports.push_back(*it->second);
      }
      if (!reports.empty()) fn(*rows[j], report::AssembleCase(std::move(reports)));
    }
  }
  return Status::Ok();
}

Result<std::vector<report::CaseFile>> ReadCases(store::Store& store,
                                                const std::vector<const CaseRow*>& rows,
                                                Detail detail) {
  std::vector<report::CaseFile> out;
  out.reserve(rows.size());
  JK_RETURN_IF_ERROR(ReadEachCase(store, rows, detail, [&](const CaseRow&, report::CaseFile c) {
    out.push_back(std::move(c));
  }));
  return out;
}

Status ForEachCase(store::Store& store, const Snapshot& snapshot, Detail detail,
                   const std::function<void(const report::CaseFile&)>& fn) {
  std::vector<const CaseRow*> all;
  all.reserve(snapshot.rows.size());
  for (const CaseRow& c : snapshot.rows) all.push_back(&c);
  return ReadEachCase(store, all, detail,
                      [&](const CaseRow&, const report::CaseFile& c) { fn(c); });
}

Result<std::shared_ptr<Snapshot>> Catalog::Build(store::Store& store) {
  store.EndRead();
  auto snapshot = std::make_shared<Snapshot>();
  JK_ASSIGN_OR_RETURN(const store::Counts counts, store.Count());
  snapshot->articles = counts.articles;
  snapshot->changes = counts.changes;
  // One pass: a report's own row; the reports of a case number after the first only noted.
  std::unordered_map<std::string, size_t> first_of_case;  // case number -> row
  std::vector<size_t> merged;                             // rows of cases with several reports
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    const model::Incident& inc = r.article.incident;
    if (!Catalogued(inc.kind)) return Status::Ok();
    if (inc.case_no) {
      const auto [it, fresh] = first_of_case.emplace(*inc.case_no, snapshot->rows.size());
      if (!fresh) {
        CaseRow& row = snapshot->rows[it->second];
        if (row.others.empty()) merged.push_back(it->second);
        row.others.push_back(r.id);
        return Status::Ok();
      }
    }
    std::vector<store::ArticleRecord> one = {r};
    snapshot->rows.push_back(snapshot->RowOf(report::AssembleCase(std::move(one))));
    return Status::Ok();
  }));
  first_of_case.clear();
  // The cases with several reports: their fields merged from all of them.
  std::vector<const CaseRow*> several;
  for (size_t j : merged) several.push_back(&snapshot->rows[j]);
  JK_RETURN_IF_ERROR(ReadEachCase(
      store, several, Detail::kHead, [&](const CaseRow& row, const report::CaseFile& c) {
        CaseRow& mine = snapshot->rows[static_cast<size_t>(&row - snapshot->rows.data())];
        mine = snapshot->RowOf(c);
        // (a case of several reports is costly to read again: its head is kept while it fits)
        snapshot->heads->Put(c.primary.id, HeadOf(c));
      }));
  std::sort(snapshot->rows.begin(), snapshot->rows.end(), Newer);
  snapshot->rows.shrink_to_fit();
  for (size_t k = 0; k < snapshot->rows.size(); ++k) {
    if (!snapshot->rows[k].case_no.empty()) snapshot->by_case.push_back(static_cast<uint32_t>(k));
  }
  std::sort(snapshot->by_case.begin(), snapshot->by_case.end(), [&](uint32_t a, uint32_t b) {
    return snapshot->rows[a].case_no < snapshot->rows[b].case_no;
  });
  malloc_trim(0);  // the pass's records are freed: give their memory back to the system
  return snapshot;
}

Catalog::Catalog(std::function<Result<std::unique_ptr<store::Store>>()> open_store)
    : open_store_(std::move(open_store)) {}

Catalog::~Catalog() {
  if (worker_.joinable()) worker_.join();
}

Status Catalog::Load() {
  std::lock_guard<std::mutex> build(build_mu_);
  if (!store_) {
    JK_ASSIGN_OR_RETURN(store_, open_store_());
  }
  JK_ASSIGN_OR_RETURN(auto snapshot, Build(*store_));
  snapshot->generation = ++generations_;
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_ = std::move(snapshot);
  last_check_ms_ = NowMs();
  return Status::Ok();
}

Status Catalog::Reload() { return Load(); }

std::shared_ptr<const Snapshot> Catalog::Get() {
  std::shared_ptr<const Snapshot> current;
  {
    std::lock_guard<std::mutex> lock(mu_);
    current = snapshot_;
  }
  const int64_t now = NowMs();
  int64_t last = last_check_ms_.load();
  if (now - last < 1000 || rebuilding_.load() ||
      !last_check_ms_.compare_exchange_strong(last, now)) {
    return current;
  }
  std::unique_lock<std::mutex> build(build_mu_, std::try_to_lock);
  if (!build.owns_lock() || !store_) return current;
  store_->EndRead();
  auto counts = store_->Count();
  if (!counts.ok() || !current ||
      (counts->articles == current->articles && counts->changes == current->changes))
    return current;
  // (under build_mu_: the previous worker has finished, since rebuilding_ is false; the new one
  // waits for the lock in Load())
  if (worker_.joinable()) worker_.join();
  rebuilding_ = true;
  worker_ = std::thread([this] {  // the old snapshot serves meanwhile
    Load().ok();
    rebuilding_ = false;
  });
  return current;
}

}  // namespace jikenbo::serve

#include "serve/catalog.h"

#include <algorithm>
#include <chrono>

namespace jikenbo::serve {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::vector<const report::CaseFile*> Snapshot::Filter(const CaseFilter& f) const {
  std::vector<const report::CaseFile*> out;
  for (const report::CaseFile& c : cases) {
    const model::Incident& inc = c.primary.article.incident;
    if (!report::InWindow(c.date, f.from, f.to)) continue;
    if (!f.types.empty() && !Contains(f.types, inc.type.value_or(""))) continue;
    if (f.kind && inc.kind != f.kind) continue;
    if (f.org_kind && inc.org_kind != f.org_kind) continue;
    if (f.data_item && !Contains(inc.data_items, *f.data_item)) continue;
    if (f.reported_to &&
        std::none_of(inc.reported_to.begin(), inc.reported_to.end(),
                     [&](const model::ReportedTo& r) { return r.authority == *f.reported_to; })) {
      continue;
    }
    if (f.by_ids && std::none_of(c.reports.begin(), c.reports.end(), [&](const auto& r) {
          return std::binary_search(f.ids.begin(), f.ids.end(), r.id);
        })) {
      continue;
    }
    out.push_back(&c);
  }
  return out;
}

const report::CaseFile* Snapshot::FindCase(const std::string& case_no) const {
  const auto it = by_case_no.find(case_no);
  return it == by_case_no.end() ? nullptr : &cases[it->second];
}

Catalog::Catalog(std::function<Result<std::unique_ptr<store::Store>>()> open_store)
    : open_store_(std::move(open_store)) {}

Catalog::~Catalog() {
  if (worker_.joinable()) worker_.join();
}

Result<std::shared_ptr<Snapshot>> Catalog::Build(store::Store& store) {
  store.EndRead();
  auto snapshot = std::make_shared<Snapshot>();
  JK_ASSIGN_OR_RETURN(const store::Counts counts, store.Count());
  snapshot->articles = counts.articles;
  snapshot->changes = counts.changes;
  report::CaseQuery all;
  all.kinds = {"incident", "advisory", "threat_report", "commentary"};
  all.compact = true;  // the pages that show a report read it whole from the store
  JK_ASSIGN_OR_RETURN(snapshot->cases, report::CollectCases(store, all));
  for (size_t k = 0; k < snapshot->cases.size(); ++k) {
    const auto& no = snapshot->cases[k].primary.article.incident.case_no;
    if (no) snapshot->by_case_no.emplace(*no, k);
  }
  return snapshot;
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
  worker_ = std::thread([this] {  // the old snapshot serves until the new one is ready
    Load().ok();
    rebuilding_ = false;
  });
  return current;
}

}  // namespace jikenbo::serve

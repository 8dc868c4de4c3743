#include "ingest/ingest.h"

#include <fmt/format.h>

#include <chrono>
#include <deque>
#include <future>
#include <optional>

#include "base/deadline.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "base/work_pool.h"

namespace jikenbo::ingest {
namespace {

// A NUL byte or many control characters in the first bytes mean a binary file.
Status CheckText(const std::string& path, std::string_view bytes, size_t probe) {
  if (utf8::IsBlank(bytes)) return Status::InvalidInput("empty document (no text)", path);
  const std::string_view head = bytes.substr(0, probe);
  size_t controls = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    const auto c = static_cast<unsigned char>(head[i]);
    if (c == 0) {
      return Status::Unsupported(fmt::format("binary file (NUL byte at offset {})", i), path);
    }
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B) {
      ++controls;
    }
  }
  if (controls * 10 > head.size()) {
    return Status::Unsupported(
        fmt::format("binary file ({} control bytes in the first {})", controls, head.size()), path);
  }
  return Status::Ok();
}

}  // namespace

Status Renumber(store::Store& store, size_t chunk) {
  // Read and write under one write lock: another process numbering at the same time waits, so
  // no number is issued twice.
  const bool own_batch = !store.InBatch();
  std::optional<int64_t> previous_first;
  for (;;) {
    if (own_batch) JK_RETURN_IF_ERROR(store.BeginBatch());
    bool more = false;
    Status s = [&]() -> Status {
      JK_ASSIGN_OR_RETURN(auto fresh, store.PendingIncidents(chunk));
      if (fresh.empty()) return Status::Ok();
      if (previous_first == fresh.front().id) {
        return Status::Internal("numbering made no progress", std::to_string(fresh.front().id));
      }
      previous_first = fresh.front().id;
      more = chunk > 0 && fresh.size() == chunk;
      const casebook::Options options;
      JK_ASSIGN_OR_RETURN(auto known, store.CaseNeighbours(casebook::ProbeFor(fresh, options)));
      JK_ASSIGN_OR_RETURN(auto counters, store.CaseCounters());
      return store.ApplyCases(casebook::Assign(known, fresh, std::move(counters), options));
    }();
    if (own_batch) {
      // On an error nothing of this chunk was written: its reports stay pending.
      const Status committed = store.CommitBatch();
      if (s.ok()) s = committed;
    }
    if (!s.ok() || !more) return s;
  }
}

namespace {

// Segments, classifies and extracts `text` (UTF-8 when `decoded`, else the original bytes,
// repaired by normalize) into a Prepared whose document still lacks its archive fields.
Result<Prepared> Analyse(const std::string& path, std::string_view text, const Pipeline& pipeline) {
  JK_ASSIGN_OR_RETURN(normalize::NormalizedText norm, normalize::Normalize(text));
  Prepared out;
  out.warnings = norm.warnings();
  auto split = pipeline.Run(norm, &out.warnings);
  if (!split.ok()) {
    return Status::InvalidInput(split.status().what(), path + ": " + split.status().where());
  }
  out.articles = std::move(split->articles);
  out.document.front_matter = std::move(split->front_matter);
  return out;
}

// Too many undecodable characters: these bytes are not text in any encoding we know.
Status CheckDecoded(const std::string& path, const TextBytes& t) {
  size_t bad = 0, all = 0;
  for (size_t i = 0; i < t.utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(t.utf8[i]);
    if ((c & 0xC0) == 0x80) continue;
    ++all;
    bad += t.utf8.compare(i, 3, "\xEF\xBF\xBD") == 0;
  }
  if (bad * 10 > all) {
    return Status::Unsupported("not text in any known encoding (" + std::to_string(bad) + " of " +
                                   std::to_string(all) + " characters undecodable)",
                               path);
  }
  return Status::Ok();
}

// Prepare() for bytes whose SHA-256 the caller has already computed.
Result<std::vector<Prepared>> PrepareHashedUnguarded(std::string path, std::string bytes,
                                                     std::string sha256, const Pipeline& pipeline,
                                                     const Options& options,
                                                     const SourceInfo& info) {
  SourceInfo source = info;
  if (source.path.empty()) source.path = path;
  const Format format = Sniff(bytes, source);
  std::vector<Prepared> out;
  if (format == Format::kText || format == Format::kMarkdown) {
    if (!LooksLikeUtf16(bytes))
      JK_RETURN_IF_ERROR(CheckText(path, bytes, options.binary_probe_bytes));
    TextBytes t = ToUtf8(bytes, HttpCharset(source.content_type));
    Prepared p;
    if (t.encoding == "UTF-8" && t.how != "bom") {
      // The bytes are the text: normalize repairs what is broken and offsets stay byte offsets.
      JK_ASSIGN_OR_RETURN(p, Analyse(path, bytes, pipeline));
    } else {
      JK_RETURN_IF_ERROR(CheckDecoded(path, t));
      JK_RETURN_IF_ERROR(CheckText(path, t.utf8, options.binary_probe_bytes));
      JK_ASSIGN_OR_RETURN(p, Analyse(path, t.utf8, pipeline));
      p.warnings.insert(p.warnings.begin(), t.warnings.begin(), t.warnings.end());
      p.document.text = std::move(t.utf8);
    }
    p.document.content_type = ContentType(format);
    p.document.encoding = t.encoding;
    p.document.url = source.url;
    p.document.sha256 = std::move(sha256);
    p.document.path = std::move(path);
    p.document.bytes = std::move(bytes);
    out.push_back(std::move(p));
    return out;
  }
  auto decoded = Decode(bytes, source, options.decode);
  if (!decoded.ok()) return decoded.status().At(path);
  for (size_t i = 0; i < decoded->size(); ++i) {
    DecodedDoc& d = (*decoded)[i];
    const bool item = !d.item_bytes.empty();
    const std::string name = item ? path + "#" + std::to_string(i + 1) : path;
    if (!item) d.item_bytes = bytes;  // the document archived is the input itself
    JK_ASSIGN_OR_RETURN(Prepared p,
                        PrepareDecoded(name, std::move(d), pipeline, options, item ? "" : sha256));
    out.push_back(std::move(p));
  }
  return out;
}

// The stage boundary: a bug that throws while one document is analysed fails that document with
// a message naming it, and never the batch.
Result<std::vector<Prepared>> PrepareHashed(std::string path, std::string bytes, std::string sha256,
                                            const Pipeline& pipeline, const Options& options,
                                            const SourceInfo& source) {
  try {
    const ScopedDeadline deadline(options.time_limit_seconds);
    return PrepareHashedUnguarded(path, std::move(bytes), std::move(sha256), pipeline, options,
                                  source);
  } catch (const DeadlineExceeded&) {
    return Status::DeadlineExceeded(
        fmt::format("skipped: decoding and analysis took longer than the time limit ({} s, "
                    "--time-limit); the document may be pathological",
                    options.time_limit_seconds),
        path);
  } catch (const std::exception& e) {
    return Status::Internal(
        std::string("analysis failed (a bug; please report this document): ") + e.what(), path);
  }
}

}  // namespace

Result<Prepared> PrepareDecoded(const std::string& path, DecodedDoc d, const Pipeline& pipeline,
                                const Options& options, std::string sha256) {
  JK_RETURN_IF_ERROR(CheckText(path, d.text, options.binary_probe_bytes));
  JK_ASSIGN_OR_RETURN(Prepared p, Analyse(path, d.text, pipeline));
  p.warnings.insert(p.warnings.begin(), d.warnings.begin(), d.warnings.end());
  p.document.content_type = ContentType(d.format);
  p.document.encoding = d.encoding;
  p.document.title = std::move(d.title);
  p.document.published = std::move(d.published);
  p.document.url = std::move(d.url);
  p.document.text = std::move(d.text);
  p.document.path = path;
  p.document.sha256 = sha256.empty() ? Sha256Hex(d.item_bytes) : std::move(sha256);
  p.document.bytes = std::move(d.item_bytes);
  return p;
}

Result<std::vector<model::Article>> AnalyseArchived(const model::Document& d,
                                                    const Pipeline& pipeline) {
  const std::string_view text = d.text.empty() ? std::string_view(d.bytes) : d.text;
  JK_ASSIGN_OR_RETURN(Prepared p, Analyse(d.path, text, pipeline));
  return std::move(p.articles);
}

Result<ReanalyseSummary> Reanalyse(store::Store& store, const Pipeline& pipeline,
                                   const std::function<void(size_t, size_t)>& progress) {
  std::vector<std::pair<int64_t, std::string>> docs;  // id, sha256
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    if (docs.empty() || docs.back().first != r.document_id) {
      docs.emplace_back(r.document_id, r.doc_sha256);
    }
    return Status::Ok();
  }));
  ReanalyseSummary summary;
  constexpr size_t kBatch = 64;
  for (size_t k = 0; k < docs.size(); ++k) {
    if (k % kBatch == 0) JK_RETURN_IF_ERROR(store.BeginBatch());
    const auto& [id, sha] = docs[k];
    auto archived = store.Archived(sha);
    Status s = archived.status();
    if (s.ok() && archived->empty()) s = Status::NotFound("archived original missing", sha);
    if (s.ok()) {
      auto analysed = AnalyseArchived(archived->front().document, pipeline);
      s = analysed.status();
      if (s.ok()) {
        auto replaced = store.ReplaceAnalysis(id, *analysed);
        s = replaced.status();
        if (s.ok()) {
          ++summary.documents;
          summary.articles += analysed->size();
          summary.corrections += *replaced;
        }
      }
    }
    if (!s.ok()) summary.errors.push_back(s);
    if (k % kBatch == kBatch - 1 || k + 1 == docs.size()) {
      JK_RETURN_IF_ERROR(store.CommitBatch());
    }
    if (progress) progress(k + 1, docs.size());
  }
  JK_RETURN_IF_ERROR(Renumber(store));
  return summary;
}

Result<std::vector<Prepared>> Prepare(std::string path, std::string bytes, const Pipeline& pipeline,
                                      const Options& options, const SourceInfo& source) {
  std::string sha256 = Sha256Hex(bytes);
  return PrepareHashed(std::move(path), std::move(bytes), std::move(sha256), pipeline, options,
                       source);
}

DocumentReport Ingester::Screen(const std::string& path, std::string* bytes, Fetched* fetched) {
  DocumentReport report;
  report.path = path;
  if (IsUrl(path)) {
    if (fetcher_ == nullptr) {
      report.status = Status::Unsupported("fetching URLs is not enabled here", path);
      return report;
    }
    auto got = fetcher_->Fetch({path, "", ""});
    if (!got.ok()) {
      report.status = got.status();
      return report;
    }
    fetched->source = {path, got->url, got->content_type};
    fetched->at = got->fetched_at;
    *bytes = std::move(got->body);
  } else {
    auto read = files_.Read(path, options_.max_bytes);
    if (!read.ok()) {
      report.status = read.status();
      return report;
    }
    *bytes = std::move(read).value();
  }
  report.bytes = bytes->size();
  report.sha256 = Sha256Hex(*bytes);
  // Bytes already archived are not analysed again (a dry run stores nothing, so checks nothing).
  if (!options_.dry_run) {
    if (auto has = store_.HasDocument(report.sha256); has.ok() && *has) {
      report.outcome = Outcome::kDuplicate;
    }
  }
  return report;
}

void Ingester::Store(Result<std::vector<Prepared>> prepared, DocumentReport* report) {
  if (!prepared.ok()) {
    report->status = prepared.status();
    return;
  }
  // A feed gives several documents: the file counts as ingested if any of them is new.
  bool any_new = false;
  for (Prepared& p : *prepared) {
    report->warnings.insert(report->warnings.end(), p.warnings.begin(), p.warnings.end());
    if (report->encoding.empty()) report->encoding = p.document.encoding;
    if (options_.dry_run) {
      any_new = true;
      report->articles += p.articles.size();
      continue;
    }
    auto added = store_.AddDocument(p.document, p.articles);
    if (!added.ok()) {
      report->outcome = Outcome::kFailed;
      report->status = Status::IoError(added.status().ToString(), p.document.path);
      return;
    }
    any_new = any_new || !added->duplicate;
    report->documents += added->duplicate ? 0 : 1;
    report->articles += added->articles;
  }
  if (options_.dry_run) report->documents = prepared->size();
  report->outcome = any_new ? Outcome::kIngested : Outcome::kDuplicate;
}

DocumentReport Ingester::IngestFile(const std::string& path) {
  std::string bytes;
  Fetched fetched;
  DocumentReport report = Screen(path, &bytes, &fetched);
  if (report.outcome != Outcome::kFailed || !report.status.ok()) return report;
  Store(Prepare(path, std::move(bytes), report.sha256, fetched), &report);
  return report;
}

Result<std::vector<Prepared>> Ingester::Prepare(const std::string& path, std::string bytes,
                                                std::string sha256, const Fetched& fetched) const {
  auto out =
      PrepareHashed(path, std::move(bytes), std::move(sha256), pipeline_, options_, fetched.source);
  if (out.ok()) {
    for (auto& p : *out) p.document.fetched_at = fetched.at;
  }
  return out;
}

struct Ingester::Pending {
  DocumentReport report;
  std::optional<std::future<Result<std::vector<Prepared>>>> work;  // analysis under way
};

Summary Ingester::Run(const std::vector<std::string>& inputs, Reporter& reporter) {
  Summary summary;
  Plan plan = Expand(files_, inputs);
  summary.skipped = plan.skipped;
  for (const Status& error : plan.errors) {
    reporter.OnError(error);
    ++summary.errors;
  }
  reporter.OnPlan(plan.files.size());

  auto emit = [&](const DocumentReport& report) {
    switch (report.outcome) {
      case Outcome::kIngested:
        summary.documents += report.documents;
        summary.articles += report.articles;
        break;
      case Outcome::kDuplicate:
        ++summary.duplicates;
        break;
      case Outcome::kFailed:
        ++summary.errors;
        break;
    }
    reporter.OnDocument(report);
  };

  // Reports wait for their batch's commit: only then are their documents durable.
  std::vector<DocumentReport> batch;
  uint64_t batch_bytes = 0;
  auto batch_start = std::chrono::steady_clock::now();
  auto commit = [&] {
    if (store_.InBatch()) {
      const Status s = store_.CommitBatch();
      // Where each document was committed as it was stored, a failed batch commit loses none.
      if (!s.ok() && store_.CommitsEachDocument()) {
        reporter.OnError(s);
        ++summary.errors;
      }
      for (DocumentReport& r : batch) {
        if (!s.ok() && !store_.CommitsEachDocument() && r.outcome == Outcome::kIngested) {
          r.outcome = Outcome::kFailed;
          r.articles = 0;
          r.status = Status::IoError("batch not committed: " + s.ToString(), r.path);
        }
      }
    }
    for (const DocumentReport& r : batch) emit(r);
    batch.clear();
    batch_bytes = 0;
  };

  const size_t jobs = options_.jobs > 0 ? options_.jobs : WorkPool::DefaultThreads();
  WorkPool pool(jobs);
  // Documents read, in input order. Workers run ahead of the store while it commits a batch, but
  // only so far: at most 64 documents or 256 MiB are held.
  std::deque<Pending> window;
  uint64_t window_bytes = 0;
  auto finish = [&](Pending& p) {
    if (p.work) {
      if (!options_.dry_run && !store_.InBatch()) {
        if (Status s = store_.BeginBatch(); !s.ok()) {
          p.report.status = s;
          p.work->wait();
          emit(p.report);
          return;
        }
        batch_start = std::chrono::steady_clock::now();
      }
      Store(p.work->get(), &p.report);
    }
    if (options_.dry_run) {
      emit(p.report);
      return;
    }
    if (p.report.outcome == Outcome::kIngested) batch_bytes += p.report.bytes;
    batch.push_back(std::move(p.report));
    const double age =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_start).count();
    if (batch.size() >= options_.batch_documents || batch_bytes >= options_.batch_bytes ||
        age >= options_.batch_seconds) {
      commit();
    }
  };
  for (const std::string& path : plan.files) {
    Pending p;
    std::string bytes;
    Fetched fetched;
    p.report = Screen(path, &bytes, &fetched);
    if (p.report.outcome == Outcome::kFailed && p.report.status.ok()) {
      p.work = pool.Submit(
          [this, path, bytes = std::move(bytes), sha = p.report.sha256, fetched]() mutable {
            return Prepare(path, std::move(bytes), std::move(sha), fetched);
          });
    }
    window_bytes += p.report.bytes;
    window.push_back(std::move(p));
    while (window.size() > std::max<size_t>(64, 2 * jobs + 2) || window_bytes > (256ull << 20)) {
      window_bytes -= window.front().report.bytes;
      finish(window.front());
      window.pop_front();
    }
  }
  for (Pending& p : window) finish(p);
  commit();
  // Also when nothing was new: a run killed before numbering left incidents waiting.
  if (!options_.dry_run) {
    Status s = Renumber(store_);
    if (!s.ok()) {
      reporter.OnError(Status::IoError(
          "incidents stored but not numbered (the next ingest numbers them): " + s.ToString()));
      ++summary.errors;
    }
  }
  return summary;
}

}  // namespace jikenbo::ingest

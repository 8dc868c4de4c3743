// Ingest: turns inputs (files, directories, "-" for standard input) into archived documents and
// their articles in the store. One bad document never stops the batch: each outcome goes to the
// Reporter. Run() analyses documents on worker threads while the calling thread writes the
// store in batches of documents (one transaction each; every document stays all-or-nothing).
// An Ingester is not thread-safe (it drives one Store).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/file_source.h"
#include "base/status.h"
#include "ingest/decode.h"
#include "ingest/fetch.h"
#include "ingest/pipeline.h"
#include "model/document.h"
#include "normalize/normalize.h"
#include "segment/segment.h"
#include "store/store.h"

namespace jikenbo::ingest {

struct Options {
  uint64_t max_bytes = 64ull << 20;  // larger documents are refused with a clear error
  size_t binary_probe_bytes = 8192;  // bytes inspected to recognise a binary file
  bool dry_run = false;              // analyse only: nothing is written to the store
  size_t jobs = 0;                   // analysis threads; 0 = one per hardware thread
  // A batch is committed when it holds this many documents or bytes, or is this old.
  size_t batch_documents = 500;
  uint64_t batch_bytes = 64ull << 20;
  double batch_seconds = 2;
  DecodeOptions decode;  // limits for HTML, feeds and e-mail
  // The watchdog: a document whose decoding and analysis take longer is skipped with an error
  // naming it (DeadlineExceeded) and the batch goes on; 0 = no limit.
  double time_limit_seconds = 60;
};

enum class Outcome { kIngested, kDuplicate, kFailed };

struct DocumentReport {
  std::string path;
  Outcome outcome = Outcome::kFailed;
  size_t articles = 0;
  size_t documents = 0;  // archived documents it gave (a feed gives one per item)
  std::string encoding;  // of its text, as decoded
  uint64_t bytes = 0;    // size of the document as read
  std::string sha256;
  Status status;                             // why it failed (kFailed)
  std::vector<normalize::Warning> warnings;  // repaired bytes and the like
};

struct Summary {
  size_t documents = 0;   // newly archived
  size_t articles = 0;    // newly stored
  size_t duplicates = 0;  // same bytes already archived
  size_t skipped = 0;     // files in directories that are not text or Markdown
  size_t errors = 0;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void OnPlan(size_t total_files) { (void)total_files; }
  virtual void OnDocument(const DocumentReport& report) = 0;
  virtual void OnError(const Status& status) = 0;  // inputs that could not be listed
};

// The files an input list stands for, in order: files as given, directories walked recursively
// (sorted; only the formats ingest reads, by extension: text, Markdown, HTML, PDF, XML feeds,
// e-mail; others counted as skipped).
struct Plan {
  std::vector<std::string> files;
  std::vector<Status> errors;
  size_t skipped = 0;
};
Plan Expand(FileSource& files, const std::vector<std::string>& inputs);

// Bytes -> documents and their articles, without I/O: the format is sniffed (text, Markdown,
// HTML, PDF, feed, e-mail) and the encoding decoded. A feed gives one document per item (its
// own bytes archived), anything else one. Fails for binary, empty or undecodable input.
struct Prepared {
  model::Document document;
  std::vector<model::Article> articles;
  std::vector<normalize::Warning> warnings;
};
Result<std::vector<Prepared>> Prepare(std::string path, std::string bytes, const Pipeline& pipeline,
                                      const Options& options = {}, const SourceInfo& source = {});

// A decoded document (a feed item, say) -> document and articles; doc.item_bytes are archived
// under `sha256` when the caller has it (else they are hashed here).
Result<Prepared> PrepareDecoded(const std::string& path, DecodedDoc doc, const Pipeline& pipeline,
                                const Options& options = {}, std::string sha256 = "");

// Numbers the incidents ingested since the last numbering (casebook::Assign): each joins the
// case of a report it is linked to or opens a new one; existing numbers never change except
// when a new report merges two cases. Cheap when little is new: only the cases a new report
// can touch are read. Under one write lock, so concurrent ingests never issue a number twice.
// Works through the pending reports oldest first, `chunk` at a time (0: all at once), each
// chunk committed on its own: memory stays bounded however many are pending, and a chunk sees
// the cases the chunks before it opened.
inline constexpr size_t kNumberingChunk = 2000;
Status Renumber(store::Store& store, size_t chunk = kNumberingChunk);

// Re-analysis after a rule change: every archived original analysed again with `pipeline`
// (from its decoded text, as at ingest), its articles replaced in place (same ids and case
// numbers) and analysts' corrections re-applied; then the new incidents are numbered. A
// document whose analysis fails keeps its old articles and counts as an error.
// The articles the current rules find in an archived original (from its decoded text, as at
// ingest), without writing anything.
Result<std::vector<model::Article>> AnalyseArchived(const model::Document& archived,
                                                    const Pipeline& pipeline);

struct ReanalyseSummary {
  size_t documents = 0;
  size_t articles = 0;
  size_t corrections = 0;  // corrections re-applied
  std::vector<Status> errors;
};
Result<ReanalyseSummary> Reanalyse(store::Store& store, const Pipeline& pipeline,
                                   const std::function<void(size_t done, size_t total)>& progress);

class Ingester {
 public:
  // All references must outlive the Ingester.
  // `fetcher` (optional) fetches inputs that are http(s) URLs; without one they fail.
  Ingester(FileSource& files, store::Store& store, const Pipeline& pipeline, Options options = {},
           Fetcher* fetcher = nullptr)
      : files_(files), store_(store), pipeline_(pipeline), options_(options), fetcher_(fetcher) {}

  // One document in a transaction of its own.
  DocumentReport IngestFile(const std::string& path);
  // Every input; reports reach the reporter in input order once their batch is committed.
  Summary Run(const std::vector<std::string>& inputs, Reporter& reporter);

 private:
  struct Pending;
  struct Fetched {  // where fetched bytes came from (empty for files)
    SourceInfo source;
    std::string at;
  };
  // Reads (or fetches) and hashes path and sees whether it is archived already; report.outcome
  // stays kFailed (and report.status ok) when the bytes still need analysing.
  DocumentReport Screen(const std::string& path, std::string* bytes, Fetched* fetched);
  Result<std::vector<Prepared>> Prepare(const std::string& path, std::string bytes,
                                        std::string sha256, const Fetched& fetched) const;
  // Writes a prepared document to the store (dry run: counts it).
  void Store(Result<std::vector<Prepared>> prepared, DocumentReport* report);

  FileSource& files_;
  store::Store& store_;
  const Pipeline& pipeline_;
  Options options_;
  Fetcher* fetcher_;
};

}  // namespace jikenbo::ingest

#include "ingest/ingest.h"

#include <fmt/format.h>

#include "base/sha256.h"
#include "base/utf8.h"

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

Status Renumber(store::Store& store) {
  JK_ASSIGN_OR_RETURN(auto inputs, store.CaseInputs());
  return store.ApplyCases(casebook::Number(inputs));
}

namespace {

// Prepare() for bytes whose SHA-256 the caller has already computed.
Result<Prepared> PrepareHashed(std::string path, std::string bytes, std::string sha256,
                               const Pipeline& pipeline, const Options& options) {
  JK_RETURN_IF_ERROR(CheckText(path, bytes, options.binary_probe_bytes));
  JK_ASSIGN_OR_RETURN(normalize::NormalizedText text, normalize::Normalize(bytes));
  auto split = pipeline.Run(text);
  if (!split.ok()) {
    return Status::InvalidInput(split.status().what(), path + ": " + split.status().where());
  }
  Prepared out;
  out.warnings = text.warnings();
  out.articles = std::move(split->articles);
  out.document.front_matter = std::move(split->front_matter);
  out.document.content_type = ContentTypeFor(path);
  out.document.encoding = "UTF-8";
  out.document.sha256 = std::move(sha256);
  out.document.path = std::move(path);
  out.document.bytes = std::move(bytes);
  return out;
}

}  // namespace

Result<Prepared> Prepare(std::string path, std::string bytes, const Pipeline& pipeline,
                         const Options& options) {
  std::string sha256 = Sha256Hex(bytes);
  return PrepareHashed(std::move(path), std::move(bytes), std::move(sha256), pipeline, options);
}

DocumentReport Ingester::IngestFile(const std::string& path) {
  DocumentReport report;
  report.path = path;
  auto bytes = files_.Read(path, options_.max_bytes);
  if (!bytes.ok()) {
    report.status = bytes.status();
    return report;
  }
  report.sha256 = Sha256Hex(*bytes);
  // Bytes already archived are not analysed again (a dry run stores nothing, so checks nothing).
  if (!options_.dry_run) {
    if (auto has = store_.HasDocument(report.sha256); has.ok() && *has) {
      report.outcome = Outcome::kDuplicate;
      return report;
    }
  }
  auto prepared = PrepareHashed(path, std::move(bytes).value(), report.sha256, pipeline_, options_);
  if (!prepared.ok()) {
    report.status = prepared.status();
    return report;
  }
  report.warnings = std::move(prepared->warnings);
  if (options_.dry_run) {
    report.outcome = Outcome::kIngested;
    report.articles = prepared->articles.size();
    return report;
  }
  auto added = store_.AddDocument(prepared->document, prepared->articles);
  if (!added.ok()) {
    report.status = Status::IoError(added.status().ToString(), path);
    return report;
  }
  report.outcome = added->duplicate ? Outcome::kDuplicate : Outcome::kIngested;
  report.articles = added->articles;
  return report;
}

Summary Ingester::Run(const std::vector<std::string>& inputs, Reporter& reporter) {
  Summary summary;
  Plan plan = Expand(files_, inputs);
  summary.skipped = plan.skipped;
  for (const Status& error : plan.errors) {
    reporter.OnError(error);
    ++summary.errors;
  }
  reporter.OnPlan(plan.files.size());
  for (const std::string& path : plan.files) {
    const DocumentReport report = IngestFile(path);
    switch (report.outcome) {
      case Outcome::kIngested:
        ++summary.documents;
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
  }
  if (summary.documents > 0 && !options_.dry_run) {
    Status s = Renumber(store_);
    if (!s.ok()) {
      reporter.OnError(s);
      ++summary.errors;
    }
  }
  return summary;
}

}  // namespace jikenbo::ingest

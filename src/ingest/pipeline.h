// The analysis pipeline of one document: segment, then classify and extract every article.
// Loaded from a rules directory (segment.rules, kinds.rules, types.rules, orgs.rules,
// data_items.rules, authorities.rules, extract.rules, services.rules, ioc_roles.rules).
// Immutable after LoadPipeline(); threads may share one.
#pragma once

#include <string>

#include "base/file_source.h"
#include "classify/classify.h"
#include "extract/extract.h"
#include "extract/ioc.h"
#include "extract/ioc_roles.h"
#include "normalize/normalize.h"
#include "segment/segment.h"

namespace jikenbo::ingest {

struct Pipeline {
  segment::Segmenter segmenter;
  classify::Classifier classifier;
  extract::Extractor extractor;
  extract::IocExtractor iocs;  // indicators of every article, with their spans
  extract::IocRoles roles;     // and the role of each (malicious, victim, reference ...)

  // Indicators kept per article; a dump with more keeps the first ones and says so.
  static constexpr size_t kMaxIndicators = 10'000;

  // Segments the text and fills every article's incident fields. Limits reached (indicators
  // dropped) are added to *warnings when given.
  Result<segment::Segmentation> Run(const normalize::NormalizedText& text,
                                    std::vector<normalize::Warning>* warnings = nullptr) const;
  // Classifies and extracts one article (its text must be set). Returns how many indicators
  // were dropped over kMaxIndicators.
  size_t Analyze(model::Article* article) const;
};

// Reads and compiles every rules file of dir; errors name the file and line.
Result<Pipeline> LoadPipeline(FileSource& files, const std::string& dir);

}  // namespace jikenbo::ingest

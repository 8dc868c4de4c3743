// The analysis pipeline of one document: segment, then classify and extract every article.
// Loaded from a rules directory (segment.rules, kinds.rules, types.rules, orgs.rules,
// data_items.rules, authorities.rules, extract.rules, services.rules). Immutable after
// LoadPipeline(); threads
// may share one.
#pragma once

#include <string>

#include "base/file_source.h"
#include "classify/classify.h"
#include "extract/extract.h"
#include "extract/ioc.h"
#include "normalize/normalize.h"
#include "segment/segment.h"

namespace jikenbo::ingest {

struct Pipeline {
  segment::Segmenter segmenter;
  classify::Classifier classifier;
  extract::Extractor extractor;
  extract::IocExtractor iocs;  // indicators of every article, with their spans

  // Segments the text and fills every article's incident fields.
  Result<segment::Segmentation> Run(const normalize::NormalizedText& text) const;
  // Classifies and extracts one article (its text must be set).
  void Analyze(model::Article* article) const;
};

// Reads and compiles every rules file of dir; errors name the file and line.
Result<Pipeline> LoadPipeline(FileSource& files, const std::string& dir);

}  // namespace jikenbo::ingest

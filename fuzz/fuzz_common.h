// Shared by the fuzz targets: the default pipeline (rules/), loaded once.
#pragma once

#include <cstdlib>

#include "base/file_source.h"
#include "ingest/pipeline.h"

namespace jikenbo {

inline const ingest::Pipeline& FuzzPipeline() {
  static const ingest::Pipeline* p = [] {
    auto files = NewDiskFileSource();
    auto loaded = ingest::LoadPipeline(*files, JIKENBO_RULES_DIR);
    if (!loaded.ok()) std::abort();
    return new ingest::Pipeline(std::move(*loaded));
  }();
  return *p;
}

}  // namespace jikenbo

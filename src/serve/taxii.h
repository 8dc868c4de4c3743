// TAXII 2.1 in serve (taxii.cc): the casebook's STIX objects, each with the time it was added,
// computed once per catalog snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "report/lexicon.h"
#include "serve/catalog.h"

namespace jikenbo::serve {

struct TaxiiObject {
  std::string id, type, version;  // version: the object's `modified`
  std::string added;              // date_added: when its case's newest report was archived
  std::string json;               // the object, serialised
};
using TaxiiObjects = std::vector<TaxiiObject>;  // by (added, id)

class TaxiiIndex {
 public:
  // The objects of the snapshot's cases (read from the store a chunk at a time), built on first
  // use and kept until the next snapshot.
  Result<std::shared_ptr<const TaxiiObjects>> For(store::Store& store, const Snapshot& snapshot,
                                                  const report::Lexicon& lexicon);

 private:
  std::mutex mu_;
  uint64_t generation_ = 0;
  std::shared_ptr<const TaxiiObjects> objects_;
};

}  // namespace jikenbo::serve

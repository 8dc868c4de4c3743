#include "ingest/pipeline.h"

#include <fmt/format.h>

#include "base/deadline.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {

Result<segment::Segmentation> Pipeline::Run(const normalize::NormalizedText& text,
                                            std::vector<normalize::Warning>* warnings) const {
  JK_ASSIGN_OR_RETURN(segment::Segmentation seg, segmenter.Split(text));
  for (model::Article& a : seg.articles) {
    CheckDeadlineSlow();
    const size_t dropped = Analyze(&a);
    if (dropped > 0 && warnings != nullptr) {
      warnings->push_back(
          {a.source_begin, fmt::format("article at line {} holds {} indicators; the first {} are "
                                       "kept, {} dropped",
                                       a.line, kMaxIndicators + dropped, kMaxIndicators, dropped)});
    }
  }
  return seg;
}

size_t Pipeline::Analyze(model::Article* article) const {
  const classify::ArticleText text(*article);
  classifier.Apply(text, article);
  CheckDeadlineSlow();
  extractor.Extract(text, article);
  CheckDeadlineSlow();
  auto& out = article->incident.indicators;
  out.clear();
  size_t dropped = 0;
  std::vector<extract::Ioc> found;
  iocs.Scan(article->text, 0, [&](extract::Ioc ioc) {
    if (found.size() >= kMaxIndicators) {  // a dump of indicators: keep the first ones
      ++dropped;
      return;
    }
    found.push_back(std::move(ioc));
  });
  CheckDeadlineSlow();
  roles.Judge(
      article->text, &found,
      {.kind = article->incident.kind.value_or(""), .sources = &article->incident.source_urls});
  out.reserve(found.size());
  for (extract::Ioc& ioc : found) {
    const auto b = static_cast<uint32_t>(ioc.offset);
    const auto e = static_cast<uint32_t>(ioc.offset + ioc.found.size());
    out.push_back({std::move(ioc.type),
                   std::move(ioc.value),
                   std::move(ioc.tags),
                   std::move(ioc.role),
                   std::move(ioc.role_reason),
                   {b, e}});
  }
  return dropped;
}

Result<Pipeline> LoadPipeline(FileSource& files, const std::string& dir) {
  // ICU's shared data, loaded here rather than lazily by the first analysis threads.
  normalize::Preload();
  PreloadConverters();
  auto read = [&](const char* name) -> Result<classify::RuleFile> {
    const std::string path = dir + "/" + name;
    auto text = files.Read(path, 16 << 20);
    if (!text.ok()) return Status::NotFound("cannot read rules file (see --rules)", path);
    return classify::RuleFile{path, std::move(text).value()};
  };
  JK_ASSIGN_OR_RETURN(auto seg_rules, read("segment.rules"));
  JK_ASSIGN_OR_RETURN(auto kinds, read("kinds.rules"));
  JK_ASSIGN_OR_RETURN(auto types, read("types.rules"));
  extract::RuleFiles er;
  JK_ASSIGN_OR_RETURN(er.orgs, read("orgs.rules"));
  JK_ASSIGN_OR_RETURN(er.data_items, read("data_items.rules"));
  JK_ASSIGN_OR_RETURN(er.authorities, read("authorities.rules"));
  JK_ASSIGN_OR_RETURN(er.cues, read("extract.rules"));
  JK_ASSIGN_OR_RETURN(auto segmenter, segment::Segmenter::Create({seg_rules.name, seg_rules.text}));
  JK_ASSIGN_OR_RETURN(auto classifier, classify::Classifier::Create(kinds, types));
  JK_ASSIGN_OR_RETURN(auto extractor, extract::Extractor::Create(er));
  JK_ASSIGN_OR_RETURN(auto services, read("services.rules"));
  JK_ASSIGN_OR_RETURN(auto iocs, extract::IocExtractor::Create(services));
  JK_ASSIGN_OR_RETURN(auto role_rules, read("ioc_roles.rules"));
  JK_ASSIGN_OR_RETURN(auto roles, extract::IocRoles::Create(role_rules));
  return Pipeline{std::move(segmenter), std::move(classifier), std::move(extractor),
                  std::move(iocs), std::move(roles)};
}

}  // namespace jikenbo::ingest

#include "ingest/pipeline.h"

namespace jikenbo::ingest {

Result<segment::Segmentation> Pipeline::Run(const normalize::NormalizedText& text) const {
  JK_ASSIGN_OR_RETURN(segment::Segmentation seg, segmenter.Split(text));
  for (model::Article& a : seg.articles) Analyze(&a);
  return seg;
}

void Pipeline::Analyze(model::Article* article) const {
  const classify::ArticleText text(*article);
  classifier.Apply(text, article);
  extractor.Extract(text, article);
}

Result<Pipeline> LoadPipeline(FileSource& files, const std::string& dir) {
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
  return Pipeline{std::move(segmenter), std::move(classifier), std::move(extractor)};
}

}  // namespace jikenbo::ingest

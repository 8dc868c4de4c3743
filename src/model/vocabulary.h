// The closed vocabularies of PRODUCT.md: incident types, data items, organisation kinds and the
// authorities an incident is reported to. One list each, for the rule loaders, the web UI's
// filters and the tests that every rule file covers them.
#pragma once

#include <string>
#include <vector>

namespace jikenbo::model {

// The kinds of article (PRODUCT.md "Kinds").
inline const std::vector<std::string>& ArticleKinds() {
  static const std::vector<std::string> kKinds = {"incident", "advisory", "threat_report",
                                                  "commentary", "off_topic"};
  return kKinds;
}

inline const std::vector<std::string>& IncidentTypes() {
  static const std::vector<std::string> kTypes = {
      "ransomware", "malware",     "unauthorized_access", "web_skimming", "account_compromise",
      "phishing",   "misdelivery", "misconfiguration",    "loss_theft",   "insider",
      "ddos",       "defacement",  "domain_hijack",       "outage",       "other"};
  return kTypes;
}

inline const std::vector<std::string>& DataItems() {
  static const std::vector<std::string> kItems = {"name",
                                                  "address",
                                                  "postal_code",
                                                  "phone",
                                                  "email",
                                                  "birthdate",
                                                  "gender",
                                                  "occupation",
                                                  "company_name",
                                                  "department",
                                                  "employee_id",
                                                  "login_id",
                                                  "password",
                                                  "credit_card_number",
                                                  "card_expiry",
                                                  "card_security_code",
                                                  "card_holder_name",
                                                  "bank_account",
                                                  "my_number",
                                                  "health",
                                                  "tax",
                                                  "vehicle",
                                                  "grades",
                                                  "photo",
                                                  "other"};
  return kItems;
}

inline const std::vector<std::string>& OrgKinds() {
  static const std::vector<std::string> kKinds = {"company",  "local_government",  "school",
                                                  "hospital", "university",        "npo",
                                                  "media",    "government_agency", "other"};
  return kKinds;
}

inline const std::vector<std::string>& Authorities() {
  static const std::vector<std::string> kAuthorities = {
      "ppc", "police", "ministry", "other_regulator", "jpcert", "ipa"};
  return kAuthorities;
}

}  // namespace jikenbo::model

#include "model/incident.h"

namespace jikenbo::model {

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact:
      return "exact";
    case Qualifier::kMax:
      return "max";
    case Qualifier::kApprox:
      return "approx";
    case Qualifier::kMin:
      return "min";
  }
  return "exact";
}

}  // namespace jikenbo::model

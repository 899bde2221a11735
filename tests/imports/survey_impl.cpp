#include <cmath>

#include "survey_service.hpp"

namespace survey {

ffidl::Task<ffidl::Result<double, ffidl::Failure<GeoError>>> distance(Point a, Point b, Unit unit) {
  double metres = std::hypot(b.x - a.x, b.y - a.y);
  if (metres > 1e6) co_return ffidl::raise(GeoError::OutOfRange{b});
  co_return unit == Unit::kilometres ? metres / 1000 : metres;
}

}  // namespace survey

#include "atlas_service.hpp"

namespace atlas {

ffidl::Task<ffidl::Result<Point>> midpoint(Point a, Point b) {
  co_return Point{(a.x + b.x) / 2, (a.y + b.y) / 2};
}

ffidl::Task<ffidl::Result<Place, ffidl::Failure<GeoError>>> locate(std::string name) {
  if (name == "origin") co_return Place(Place::At{Point{0, 0}});
  if (name == "nowhere") co_return Place(Place::Nowhere{});
  co_return ffidl::raise(GeoError::UnknownPlace{name});
}

}  // namespace atlas

// Two libraries that import the same types file, used from one C++ program
// through their clients: atlas::Point and survey::Point are distinct types
// in distinct namespaces.
#include <cmath>
#include <iostream>

#include "atlas_client.hpp"
#include "survey_client.hpp"

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::cerr << __FILE__ << ":" << __LINE__ << ": " << #cond << "\n"; \
      return 1;                                                          \
    }                                                                    \
  } while (0)

int main() {
  auto mid = atlas::Client::midpoint(atlas::Point{0, 0}, atlas::Point{3000, 4000});
  CHECK(mid && mid->x == 1500 && mid->y == 2000);
  auto km = survey::Client::distance(survey::Point{0, 0}, survey::Point{mid->x, mid->y},
                                     survey::Unit::kilometres);
  CHECK(km && std::fabs(*km - 2.5) < 1e-9);
  auto far =
      survey::Client::distance(survey::Point{0, 0}, survey::Point{1e7, 0}, survey::Unit::metres);
  CHECK(!far && far.error().typed() && far.error().typed()->as_out_of_range());
  auto mars = atlas::Client::locate("mars");
  CHECK(!mars && mars.error().typed()->as_unknown_place()->name == "mars");
  auto origin = atlas::Client::locate("origin");
  CHECK(origin && origin->as_at() && origin->as_at()->point == (atlas::Point{0, 0}));
  std::cout << "atlas and survey share geometry.ffidl (C++)\n";
  return 0;
}

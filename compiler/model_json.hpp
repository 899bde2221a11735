// The checked model as JSON (`ffidlc dump`): for debugging schemas and for
// tests that assert what the checker resolved.
#pragma once

#include <string>

#include "model.hpp"

namespace ffidl {

std::string to_json(const model::Model& m);

}  // namespace ffidl

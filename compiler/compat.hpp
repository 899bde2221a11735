// `ffidlc compat OLD NEW`: every difference between two versions of a
// schema, classified per wire as compatible or breaking for the clients of
// the old version, by the rules of docs/evolution.md.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace ffidl::compat {

enum class Wire { native, cbor };

/// What a change means for one wire.
struct Verdict {
  bool breaking = false;
  std::string reason;
};

/// One difference between OLD and NEW.
struct Change {
  bool at_old = false;  // `loc` is in OLD (a removal), else in NEW
  Loc loc;
  std::string what;  // "field 'shards' added to struct 'EchoConfig'"
  Verdict native;
  Verdict cbor;
  const Verdict& on(Wire w) const { return w == Wire::native ? native : cbor; }
};

/// The differences, in the order of NEW's declarations (removals where
/// OLD declared them, after).
std::vector<Change> compare(const model::Model& old_model, const model::Model& new_model);

}  // namespace ffidl::compat

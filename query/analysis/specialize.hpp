// Selection pushdown into recursion: `?- reach("Org 1", Y)` over
//   reach(X, Y) :- dissolved_into(X, Y) @ _.
//   reach(X, Z) :- reach(X, Y) @ _, dissolved_into(Y, Z) @ _.
// needs only what is reachable from "Org 1", not the whole closure. When a
// query atom's constant sits in an argument every rule passes through
// unchanged (X above), the rules are copied with the constant in its place.
#pragma once

#include "query/analysis/checked_program.hpp"

namespace annals::query {

//! Rewrites `program` in place: query atoms over derived relations with such
//! constants read specialised copies of those relations (same name, same
//! answers, less work). Leaves everything else alone.
void SpecializeQuery(CheckedProgram& program);

}  // namespace annals::query

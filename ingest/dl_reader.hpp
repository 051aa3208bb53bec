// The native facts format (.dl): Datalog facts with periods in the query
// language's own syntax, plus .decl/.source directives and entity, alias,
// lifespan and same_as statements. Read with the query lexer and parser.
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"

#include <string_view>

namespace annals::ingest {

//! Loads every good statement of `text`; each bad one becomes a Diagnostic
//! at its file:line:column saying what was expected, and loads nothing.
//! `source_name` names the text in diagnostics and in facts' provenance.
LoadReport ReadDatalogFacts(engine::Store& store, std::string_view text,
                            std::string_view source_name);

}  // namespace annals::ingest

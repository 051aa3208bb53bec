// Leader tables in articles: which columns hold the person, the start and the
// end (in any order and wording), sub-header rows naming roles, and the leads
// and succeeds facts each row gives.
#pragma once

#include <annals/time.hpp>

#include "engine/store/store.hpp"
#include "ingest/article_document.hpp"
#include "ingest/fact_writer.hpp"

#include <string>
#include <string_view>

namespace annals::ingest {

//! What a header cell says its column holds.
enum class ColumnRole {
  kEmpty,   //!< no header text
  kPerson,  //!< Name, Leader, Chairman, ...
  kStart,   //!< Took office, Term start, From, Start, In office from, ...
  kEnd,     //!< Left office, Term end, To, End, In office to, ...
  kTerm,    //!< one column with the whole period: Term, Tenure, Years, ...
  kRole,    //!< Role, Position, Office, Title
  kNote,    //!< Notes, Remarks, Comments
  kOther,   //!< kept as an attribute named after the header
};

[[nodiscard]] ColumnRole ClassifyHeader(std::string_view header);

//! True for section headings about leaders ("Party leaders", "Chairmen",
//! "List of general secretaries", "Leadership").
[[nodiscard]] bool IsLeadersHeading(std::string_view heading);

//! Reads one table of an article about `org`. A leaders table gives leads
//! and succeeds facts; any other table is reported as not used (a warning).
//! Returns the number of leads facts added.
std::size_t ReadArticleTable(FactWriter& writer, const ArticleTable& table, engine::EntityId org,
                             std::string_view org_name);

}  // namespace annals::ingest

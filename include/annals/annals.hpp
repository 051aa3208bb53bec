// Umbrella header: the whole public C++ API of Annals.
#pragma once

#include <annals/batch_result.hpp>     // IWYU pragma: export
#include <annals/database.hpp>         // IWYU pragma: export
#include <annals/error.hpp>            // IWYU pragma: export
#include <annals/name_key.hpp>         // IWYU pragma: export
#include <annals/parameter_table.hpp>  // IWYU pragma: export
#include <annals/prepared_query.hpp>   // IWYU pragma: export
#include <annals/result.hpp>           // IWYU pragma: export
#include <annals/time.hpp>             // IWYU pragma: export
#include <annals/value.hpp>            // IWYU pragma: export

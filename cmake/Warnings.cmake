# Every target of ours compiles warning-clean with -Wall -Wextra -Wpedantic.
function(annals_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                         -Woverloaded-virtual -Wimplicit-fallthrough)
  # GCC 12 reports -Wrestrict on `"literal" + std::string` at -O2 inside
  # libstdc++ itself (GCC bug 105329): a false positive, fixed in GCC 13.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(ANNALS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

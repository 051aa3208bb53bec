# Every target of ours compiles warning-clean with -Wall -Wextra -Wpedantic.
function(annals_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                         -Woverloaded-virtual -Wimplicit-fallthrough)
  if(ANNALS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

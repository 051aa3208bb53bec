# Command-line tests.
#  - cli.internals: Catch2 tests of the CLI's parsing and printing code.
#  - cli.<case>: one per tests/cli/cases/*.test, running the built `annals`
#    with arguments and comparing stdout, stderr and the exit code with the
#    case's expectations (format: tests/cli/run_cli_case.py).
#  - cli.shell_interrupt: Ctrl-C during a query in `annals shell`, piped and
#    at a terminal (tests/cli/shell_interrupt_test.py).
if(NOT TARGET annals_cli)
  return()
endif()

add_executable(annals_cli_internals
  ${CMAKE_CURRENT_LIST_DIR}/cli_internals_test.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/main.cpp
  ${PROJECT_SOURCE_DIR}/cli/args.cpp
  ${PROJECT_SOURCE_DIR}/cli/line_reader.cpp
  ${PROJECT_SOURCE_DIR}/cli/output.cpp
  ${PROJECT_SOURCE_DIR}/cli/statements.cpp)
target_include_directories(annals_cli_internals PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(annals_cli_internals PRIVATE annals Catch2::Catch2)
annals_set_warnings(annals_cli_internals)
add_test(NAME cli.internals COMMAND annals_cli_internals)

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  file(GLOB ANNALS_CLI_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/cases/*.test)
  foreach(case_file ${ANNALS_CLI_CASES})
    get_filename_component(case_name ${case_file} NAME_WE)
    add_test(NAME cli.${case_name}
             COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/run_cli_case.py
                     $<TARGET_FILE:annals_cli> ${PROJECT_SOURCE_DIR}/datasets ${case_file})
  endforeach()
  # Ctrl-C in the shell needs a signal sent while a query runs, which the
  # cases cannot express.
  add_test(NAME cli.shell_interrupt
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/shell_interrupt_test.py
                   $<TARGET_FILE:annals_cli>)
  set_tests_properties(cli.shell_interrupt PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
else()
  message(WARNING "Python 3 not found: the command-line golden cases (tests/cli/cases) are not run")
endif()

# The README's example questions are run and their output compared, so the
# documentation cannot drift from what the engine answers.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND TARGET annals_cli)
  add_test(NAME docs.readme_examples
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/docs/check_examples.py
                   $<TARGET_FILE_DIR:annals_cli> ${PROJECT_SOURCE_DIR}/README.md)
endif()

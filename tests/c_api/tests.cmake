# C API tests: one in C (compiled as C11) against the static library, one in
# Python through ctypes against the shared library, and a build-time check
# that every public header compiles on its own.

set(ANNALS_TEST_DATASET ${PROJECT_SOURCE_DIR}/datasets/central-asia-1918-1924)

add_executable(annals_c_api_test ${CMAKE_CURRENT_LIST_DIR}/c_api_test.c)
set_target_properties(annals_c_api_test PROPERTIES
  C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(annals_c_api_test PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
if(ANNALS_WERROR)
  target_compile_options(annals_c_api_test PRIVATE -Werror)
endif()
target_link_libraries(annals_c_api_test PRIVATE annals Threads::Threads)
add_test(NAME c_api.c COMMAND annals_c_api_test ${ANNALS_TEST_DATASET} ${CMAKE_CURRENT_BINARY_DIR})

# Python loads the shared library into an uninstrumented interpreter, which
# the sanitizer runtimes do not allow without preloading; those builds run the
# C test above instead.
# (annals_shared is defined by the top-level install section, after this file
# is read; generator expressions resolve it later.)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND NOT ANNALS_SANITIZE AND NOT ANNALS_TSAN)
  if(BUILD_SHARED_LIBS)
    set(ANNALS_SHARED_LIBRARY_FILE $<TARGET_FILE:annals>)
  else()
    set(ANNALS_SHARED_LIBRARY_FILE $<TARGET_FILE:annals_shared>)
  endif()
  add_test(NAME c_api.python
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/test_ctypes.py
                   ${ANNALS_SHARED_LIBRARY_FILE} ${ANNALS_TEST_DATASET})
endif()

# Each public header on its own (included twice, to catch a missing guard),
# with only include/ on the path: a header that leans on another's includes
# or on an internal header fails the build. annals.h also compiles as C.
file(GLOB ANNALS_PUBLIC_HEADERS CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/include/annals/*.hpp ${PROJECT_SOURCE_DIR}/include/annals/*.h)
set(ANNALS_HEADER_CHECK_SOURCES)
set(ANNALS_HEADER_CHECK_C_SOURCES)
foreach(header ${ANNALS_PUBLIC_HEADERS})
  get_filename_component(header_name ${header} NAME)
  string(MAKE_C_IDENTIFIER ${header_name} header_id)
  set(tu ${CMAKE_CURRENT_BINARY_DIR}/header_check/${header_id}.cpp)
  file(CONFIGURE OUTPUT ${tu}
       CONTENT "#include <annals/${header_name}>\n#include <annals/${header_name}>\n")
  list(APPEND ANNALS_HEADER_CHECK_SOURCES ${tu})
  if(header_name MATCHES "\\.h$")
    set(c_tu ${CMAKE_CURRENT_BINARY_DIR}/header_check/${header_id}.c)
    file(CONFIGURE OUTPUT ${c_tu}
         CONTENT "#include <annals/${header_name}>\n#include <annals/${header_name}>\n")
    list(APPEND ANNALS_HEADER_CHECK_C_SOURCES ${c_tu})
  endif()
endforeach()
add_library(annals_header_check OBJECT ${ANNALS_HEADER_CHECK_SOURCES})
target_include_directories(annals_header_check PRIVATE ${PROJECT_SOURCE_DIR}/include)
annals_set_warnings(annals_header_check)
if(ANNALS_HEADER_CHECK_C_SOURCES)
  add_library(annals_header_check_c OBJECT ${ANNALS_HEADER_CHECK_C_SOURCES})
  set_target_properties(annals_header_check_c PROPERTIES
    C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_include_directories(annals_header_check_c PRIVATE ${PROJECT_SOURCE_DIR}/include)
  target_compile_options(annals_header_check_c PRIVATE -Wall -Wextra -Wpedantic
                         $<$<BOOL:${ANNALS_WERROR}>:-Werror>)
endif()

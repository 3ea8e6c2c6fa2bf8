# sanding_module(NAME <name> SRCS ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Defines target sanding_<name> with alias sanding::<name>. Public headers sit at the module root
# (include as "<name>/header.h"); implementation-only headers go in <name>/internal/.
function(sanding_module)
  cmake_parse_arguments(M "" "NAME" "SRCS;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT M_SRCS)
    # A module whose sources are not written yet still configures (its users fail to link).
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/empty_${M_NAME}.cc "")
    set(M_SRCS ${CMAKE_CURRENT_BINARY_DIR}/empty_${M_NAME}.cc)
  endif()
  add_library(sanding_${M_NAME} STATIC ${M_SRCS})
  add_library(sanding::${M_NAME} ALIAS sanding_${M_NAME})
  target_include_directories(sanding_${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(sanding_${M_NAME} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_PRIVATE_DEPS})
endfunction()

# sanding_test(NAME <name> SRCS ... DEPS ... [RUNS_BINARY]): one GoogleTest executable, registered with CTest.
function(sanding_test)
  cmake_parse_arguments(T "RUNS_BINARY" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  # Where tests find the repository, ../shared (real material) and the binaries: compiled in,
  # overridable by the environment variables of the same names.
  target_compile_definitions(${T_NAME} PRIVATE
    SANDING_SOURCE_DIR_DEFAULT="${PROJECT_SOURCE_DIR}"
    SANDING_SHARED_DIR_DEFAULT="${PROJECT_SOURCE_DIR}/../shared")
  if(T_RUNS_BINARY)
    # End-to-end suites run the real binaries; only they depend on them.
    target_compile_definitions(${T_NAME} PRIVATE
      SANDING_BIN_DEFAULT="$<TARGET_FILE:sanding>"
      SANDING_FIXTURES_BIN_DEFAULT="$<TARGET_FILE:sanding-fixtures>")
    add_dependencies(${T_NAME} sanding sanding-fixtures)
  endif()
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${T_LABELS}" ENVIRONMENT "OMP_THREAD_LIMIT=1")
endfunction()

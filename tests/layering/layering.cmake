# Build checks for the layering rule "sipcore has no I/O". Each probe is an object library compiled with
# exactly sipcore's own include paths (its guard folder included) and dependencies; a CTest test builds it.
#   - a probe that includes a forbidden header must stop with the layering guard's message
#     (src/core/layering_guard), on a machine where the real header is installed too;
#   - a positive control that includes core headers must compile, so a broken check cannot pass by accident.
function(sip_layering_probe name source)
  add_library(${name} OBJECT EXCLUDE_FROM_ALL "${CMAKE_CURRENT_SOURCE_DIR}/layering/${source}")
  target_include_directories(${name} PRIVATE $<TARGET_PROPERTY:sipcore,INCLUDE_DIRECTORIES>)
  target_link_libraries(${name} PRIVATE sip::json)
  add_test(NAME layering.${name} COMMAND "${CMAKE_COMMAND}" --build "${CMAKE_BINARY_DIR}" --target ${name})
  # Probes drive the build tool in this build tree: never two at once.
  set_tests_properties(layering.${name} PROPERTIES RESOURCE_LOCK build_tree)
endfunction()

foreach(header sqlite3.h imgui.h emscripten.h GLFW/glfw3.h)
  string(MAKE_C_IDENTIFIER "${header}" id)
  sip_layering_probe(core_cannot_include_${id} probe_forbidden.cpp)
  target_compile_definitions(core_cannot_include_${id} PRIVATE "PROBE_HEADER=<${header}>")
  set_tests_properties(layering.core_cannot_include_${id} PROPERTIES
                       PASS_REGULAR_EXPRESSION "layering: sipcore must not include <${header}>")
endforeach()

sip_layering_probe(core_control_compiles probe_control.cpp)

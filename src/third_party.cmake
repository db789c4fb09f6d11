# Targets for the third-party code that scripts/setup fetched into SIP_DEPS_DIR. Nothing here is committed
# source: only how to build it. Third-party targets get no project warnings.
#
#   sip::json     nlohmann/json (header-only, through a folder of symlinks that is safe for emcc)
#   sip::doctest  doctest (header-only, same folder)
#   sqlite3       the amalgamation built from Debian's sqlite3 source
#   sodium        Debian's libsodium natively; libsodium 1.0.18 built by emcc for the web
#   imgui         Dear ImGui 1.86 core (no backends: the web app adds GLFW + OpenGL3 itself)

# Header-only libraries. SYSTEM so their warnings stay theirs.
add_library(sip_json INTERFACE)
target_include_directories(sip_json SYSTEM INTERFACE "${SIP_DEPS_DIR}/include")
target_compile_definitions(sip_json INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)
add_library(sip::json ALIAS sip_json)

add_library(sip_doctest INTERFACE)
target_include_directories(sip_doctest SYSTEM INTERFACE "${SIP_DEPS_DIR}/include")
add_library(sip::doctest ALIAS sip_doctest)

# SQLite. Same compile-time options on both targets so both behave alike. Beside the behaviour (threads off,
# foreign keys on, no double-quoted strings) only interfaces the project never calls are left out, for the
# download (bench/wasm-size.mjs): the ones https://sqlite.org/compile.html recommends, and those that work with
# the amalgamation; and the statements neither build uses,, left out of the grammar when scripts/setup generates
# the amalgamation (scripts/lib/sqlite-grammar-options.txt, read here too so both agree).
file(STRINGS "${CMAKE_SOURCE_DIR}/scripts/lib/sqlite-grammar-options.txt" SIP_SQLITE_GRAMMAR_OPTIONS REGEX "^SQLITE_")
set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${CMAKE_SOURCE_DIR}/scripts/lib/sqlite-grammar-options.txt")
add_library(sqlite3 STATIC "${SIP_DEPS_DIR}/sqlite/sqlite3.c")
target_include_directories(sqlite3 SYSTEM PUBLIC "${SIP_DEPS_DIR}/sqlite")
target_compile_definitions(sqlite3 PRIVATE
  SQLITE_THREADSAFE=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE SQLITE_USE_ALLOCA
  SQLITE_OMIT_PROGRESS_CALLBACK SQLITE_OMIT_DECLTYPE SQLITE_OMIT_UTF16 SQLITE_OMIT_COMPLETE SQLITE_OMIT_GET_TABLE
  SQLITE_OMIT_TCL_VARIABLE SQLITE_OMIT_TRACE SQLITE_OMIT_AUTHORIZATION SQLITE_OMIT_COMPILEOPTION_DIAGS
  SQLITE_UNTESTABLE SQLITE_MAX_EXPR_DEPTH=0 SQLITE_LIKE_DOESNT_MATCH_BLOBS
  SQLITE_OMIT_JSON   # the schema's json_valid() is the store's own (store/json_valid.cpp)
  ${SIP_SQLITE_GRAMMAR_OPTIONS})
set_target_properties(sqlite3 PROPERTIES C_VISIBILITY_PRESET hidden)
if(NOT EMSCRIPTEN)
  # pread()/pwrite(): the amalgamation only assumes them on Apple; elsewhere each page read or write was an
  # lseek() plus a read() or write(), two system calls (the office import writes some 30 000 WAL frames a minute).
  target_compile_definitions(sqlite3 PRIVATE HAVE_PREAD=1 HAVE_PWRITE=1)
endif()
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  target_compile_options(sqlite3 PRIVATE -O1)   # the amalgamation is too slow to test at -O0
endif()
if(SIP_FUZZ)
  # The fuzz tree instruments project code; SQLite (fuzzed by its authors) is built plain: instrumented it took
  # 106 s, the longest compile of the fuzz build. Memory errors of ours that reach it are still caught by ASan's
  # interceptors and by the instrumented callers.
  target_compile_options(sqlite3 PRIVATE -fno-sanitize=all)
endif()

# libsodium.
add_library(sodium INTERFACE)
if(EMSCRIPTEN)
  target_include_directories(sodium SYSTEM INTERFACE "${SIP_DEPS_DIR}/libsodium-wasm/include")
  target_link_libraries(sodium INTERFACE "${SIP_DEPS_DIR}/libsodium-wasm/lib/libsodium.a")
else()
  find_library(SODIUM_LIB NAMES sodium REQUIRED)
  target_link_libraries(sodium INTERFACE "${SODIUM_LIB}")
endif()

# Dear ImGui core.
set(IMGUI_DIR "${SIP_DEPS_DIR}/imgui")
add_library(imgui STATIC
  "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp"
  "${IMGUI_DIR}/imgui_tables.cpp" "${IMGUI_DIR}/imgui_widgets.cpp")
target_include_directories(imgui SYSTEM PUBLIC "${IMGUI_DIR}")
# Obsolete functions are off so the project only uses the current (1.90) API as documented. The test-engine
# item hooks are compiled in (inert until src/ui/locator.cpp switches them on for a test).
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_ENABLE_TEST_ENGINE)
if(EMSCRIPTEN)
  # The browser build leaves out ImGui's metrics window, debug log and ID stack tool (download size).
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS)
endif()
target_compile_options(imgui PRIVATE -w)

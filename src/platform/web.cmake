# The browser app, written to .build/web/dist: sipfield.{js,wasm,data}, the static files from web/ and assets/
# (opfs-worker.js, the storage worker, among them), and sw.js, the service worker generated from web/sw.js with
# the content hash of every file it precaches.
# `ninja sipfield_web` builds all of it.
set(SIP_WEB_DIST "${CMAKE_BINARY_DIR}/dist" CACHE PATH "Folder served to the browser")

# The shaders of shaders/ as C++ string literals (generated/shaders_data.h), re-generated when a shader changes.
set(_shader_dir "${CMAKE_SOURCE_DIR}/shaders")
set(_shaders_h "${CMAKE_BINARY_DIR}/generated/generated/shaders_data.h")
add_custom_command(
  OUTPUT "${_shaders_h}"
  COMMAND "${CMAKE_COMMAND}" "-DOUT=${_shaders_h}" "-DDIR=${_shader_dir}" -P "${_shader_dir}/embed_shaders.cmake"
  DEPENDS "${_shader_dir}/imgui.vert" "${_shader_dir}/imgui.frag" "${_shader_dir}/embed_shaders.cmake"
  COMMENT "Embedding shaders/*.vert, *.frag"
  VERBATIM)

# The app: the frame loop and storage (web.cpp), the WebGL2 renderer, the input layer and text bridge.
add_executable(sipfield_wasm platform/web.cpp platform/web_renderer.cpp platform/web_input.cpp platform/web_anchor.cpp
               platform/dom_keys.cpp platform/web_outbox.cpp platform/web_lock.cpp platform/web_lock_store.cpp
               "${_shaders_h}")
target_include_directories(sipfield_wasm PRIVATE "${CMAKE_BINARY_DIR}/generated")
# EM_ASM bodies use $0, $1 …: not a pedantic-clean identifier.
set_source_files_properties(platform/web.cpp platform/web_input.cpp platform/web_outbox.cpp platform/web_lock.cpp platform/web_lock_store.cpp PROPERTIES COMPILE_OPTIONS "-Wno-dollar-in-identifier-extension")
# bench/durable-save.mjs times the storage of the version before the page log (a whole file on IDBFS and
# FS.syncfs per commit) in the app's own page: `scripts/build web-bench` builds the app with IDBFS linked in
# .build/web-bench/dist. Users never download it (it took ~2 KB of the download floor of issue #10).
option(SIP_BENCH_IDBFS "Link Emscripten's IDBFS into the app (bench/durable-save.mjs's baseline only)" OFF)
if(SIP_BENCH_IDBFS)
  target_link_options(sipfield_wasm PRIVATE -lidbfs.js)
endif()
set_target_properties(sipfield_wasm PROPERTIES OUTPUT_NAME sipfield RUNTIME_OUTPUT_DIRECTORY "${SIP_WEB_DIST}")
target_link_libraries(sipfield_wasm PRIVATE sipui sip_warnings)
set(_pre_js "${CMAKE_SOURCE_DIR}/web/sipfield-pre.js")
set(_device_js "${CMAKE_SOURCE_DIR}/web/sipfield-device.js")
set(_input_js "${CMAKE_SOURCE_DIR}/web/sipfield-input.js")
set(_outbox_js "${CMAKE_SOURCE_DIR}/web/sipfield-outbox.js")
# The outbox's IndexedDB copy for the service worker: in sipfield.js (a --pre-js before the outbox) and served
# beside sw.js, which imports it.
set(_queue_js "${CMAKE_SOURCE_DIR}/web/outbox-queue.js")
# The office API's calls, shared the same way (the page's outbox and the service worker).
set(_api_js "${CMAKE_SOURCE_DIR}/web/office-api.js")
target_link_options(sipfield_wasm PRIVATE
  -Oz   # binaryen's size-first pass set for the download (after MinSizeRel's -Os: the last one wins)
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  # The database is not on Emscripten's FS any more (store/page_log.h + web/opfs-worker.js): IDBFS is linked
  # only into the benchmark's build of the app (SIP_BENCH_IDBFS, below).
  -sENVIRONMENT=web -sFORCE_FILESYSTEM=1
  -sMALLOC=emmalloc   # smaller than dlmalloc (the download floor of issue #10); the app allocates little per frame
  "-sEXPORTED_FUNCTIONS=_main,_sipfield_maybe_checkpoint,_sipfield_db_bytes,_sipfield_dispatch,_sipfield_set_save_state,_sipfield_set_persisted,_sipfield_set_online,_sipfield_set_update_available,_sipfield_request_update,_sipfield_update_failed,_sipfield_ui_state,_sipfield_start_fresh,_sipfield_export_damaged,_sipfield_file_picked,_sipfield_restore_backup,_sipfield_backup_picked,_sipfield_read_progress,_sipfield_input_key,_sipfield_input_text,_sipfield_input_paste,_sipfield_input_mouse_pos,_sipfield_input_mouse_button,_sipfield_input_wheel,_sipfield_input_focus,_sipfield_input_pending,_sipfield_locator,_sipfield_locate,_sipfield_locate_all,_sipfield_frame_times,_sipfield_bench_anchor,_sipfield_set_outbox,_sipfield_profile_fetched,_malloc,_free"
  "-sEXPORTED_RUNTIME_METHODS=ccall"
  # SHELL: keeps the second --pre-js (CMake de-duplicates repeated plain options).
  "SHELL:--pre-js ${_pre_js}" "SHELL:--pre-js ${_device_js}" "SHELL:--pre-js ${_input_js}" "SHELL:--pre-js ${_api_js}"
  "SHELL:--pre-js ${_queue_js}"
  "SHELL:--pre-js ${_outbox_js}"
  --preload-file "${SIP_FONT}@/assets/DejaVuSans.ttf"
  --emit-symbol-map)   # function names for bench/wasm-size.mjs; moved out of dist below (not served)
set_property(TARGET sipfield_wasm APPEND PROPERTY LINK_DEPENDS "${_pre_js};${_device_js};${_input_js};${_api_js};${_queue_js};${_outbox_js}")
add_custom_command(TARGET sipfield_wasm POST_BUILD
  COMMAND "${CMAKE_COMMAND}" -E rename "${SIP_WEB_DIST}/sipfield.js.symbols" "${CMAKE_BINARY_DIR}/sipfield.js.symbols"
  VERBATIM)

# Static files next to the generated ones (web/sw.js is a template, see below: not copied).
file(GLOB SIP_WEB_STATIC CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/*.html" "${CMAKE_SOURCE_DIR}/web/*.css"
     "${CMAKE_SOURCE_DIR}/web/*.webmanifest" "${CMAKE_SOURCE_DIR}/assets/*.svg")
list(APPEND SIP_WEB_STATIC "${CMAKE_SOURCE_DIR}/web/opfs-worker.js" "${_api_js}"
     "${_queue_js}")
set(_static_names "")
foreach(f IN LISTS SIP_WEB_STATIC)
  get_filename_component(n "${f}" NAME)
  add_custom_command(OUTPUT "${SIP_WEB_DIST}/${n}" COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${f}" "${SIP_WEB_DIST}/${n}"
                     DEPENDS "${f}" VERBATIM)
  list(APPEND _static_out "${SIP_WEB_DIST}/${n}")
  list(APPEND _static_names "${n}")
endforeach()

# The service worker: web/sw.js with the precache list (every file above, with its SHA-256) filled in. Its
# cache name is a hash of all of them, so any change to any file makes a new version that browsers install
# beside the running one and switch to only when the user agrees (web/sipfield-pre.js).
find_program(SIP_NODE NAMES node nodejs REQUIRED)
set(_sw_gen "${CMAKE_SOURCE_DIR}/scripts/lib/precache.mjs")
set(_sw_template "${CMAKE_SOURCE_DIR}/web/sw.js")
add_custom_command(
  OUTPUT "${SIP_WEB_DIST}/sw.js"
  COMMAND "${SIP_NODE}" "${_sw_gen}" --template "${_sw_template}" --dist "${SIP_WEB_DIST}"
          sipfield.js sipfield.wasm sipfield.data ${_static_names}
  DEPENDS sipfield_wasm ${_static_out} "${_sw_gen}" "${_sw_template}"   # sipfield_wasm: re-run after every link
  COMMENT "Generating the service worker's precache list"
  VERBATIM)
add_custom_target(sipfield_web ALL DEPENDS "${SIP_WEB_DIST}/sw.js" ${_static_out})

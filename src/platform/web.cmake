# The browser app: sipfield.{js,wasm,data} plus the static files from web/, written to .build/web/dist.
set(SIP_WEB_DIST "${CMAKE_BINARY_DIR}/dist" CACHE PATH "Folder served to the browser")

add_library(imgui_backends STATIC
  "${IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
  "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(imgui_backends SYSTEM PUBLIC "${IMGUI_DIR}/backends")
target_link_libraries(imgui_backends PUBLIC imgui)
target_compile_options(imgui_backends PRIVATE -w -sUSE_GLFW=3)

add_executable(sipfield_web platform/web.cpp)
# EM_ASM bodies use $0, $1 …: not a pedantic-clean identifier.
set_source_files_properties(platform/web.cpp PROPERTIES COMPILE_OPTIONS "-Wno-dollar-in-identifier-extension")
set_target_properties(sipfield_web PROPERTIES OUTPUT_NAME sipfield RUNTIME_OUTPUT_DIRECTORY "${SIP_WEB_DIST}")
target_link_libraries(sipfield_web PRIVATE sipui imgui_backends sip_warnings)
set(_pre_js "${CMAKE_SOURCE_DIR}/web/sipfield-pre.js")
target_link_options(sipfield_web PRIVATE
  -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sENVIRONMENT=web -sFORCE_FILESYSTEM=1 -lidbfs.js
  "-sEXPORTED_FUNCTIONS=_main,_sipfield_dispatch,_sipfield_set_save_state,_sipfield_set_persisted"
  "-sEXPORTED_RUNTIME_METHODS=ccall"
  --pre-js "${_pre_js}"
  --preload-file "${SIP_FONT}@/assets/DejaVuSans.ttf")
set_property(TARGET sipfield_web APPEND PROPERTY LINK_DEPENDS "${_pre_js}")

# Static files next to the generated ones.
file(GLOB SIP_WEB_STATIC CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/*.html" "${CMAKE_SOURCE_DIR}/web/*.css"
     "${CMAKE_SOURCE_DIR}/assets/*.svg")
foreach(f IN LISTS SIP_WEB_STATIC)
  get_filename_component(n "${f}" NAME)
  add_custom_command(OUTPUT "${SIP_WEB_DIST}/${n}" COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${f}" "${SIP_WEB_DIST}/${n}"
                     DEPENDS "${f}" VERBATIM)
  list(APPEND _static_out "${SIP_WEB_DIST}/${n}")
endforeach()
add_custom_target(sipfield_web_static ALL DEPENDS ${_static_out})
add_dependencies(sipfield_web sipfield_web_static)

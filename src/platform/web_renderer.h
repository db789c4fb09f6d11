// platform/web_renderer.h — draws Dear ImGui's draw lists with WebGL2 and the project's own GLSL ES 3.00
// shaders (shaders/imgui.vert, shaders/imgui.frag, embedded at build time; `scripts/test` checks them with
// glslangValidator). It replaces ImGui's stock OpenGL3 backend, which carries shader variants for desktop GL,
// GLES 2 and GLES 3 and desktop state saving the web does not need.
//
// A shader that does not compile or link is reported once, as a stable code (render_shader_failed) with the
// driver's info log, never as a blank canvas without a word.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"

struct ImDrawData;

namespace sip::platform {

struct RenderFailure {
  Errc code = Errc::RenderShaderFailed;
  std::string log;   // the info log of the shader or program (technical, no personal data)
};

class WebRenderer {
 public:
  WebRenderer() = default;
  ~WebRenderer();
  WebRenderer(const WebRenderer&) = delete;
  WebRenderer& operator=(const WebRenderer&) = delete;

  // Compiles and links the shaders and creates the vertex array and buffers, in the current WebGL2 context.
  std::optional<RenderFailure> Init();
  // Uploads ImGui's font atlas as a texture (again after the atlas was rebuilt at another text size).
  void UploadFonts();
  // Clears to `clear` and draws `data` into a framebuffer of fb_w × fb_h pixels.
  void Render(const ImDrawData* data, int fb_w, int fb_h, const float clear[4]);

 private:
  unsigned program_ = 0, vao_ = 0, vbo_ = 0, ebo_ = 0, font_ = 0;
  int u_projection_ = -1, u_texture_ = -1;
};

// The embedded shader sources (generated from shaders/ at build time).
const char* ImGuiVertexShader();
const char* ImGuiFragmentShader();

}  // namespace sip::platform

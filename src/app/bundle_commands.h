// sipapp/bundle_commands.h — private to sipapp: the catalogue of the device's bundle commands, whose
// implementation is CommandHandler::RunBundleCommand() in bundle_commands.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "app/handler.h"

namespace sip::app {

const std::vector<CommandInfo>& BundleCommandCatalogue();
bool IsBundleCommand(std::string_view name);

}  // namespace sip::app

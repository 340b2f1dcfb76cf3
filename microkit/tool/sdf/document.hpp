// SPDX-License-Identifier: BSD-2-Clause
// Loading an SDF file as XML and the checks that concern the document as a
// whole: it parses, its one root element is <system>, and it holds no
// non-whitespace text anywhere (reference/microkit.md §1.1).
#pragma once

#include <pugixml.hpp>

#include "reader.hpp"

namespace microkit::sdf {

// Parses reader.xml() into `document` and finds <system>; false (with the
// reader's error set) if the file is not such a document.
bool load_system(Reader& reader, pugi::xml_document& document, pugi::xml_node& system);

}  // namespace microkit::sdf

// SPDX-License-Identifier: BSD-2-Clause
// The architectures the tool builds systems for (every stage uses this one).
#pragma once

namespace microkit {

enum class Arch { AArch64, RiscV64 };

}  // namespace microkit

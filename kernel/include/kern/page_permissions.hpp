// SPDX-License-Identifier: BSD-2-Clause
#pragma once

namespace kern {

// Access rights of a user mapping (all user mappings are user-accessible).
struct PagePermissions {
    bool read = true;
    bool write = false;
    bool execute = false;
};

}  // namespace kern

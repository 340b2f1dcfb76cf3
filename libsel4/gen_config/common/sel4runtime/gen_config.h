/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sel4runtime's configuration (the same in every Tessera configuration,
 * ../shared/reference/sel4-config.md): the root task's static stack and the
 * static TLS area of the initial thread, in bytes.
 */
#pragma once

#define CONFIG_SEL4RUNTIME_ROOT_STACK  16384
#define CONFIG_SEL4RUNTIME_STATIC_TLS  16384

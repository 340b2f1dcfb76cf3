/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fixed seL4 configuration Tessera implements (sel4-abi.md preamble):
 * seL4 16.0.0, MCS, debug build with printing, one core. Programs written for
 * seL4 test these CONFIG_ names (normally generated into <autoconf.h>); each
 * is only a default, so a build may predefine it.
 */
#ifndef SEL4_CONFIG_H
#define SEL4_CONFIG_H

#ifndef CONFIG_KERNEL_MCS
#define CONFIG_KERNEL_MCS 1
#endif
#ifndef CONFIG_DEBUG_BUILD
#define CONFIG_DEBUG_BUILD 1
#endif
#ifndef CONFIG_PRINTING
#define CONFIG_PRINTING 1
#endif
#ifndef CONFIG_WORD_SIZE
#define CONFIG_WORD_SIZE 64
#endif
#ifndef CONFIG_MAX_NUM_NODES
#define CONFIG_MAX_NUM_NODES 1
#endif
/* sel4-abi.md §14.2: length of seL4_BootInfo.untypedList. */
#ifndef CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#endif
#ifndef CONFIG_NUM_PRIORITIES
#define CONFIG_NUM_PRIORITIES 256
#endif
#ifndef CONFIG_NUM_DOMAINS
#define CONFIG_NUM_DOMAINS 1
#endif

#endif /* SEL4_CONFIG_H */

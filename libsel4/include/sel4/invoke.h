/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one marshalling path of every object-invocation stub (sel4-abi.md
 * §15.1a), so that each stub only lists its caps and data words:
 *  - extra caps go to caps_or_badges[0..] in declaration order;
 *  - data words (small parameters already packed by the stub) go to MR0..,
 *    MR0-MR3 in registers, the rest through the IPC buffer;
 *  - tag = MessageInfo(label, 0, #caps, #words), always sent with Call;
 *  - the reply label is the seL4_Error; on error MR0-MR3 are copied into the
 *    IPC buffer (so seL4_GetMR works, as upstream stubs do); on success up to
 *    reply_count reply words are unpacked into reply[].
 */
#ifndef SEL4_INVOKE_H
#define SEL4_INVOKE_H

#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/shared_types.h>
#include <sel4/syscalls.h>

LIBSEL4_INLINE_FUNC seL4_Error seL4_invoke_object_(seL4_CPtr service, seL4_Word label, seL4_Word cap_count,
                                                   const seL4_CPtr *caps, seL4_Word word_count,
                                                   const seL4_Word *words, seL4_Word *reply,
                                                   seL4_Word reply_count)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_Word i;
    for (i = 0; i < cap_count; ++i) {
        seL4_SetCap((int)i, caps[i]);
    }
    for (i = 0; i < word_count; ++i) {
        if (i < 4) {
            mr[i] = words[i];
        } else {
            seL4_SetMR((int)i, words[i]);
        }
    }
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(label, 0, cap_count, word_count);
    seL4_MessageInfo_t result = seL4_CallWithMRs(service, tag, &mr[0], &mr[1], &mr[2], &mr[3]);
    seL4_Error error = (seL4_Error)seL4_MessageInfo_get_label(result);
    if (error != seL4_NoError) {
        seL4_SetMR(0, mr[0]);
        seL4_SetMR(1, mr[1]);
        seL4_SetMR(2, mr[2]);
        seL4_SetMR(3, mr[3]);
        return error;
    }
    for (i = 0; i < reply_count; ++i) {
        reply[i] = i < 4 ? mr[i] : seL4_GetMR((int)i);
    }
    return error;
}

/* Shorthands: no reply words; no caps. */
#define SEL4_INVOKE_(service, label, caps, ncaps, words, nwords) \
    seL4_invoke_object_((service), (seL4_Word)(label), (ncaps), (caps), (nwords), (words), 0, 0)

#endif /* SEL4_INVOKE_H */

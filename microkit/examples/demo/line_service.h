/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The protocol of ppc_server, called by the client over a pp="true" channel.
 *
 * Request:  label LINE_ANALYSE; MR0 = length (at most LINE_MAX_LENGTH);
 *           MR1.. = the text, 8 bytes per MR, first byte lowest.
 * Reply:    label LINE_OK; MR0 = words, MR1 = letters, MR2 = vowels,
 *           MR3 = length; MR4.. = the text reversed, packed as above.
 *           Label LINE_BAD_REQUEST and no MRs for anything else.
 */
#ifndef DEMO_LINE_SERVICE_H
#define DEMO_LINE_SERVICE_H

#include <microkit.h>

#define LINE_ANALYSE 1
#define LINE_OK 0
#define LINE_BAD_REQUEST 1
#define LINE_MAX_LENGTH 64
#define LINE_TEXT_MRS(length) (((length) + 7) / 8)
#define LINE_REQUEST_TEXT_MR 1
#define LINE_REPLY_TEXT_MR 4

static inline void line_pack(const char *text, unsigned int length, seL4_Uint8 first_mr)
{
    for (unsigned int mr = 0; mr < LINE_TEXT_MRS(length); ++mr) {
        seL4_Word word = 0;
        for (unsigned int byte = 0; byte < 8 && mr * 8 + byte < length; ++byte) {
            word |= (seL4_Word)(unsigned char)text[mr * 8 + byte] << (8 * byte);
        }
        microkit_mr_set((seL4_Uint8)(first_mr + mr), word);
    }
}

static inline void line_unpack(char *text, unsigned int length, seL4_Uint8 first_mr)
{
    for (unsigned int i = 0; i < length; ++i) {
        text[i] = (char)(microkit_mr_get((seL4_Uint8)(first_mr + i / 8)) >> (8 * (i % 8)));
    }
}

#endif /* DEMO_LINE_SERVICE_H */

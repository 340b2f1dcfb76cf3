/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ppc_server: a small service behind a protected procedure call
 * (line_service.h). It looks at a line of text and answers with counts and
 * the text reversed. It runs at a higher priority than its caller, as PPCs
 * require, and answers within the caller's call.
 */
#include <microkit.h>
#include "line_service.h"

#define CLIENT 0

static seL4_Bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static seL4_Bool is_vowel(char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 'A': case 'E': case 'I': case 'O': case 'U':
        return seL4_True;
    default:
        return seL4_False;
    }
}

void init(void)
{
    microkit_dbg_puts("ppc_server: ready\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    seL4_Word count = microkit_msginfo_get_count(msginfo);
    if (ch != CLIENT || microkit_msginfo_get_label(msginfo) != LINE_ANALYSE || count < 1) {
        return microkit_msginfo_new(LINE_BAD_REQUEST, 0);
    }
    seL4_Word length = microkit_mr_get(0);
    if (length > LINE_MAX_LENGTH || count < 1 + LINE_TEXT_MRS(length)) {
        return microkit_msginfo_new(LINE_BAD_REQUEST, 0);
    }

    char text[LINE_MAX_LENGTH];
    char reversed[LINE_MAX_LENGTH];
    line_unpack(text, (unsigned int)length, LINE_REQUEST_TEXT_MR);

    seL4_Word words = 0, letters = 0, vowels = 0;
    seL4_Bool in_word = seL4_False;
    for (seL4_Word i = 0; i < length; ++i) {
        char c = text[i];
        reversed[length - 1 - i] = c;
        letters += is_letter(c);
        vowels += is_vowel(c);
        if (c == ' ') {
            in_word = seL4_False;
        } else if (!in_word) {
            in_word = seL4_True;
            ++words;
        }
    }

    microkit_mr_set(0, words);
    microkit_mr_set(1, letters);
    microkit_mr_set(2, vowels);
    microkit_mr_set(3, length);
    line_pack(reversed, (unsigned int)length, LINE_REPLY_TEXT_MR);
    return microkit_msginfo_new(LINE_OK, (seL4_Uint16)(LINE_REPLY_TEXT_MR + LINE_TEXT_MRS(length)));
}

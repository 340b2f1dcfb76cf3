/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * client: talks to the user through serial_server (two shared rings and a
 * channel) and has each typed line looked at by ppc_server (a protected
 * procedure call). It echoes what is typed, handles backspace, and answers
 * each line with what ppc_server found.
 */
#include <microkit.h>
#include "line_service.h"
#include "serial_ring.h"

#define SERIAL_SERVER 1
#define PPC_SERVER 2

/* Written by the microkit tool (setvar_vaddr in the system file). */
seL4_Word client_to_serial_vaddr;
seL4_Word serial_to_client_vaddr;

static char line[LINE_MAX_LENGTH];
static unsigned int line_length;
static char previous_input;

static struct serial_ring *output(void)
{
    return (struct serial_ring *)client_to_serial_vaddr;
}

static struct serial_ring *input(void)
{
    return (struct serial_ring *)serial_to_client_vaddr;
}

/* serial_server has the higher priority: a notification lets it drain the ring before we go on. */
static void flush(void)
{
    microkit_notify(SERIAL_SERVER);
}

static void put_char(char c)
{
    while (!serial_ring_put(output(), c)) {
        flush();
    }
}

static void put_string(const char *s)
{
    while (*s != '\0') {
        put_char(*s++);
    }
}

static void put_decimal(seL4_Word value)
{
    char digits[20];
    unsigned int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        put_char(digits[--count]);
    }
}

static void prompt(void)
{
    put_string("> ");
    flush();
}

void init(void)
{
    put_string("\nHello from the client of the Microkit demo!\n");
    put_string("Type a line and press Enter: ppc_server counts its words, letters and vowels and reverses it.\n");
    prompt();
}

static void analyse_line(void)
{
    microkit_mr_set(0, line_length);
    line_pack(line, line_length, LINE_REQUEST_TEXT_MR);
    microkit_msginfo reply = microkit_ppcall(
        PPC_SERVER, microkit_msginfo_new(LINE_ANALYSE, (seL4_Uint16)(LINE_REQUEST_TEXT_MR + LINE_TEXT_MRS(line_length))));
    if (microkit_msginfo_get_label(reply) != LINE_OK ||
        microkit_msginfo_get_count(reply) < LINE_REPLY_TEXT_MR + LINE_TEXT_MRS(line_length)) {
        put_string("ppc_server did not accept the line\n");
        return;
    }
    seL4_Word words = microkit_mr_get(0);
    seL4_Word letters = microkit_mr_get(1);
    seL4_Word vowels = microkit_mr_get(2);
    char reversed[LINE_MAX_LENGTH];
    line_unpack(reversed, line_length, LINE_REPLY_TEXT_MR);

    put_decimal(words);
    put_string(words == 1 ? " word, " : " words, ");
    put_decimal(letters);
    put_string(letters == 1 ? " letter, " : " letters, ");
    put_decimal(vowels);
    put_string(vowels == 1 ? " vowel; reversed: \"" : " vowels; reversed: \"");
    for (unsigned int i = 0; i < line_length; ++i) {
        put_char(reversed[i]);
    }
    put_string("\"\n");
}

static void handle_input(char c)
{
    char previous = previous_input;
    previous_input = c;
    if (c == '\r' || c == '\n') {
        if (c == '\n' && previous == '\r') {
            return; /* the second half of a "\r\n" */
        }
        put_string("\n");
        if (line_length > 0) {
            analyse_line();
            line_length = 0;
        }
        prompt();
        return;
    }
    if (c == '\b' || c == 0x7f) {
        if (line_length > 0) {
            --line_length;
            put_string("\b \b");
        }
        return;
    }
    if (c < ' ' || c > '~' || line_length == LINE_MAX_LENGTH) {
        return; /* control characters, and anything past the longest line, are ignored */
    }
    line[line_length++] = c;
    put_char(c);
}

void notified(microkit_channel ch)
{
    if (ch != SERIAL_SERVER) {
        return;
    }
    char c;
    while (serial_ring_get(input(), &c)) {
        handle_input(c);
    }
    flush();
}

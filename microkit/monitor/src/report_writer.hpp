// SPDX-License-Identifier: BSD-2-Clause
// Internal pieces of the fault report: a character writer with the number
// formats the report uses, a bounds-checked view of a word array, and the
// per-topic printers the report is assembled from.
#pragma once

#include <monitor/fault_report.hpp>

namespace microkit_monitor::report {

class Writer {
public:
    Writer(PutChar put, void* context) : put_(put), context_(context) {}

    Writer& text(const char* s) {
        for (; *s != '\0'; ++s) put_(*s, context_);
        return *this;
    }
    // "0x" and at least min_digits hex digits (more when the value needs them).
    Writer& hex(uint64_t value, unsigned min_digits) {
        char digits[16];
        unsigned n = 0;
        do {
            digits[n++] = "0123456789abcdef"[value & 0xf];
            value >>= 4;
        } while (value != 0);
        text("0x");
        for (unsigned i = n; i < min_digits && i < 16; ++i) put_('0', context_);
        while (n > 0) put_(digits[--n], context_);
        return *this;
    }
    Writer& hex64(uint64_t value) { return hex(value, 16); }
    Writer& decimal(uint64_t value) {
        char digits[20];
        unsigned n = 0;
        do {
            digits[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value != 0);
        while (n > 0) put_(digits[--n], context_);
        return *this;
    }
    Writer& signed_decimal(uint64_t word) {
        if ((word >> 63) == 0) return decimal(word);
        put_('-', context_);
        return decimal(~word + 1);  // magnitude in two's complement, also for INT64_MIN
    }
    Writer& end_line() {
        put_('\n', context_);
        return *this;
    }

private:
    PutChar put_;
    void* context_;
};

// A word array as received: a null pointer counts as empty, and every read
// is checked against the count.
class Words {
public:
    Words(const uint64_t* data, size_t count) : data_(data), count_(data == nullptr ? 0 : count) {}
    size_t count() const { return count_; }
    bool has(size_t index) const { return index < count_; }
    uint64_t at(size_t index) const { return data_[index]; }  // only after has(index)

private:
    const uint64_t* data_;
    size_t count_;
};

inline constexpr const char* missing = "(missing)";

// "<name>=<x16>" or "<name>=(missing)".
inline void hex_field(Writer& out, const char* name, const Words& mrs, size_t index) {
    out.text(name).text("=");
    if (mrs.has(index)) out.hex64(mrs.at(index));
    else out.text(missing);
}

// The closing line for a message of the wrong length (none when it fits).
void message_length_note(Writer& out, const char* kind, const Words& mrs, size_t expected);

// seL4_UserContext, "Registers:" and one line per word (fault_report.cpp).
void print_registers(Writer& out, Arch arch, const Words& registers);

// Per fault kind (fault_kinds.cpp, vm_fault.cpp).
void print_cap_fault(Writer& out, const Words& mrs);
void print_unknown_syscall(Writer& out, Arch arch, const Words& mrs);
void print_user_exception(Writer& out, Arch arch, const Words& mrs);
void print_timeout(Writer& out, const Words& mrs);
void print_vm_fault(Writer& out, Arch arch, const Words& mrs, uint64_t stack_bottom);
void print_unknown_fault(Writer& out, uint64_t label);

// Decodes of the hardware's fault words (syndrome.cpp).
void print_esr_decode(Writer& out, uint64_t esr);  // AArch64 ESR_EL1 [arm/ARM DDI0487 D17.2.37]
// RISC-V scause [riscv/priv 4.1.9]; from_vm_fault: the word is a VMFault's
// FSR, where seL4 folds page faults into access faults.
void print_scause_decode(Writer& out, uint64_t scause, bool from_vm_fault);

}  // namespace microkit_monitor::report

// SPDX-License-Identifier: BSD-2-Clause
// Decoding the hardware's fault words the kernel forwards: the AArch64
// exception syndrome (ESR_EL1) of VM faults and user exceptions, and the
// RISC-V scause.
#include "report_writer.hpp"

namespace microkit_monitor::report {

namespace {

// ESR_ELx fields [arm/ARM DDI0487 D17.2.37].
constexpr unsigned esr_ec_shift = 26, esr_il_bit = 25;
constexpr uint64_t esr_ec_mask = 0x3f, esr_iss_mask = 0x1ffffff;
// Instruction and data abort ISS: the fault status code, and for data
// aborts write-not-read.
constexpr uint64_t abort_fsc_mask = 0x3f;
constexpr unsigned data_abort_wnr_bit = 6;
// BRK: the instruction's 16-bit comment. Clang's -fsanitize-trap lowers a
// UBSan check on AArch64 to `brk #0x55nn`, nn the check's number ('U' << 8).
constexpr uint64_t brk_comment_mask = 0xffff, ubsan_brk_tag = 0x55;

namespace ec {
constexpr uint64_t instruction_abort_lower = 0x20, instruction_abort_same = 0x21;
constexpr uint64_t data_abort_lower = 0x24, data_abort_same = 0x25;
constexpr uint64_t brk = 0x3c;
}  // namespace ec

// Exception classes that can reach EL1 from an AArch64 or AArch32 EL0
// [arm/ARM DDI0487 D17.2.37, "EC"]; the rest are EL2/EL3 traps or unused.
const char* exception_class_name(uint64_t exception_class) {
    switch (exception_class) {
    case 0x00: return "unknown reason, e.g. an undefined instruction";
    case 0x01: return "trapped WFI or WFE";
    case 0x03: return "trapped AArch32 MCR or MRC, coprocessor 15";
    case 0x04: return "trapped AArch32 MCRR or MRRC, coprocessor 15";
    case 0x05: return "trapped AArch32 MCR or MRC, coprocessor 14";
    case 0x06: return "trapped AArch32 LDC or STC";
    case 0x07: return "trapped SVE, Advanced SIMD or floating-point access";
    case 0x0a: return "trapped LD64B or ST64B instruction";
    case 0x0c: return "trapped AArch32 MRRC, coprocessor 14";
    case 0x0d: return "branch target exception";
    case 0x0e: return "illegal execution state";
    case 0x11: return "SVC in AArch32";
    case 0x15: return "SVC in AArch64";
    case 0x18: return "trapped MSR, MRS or system instruction";
    case 0x19: return "trapped SVE access";
    case 0x1c: return "pointer authentication failure";
    case ec::instruction_abort_lower: return "instruction abort from a lower EL";
    case ec::instruction_abort_same: return "instruction abort from the same EL";
    case 0x22: return "PC alignment fault";
    case ec::data_abort_lower: return "data abort from a lower EL";
    case ec::data_abort_same: return "data abort from the same EL";
    case 0x26: return "SP alignment fault";
    case 0x28: return "trapped AArch32 floating-point exception";
    case 0x2c: return "trapped AArch64 floating-point exception";
    case 0x2f: return "SError";
    case 0x30: return "breakpoint from a lower EL";
    case 0x31: return "breakpoint from the same EL";
    case 0x32: return "software step from a lower EL";
    case 0x33: return "software step from the same EL";
    case 0x34: return "watchpoint from a lower EL";
    case 0x35: return "watchpoint from the same EL";
    case 0x38: return "BKPT in AArch32";
    case ec::brk: return "BRK in AArch64";
    default: return nullptr;
    }
}

// The abort fault status codes (DFSC/IFSC) [arm/ARM DDI0487 D17.2.37, ISS
// encoding for an exception from a data abort]. Codes 0x00-0x1f that carry
// a level keep it in their low two bits.
void print_fault_status(Writer& out, uint64_t fsc) {
    const uint64_t level = fsc & 3;
    const char* leveled = nullptr;
    switch (fsc & ~uint64_t{3}) {
    case 0x00: leveled = "address size fault"; break;
    case 0x04: leveled = "translation fault"; break;
    case 0x08: leveled = "access flag fault"; break;
    case 0x0c: leveled = "permission fault"; break;
    case 0x14: leveled = "synchronous external abort on translation table walk"; break;
    case 0x1c: leveled = "parity or ECC error on translation table walk"; break;
    default: break;
    }
    if (leveled != nullptr) {
        out.text(leveled).text(", level ").decimal(level);
        return;
    }
    switch (fsc) {
    case 0x10: out.text("synchronous external abort"); return;
    case 0x11: out.text("synchronous tag check fault"); return;
    case 0x13: out.text("synchronous external abort on translation table walk, level -1"); return;
    case 0x18: out.text("synchronous parity or ECC error"); return;
    case 0x1b: out.text("parity or ECC error on translation table walk, level -1"); return;
    case 0x21: out.text("alignment fault"); return;
    case 0x29: out.text("address size fault, level -1"); return;
    case 0x2b: out.text("translation fault, level -1"); return;
    case 0x30: out.text("TLB conflict abort"); return;
    case 0x31: out.text("unsupported atomic hardware update fault"); return;
    case 0x34: out.text("implementation defined fault (lockdown)"); return;
    case 0x35: out.text("implementation defined fault (unsupported exclusive or atomic access)"); return;
    default: out.text("reserved or unrecognised fault status code"); return;
    }
}

// RISC-V synchronous exception codes [riscv/priv 4.1.9, table "Supervisor
// cause register values"].
const char* exception_code_name(uint64_t code) {
    switch (code) {
    case 0: return "instruction address misaligned";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "load address misaligned";
    case 5: return "load access fault";
    case 6: return "store/AMO address misaligned";
    case 7: return "store/AMO access fault";
    case 8: return "environment call from U-mode";
    case 9: return "environment call from S-mode";
    case 12: return "instruction page fault";
    case 13: return "load page fault";
    case 15: return "store/AMO page fault";
    case 18: return "software check";
    case 19: return "hardware error";
    default: return nullptr;
    }
}

// seL4 reports RISC-V page faults with the access-fault code of the same
// access (sel4-abi.md §10.3), so a VMFault's 1/5/7 may be either.
const char* page_fault_also_reported_as(uint64_t code) {
    switch (code) {
    case 1: return "instruction page faults";
    case 5: return "load page faults";
    case 7: return "store/AMO page faults";
    default: return nullptr;
    }
}

}  // namespace

void print_esr_decode(Writer& out, uint64_t esr) {
    const uint64_t exception_class = (esr >> esr_ec_shift) & esr_ec_mask;
    const uint64_t iss = esr & esr_iss_mask;
    out.text("MON|ERROR:    ec: ").hex(exception_class, 2).text(" (");
    if (const char* name = exception_class_name(exception_class)) out.text(name);
    else out.text("reserved or not taken to EL1");
    out.text(")  il: ").decimal((esr >> esr_il_bit) & 1).text("  iss: ").hex(iss, 7).end_line();

    const bool instruction_abort =
        exception_class == ec::instruction_abort_lower || exception_class == ec::instruction_abort_same;
    const bool data_abort = exception_class == ec::data_abort_lower || exception_class == ec::data_abort_same;
    if (instruction_abort || data_abort) {
        const uint64_t fsc = iss & abort_fsc_mask;
        out.text(data_abort ? "MON|ERROR:    dfsc: " : "MON|ERROR:    ifsc: ").hex(fsc, 2).text(" (");
        print_fault_status(out, fsc);
        out.text(")");
        if (data_abort) out.text(((iss >> data_abort_wnr_bit) & 1) != 0 ? " -- write" : " -- read");
        out.end_line();
    } else if (exception_class == ec::brk) {
        const uint64_t comment = iss & brk_comment_mask;
        out.text("MON|ERROR:    brk #").hex(comment, 1);
        if ((comment >> 8) == ubsan_brk_tag) out.text(" (clang UBSan trap, check ").hex(comment & 0xff, 2).text(")");
        out.end_line();
    }
}

void print_scause_decode(Writer& out, uint64_t scause, bool from_vm_fault) {
    constexpr unsigned interrupt_bit = 63;
    out.text("MON|ERROR:    scause: ").hex(scause, 1).text(" (");
    if ((scause >> interrupt_bit) != 0) {
        out.text("interrupt ").decimal(scause & ~(uint64_t{1} << interrupt_bit)).text(", not an exception)").end_line();
        return;
    }
    if (const char* name = exception_code_name(scause)) out.text(name);
    else out.text("reserved or custom exception code");
    const char* also = from_vm_fault ? page_fault_also_reported_as(scause) : nullptr;
    if (also != nullptr) out.text("; seL4 reports ").text(also).text(" with this code too");
    out.text(")").end_line();
}

}  // namespace microkit_monitor::report

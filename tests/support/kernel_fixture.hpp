// SPDX-License-Identifier: BSD-2-Clause
// Host fixture for kernel-object tests. The host arch maps "physical"
// addresses 1:1 (arch::kernel_window_offset = 0), so an aligned host buffer is
// physical memory: objects are placed in it exactly as Retype would.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <kern/cap.hpp>
#include <kern/cdt.hpp>
#include <kern/cte.hpp>
#include <kern/object/cnode.hpp>
#include <kern/object/sched_context.hpp>
#include <kern/object/tcb.hpp>
#include <kern/sched.hpp>
#include <kern/thread.hpp>

namespace test_support {

// A zeroed, naturally aligned block of 2^size_bits bytes. Anonymous
// mappings are zero already and get pages only where touched, so a large
// arena costs a test only the memory it uses.
class Arena {
public:
    explicit Arena(unsigned size_bits = 22) : size_(std::size_t{1} << size_bits) {
        const std::size_t span = 2 * size_;
        void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        const auto start = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t aligned = (start + size_ - 1) & ~(std::uintptr_t{size_} - 1);
        if (aligned > start) munmap(raw, aligned - start);
        if (start + span > aligned + size_) munmap(reinterpret_cast<void*>(aligned + size_), start + span - (aligned + size_));
        memory_ = reinterpret_cast<unsigned char*>(aligned);
    }
    ~Arena() { munmap(memory_, size_); }
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    kern::paddr_t base() const { return reinterpret_cast<kern::paddr_t>(memory_); }
    std::size_t size() const { return size_; }
    unsigned size_bits() const { return static_cast<unsigned>(__builtin_ctzll(size_)); }

    // Bump allocation of a naturally aligned, zeroed 2^bits block.
    kern::paddr_t allocate(unsigned bits) {
        const std::size_t block = std::size_t{1} << bits;
        used_ = (used_ + block - 1) & ~(block - 1);
        if (used_ + block > size_) throw std::runtime_error("test arena exhausted");
        const kern::paddr_t at = base() + used_;
        used_ += block;
        return at;
    }
    std::size_t used() const { return used_; }

private:
    std::size_t size_;
    std::size_t used_ = 0;
    unsigned char* memory_ = nullptr;
};

// A CNode object of 2^radix slots in `arena` and a cap to it.
inline kern::CNodeCap make_cnode(Arena& arena, unsigned radix, unsigned guard_size = 0, kern::word_t guard = 0) {
    const kern::paddr_t object = arena.allocate(radix + kern::slot_bits);
    return kern::CNodeCap::make(object, radix, guard_size, guard);
}

// A thread whose CSpace root is a fresh CNode of 2^radix slots with the
// root-task guard (guard 0, guard size 64 - radix: CPtr k is slot k), made
// the running thread as boot makes the root thread: priority 255 on a
// round-robin SC (2^8 bytes, so it can be reconfigured with extra refills).
struct ThreadWithCSpace {
    kern::Tcb* tcb;
    kern::CNodeCap root;
    kern::paddr_t sc_object;
    kern::Cte* slot(kern::word_t index) const { return kern::cnode_slot(root, index); }
};

inline constexpr unsigned root_sc_bits = 8;

inline ThreadWithCSpace make_current_thread(Arena& arena, unsigned radix = 8) {
    const kern::paddr_t object = arena.allocate(kern::tcb_bits);
    kern::Tcb* tcb = kern::tcb_of_object(object);
    new (tcb) kern::Tcb{};
    const kern::CNodeCap root = make_cnode(arena, radix, 64 - radix, 0);
    kern::cdt::insert_root(tcb->slot(kern::TcbSlot::CTable), root);
    const kern::paddr_t sc = arena.allocate(root_sc_bits);
    kern::sched::init(*tcb, *kern::phys_to_virt<kern::SchedContext>(sc));
    return {tcb, root, sc};
}

}  // namespace test_support

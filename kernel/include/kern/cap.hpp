// SPDX-License-Identifier: BSD-2-Clause
// Capabilities: a two-word value type with a type tag and typed views, no
// virtual functions (style.md §8.5). The in-kernel layout is ours; the cap
// kinds and their semantics are seL4's MCS set (sel4-abi.md §5, sel4-mcs.md
// §2.4). A cap and its CDT node fill one 32-byte slot (seL4_SlotBits = 5).
//
// Layout:  word 0  [63:56] type (CapType)  [55:44] small type-specific field
//                  [43:0]  object physical address >> 4 (objects are >= 16-byte aligned)
//          word 1  a type-specific word (badge, guard, free index, mapping, ...)
#pragma once

#include <kern/bitfield.hpp>
#include <kern/cap_rights.hpp>
#include <kern/types.hpp>

namespace kern {

// Values are seL4's 64-bit cap tags, which seL4_DebugCapIdentify returns
// (sel4-abi.md §1.4), so that debug call needs no translation table.
enum class CapType : std::uint8_t {
    Null = 0,
    Frame = 1,
    Untyped = 2,
    PageTable = 3,
    Endpoint = 4,
    Notification = 6,
    Reply = 8,
    VSpace = 9,  // AArch64 only
    CNode = 10,
    AsidControl = 11,
    Thread = 12,
    AsidPool = 13,
    IrqControl = 14,
    IrqHandler = 16,
    Zombie = 18,
    Domain = 20,
    SchedContext = 22,
    SchedControl = 24,
    Smc = 25,        // AArch64 only
    SgiSignal = 27,  // AArch64 only
};

class Cap {
public:
    using TypeField = Bitfield<63, 56>;
    using SmallField = Bitfield<55, 44>;
    using ObjectField = Bitfield<43, 0>;
    static constexpr unsigned object_shift = 4;
    static constexpr paddr_t max_object_address = (paddr_t{1} << (44 + object_shift)) - 1;

    constexpr Cap() = default;
    static constexpr Cap null() { return Cap{}; }
    static constexpr Cap from_words(word_t w0, word_t w1) { return Cap{w0, w1}; }

    constexpr CapType type() const { return static_cast<CapType>(TypeField::get(w0_)); }
    constexpr bool is_null() const { return type() == CapType::Null; }
    // Physical address of the object the cap names (0 for caps that name none).
    constexpr paddr_t object() const { return ObjectField::get(w0_) << object_shift; }
    constexpr word_t word0() const { return w0_; }
    constexpr word_t word1() const { return w1_; }

    // Typed view; the caller has checked type() (asserted in debug use).
    template <typename View>
    constexpr View as() const {
        return View{*this};
    }

    friend constexpr bool operator==(const Cap&, const Cap&) = default;

protected:
    constexpr Cap(word_t w0, word_t w1) : w0_(w0), w1_(w1) {}
    static constexpr Cap make(CapType type, word_t small, paddr_t object, word_t w1) {
        return Cap{TypeField::make(static_cast<word_t>(type)) | SmallField::make(small) |
                       ObjectField::make(object >> object_shift),
                   w1};
    }
    constexpr word_t small() const { return SmallField::get(w0_); }
    constexpr Cap with_small(word_t small) const { return Cap{SmallField::set(w0_, small), w1_}; }
    constexpr Cap with_word1(word_t w1) const { return Cap{w0_, w1}; }

    word_t w0_ = 0;
    word_t w1_ = 0;
};
static_assert(sizeof(Cap) == 16);

// ---- typed views ------------------------------------------------------------
// Each view is constructed from a Cap of its type and offers the fields that
// type has; `with_*` return a modified copy (caps are values).

#define TESSERA_CAP_VIEW(Name, Tag)                          \
    static constexpr CapType tag = CapType::Tag;             \
    constexpr explicit Name(const Cap& cap) : Cap(cap) {}    \
    constexpr Cap cap() const { return *this; }

// Untyped memory: base, log2 size, device flag; word 1 = free index in bytes
// from base (the watermark; seL4 keeps it in 16-byte units).
class UntypedCap : public Cap {
public:
    TESSERA_CAP_VIEW(UntypedCap, Untyped)
    using SizeBits = Bitfield<5, 0>;
    using IsDevice = Bit<6>;
    static constexpr UntypedCap make(paddr_t base, unsigned size_bits, bool device, word_t free_index) {
        return UntypedCap{Cap::make(tag, SizeBits::make(size_bits) | IsDevice::make(device), base, free_index)};
    }
    constexpr paddr_t base() const { return object(); }
    constexpr unsigned size_bits() const { return static_cast<unsigned>(SizeBits::get(small())); }
    constexpr word_t size() const { return word_t{1} << size_bits(); }
    constexpr bool is_device() const { return IsDevice::get(small()) != 0; }
    constexpr word_t free_index() const { return w1_; }
    constexpr UntypedCap with_free_index(word_t bytes) const { return UntypedCap{with_word1(bytes)}; }
};

// Endpoint and notification caps have the same shape: rights
// (Write/Read/Grant/GrantReply) and a badge in word 1.
template <CapType Tag>
class BadgedObjectCap : public Cap {
public:
    static constexpr CapType tag = Tag;
    constexpr explicit BadgedObjectCap(const Cap& cap) : Cap(cap) {}
    constexpr Cap cap() const { return *this; }
    static constexpr BadgedObjectCap make(paddr_t object, word_t badge, CapRights rights) {
        return BadgedObjectCap{Cap::make(tag, rights.raw(), object, badge)};
    }
    constexpr word_t badge() const { return w1_; }
    constexpr CapRights rights() const { return CapRights{small() & CapRights::mask}; }
    constexpr BadgedObjectCap with_badge(word_t badge) const { return BadgedObjectCap{with_word1(badge)}; }
    constexpr BadgedObjectCap with_rights(CapRights r) const { return BadgedObjectCap{with_small(r.raw())}; }
};
using EndpointCap = BadgedObjectCap<CapType::Endpoint>;
using NotificationCap = BadgedObjectCap<CapType::Notification>;

// CNode: radix (log2 slots), guard size; word 1 = guard (sel4-abi.md §4.1).
class CNodeCap : public Cap {
public:
    TESSERA_CAP_VIEW(CNodeCap, CNode)
    using Radix = Bitfield<5, 0>;
    using GuardSize = Bitfield<11, 6>;
    static constexpr CNodeCap make(paddr_t object, unsigned radix, unsigned guard_size, word_t guard) {
        return CNodeCap{Cap::make(tag, Radix::make(radix) | GuardSize::make(guard_size), object, guard)};
    }
    constexpr unsigned radix() const { return static_cast<unsigned>(Radix::get(small())); }
    constexpr unsigned guard_size() const { return static_cast<unsigned>(GuardSize::get(small())); }
    constexpr word_t guard() const { return w1_; }
    constexpr word_t slot_count() const { return word_t{1} << radix(); }
    constexpr CNodeCap with_guard(unsigned guard_size, word_t guard) const {
        return CNodeCap{Cap::make(tag, Radix::make(radix()) | GuardSize::make(guard_size), object(), guard)};
    }
};

class ThreadCap : public Cap {
public:
    TESSERA_CAP_VIEW(ThreadCap, Thread)
    static constexpr ThreadCap make(paddr_t object) { return ThreadCap{Cap::make(tag, 0, object, 0)}; }
};

// MCS reply object; its only right is Grant (sel4-mcs.md §2.4).
class ReplyCap : public Cap {
public:
    TESSERA_CAP_VIEW(ReplyCap, Reply)
    using CanGrant = Bit<0>;
    static constexpr ReplyCap make(paddr_t object, bool can_grant) {
        return ReplyCap{Cap::make(tag, CanGrant::make(can_grant), object, 0)};
    }
    constexpr bool can_grant() const { return CanGrant::get(small()) != 0; }
    constexpr ReplyCap with_can_grant(bool g) const { return ReplyCap{with_small(CanGrant::make(g))}; }
};

class SchedContextCap : public Cap {
public:
    TESSERA_CAP_VIEW(SchedContextCap, SchedContext)
    using SizeBits = Bitfield<5, 0>;
    static constexpr SchedContextCap make(paddr_t object, unsigned size_bits) {
        return SchedContextCap{Cap::make(tag, SizeBits::make(size_bits), object, 0)};
    }
    constexpr unsigned size_bits() const { return static_cast<unsigned>(SizeBits::get(small())); }
};

// All SchedControl caps are "the same object"; word 1 = core.
class SchedControlCap : public Cap {
public:
    TESSERA_CAP_VIEW(SchedControlCap, SchedControl)
    static constexpr SchedControlCap make(word_t core) { return SchedControlCap{Cap::make(tag, 0, 0, core)}; }
    constexpr word_t core() const { return w1_; }
};

// Frames: size class, VM rights, device flag, mapping (ASID and vaddr in word 1).
enum class FrameSize : std::uint8_t { Small = 0, Large = 1, Huge = 2 };  // 4 KiB, 2 MiB, 1 GiB
constexpr unsigned frame_size_bits(FrameSize s) { return s == FrameSize::Small ? 12 : s == FrameSize::Large ? 21 : 30; }
// seL4 vm_rights: KernelOnly 1, ReadOnly 2, ReadWrite 3.
enum class VmRights : std::uint8_t { KernelOnly = 1, ReadOnly = 2, ReadWrite = 3 };

class FrameCap : public Cap {
public:
    TESSERA_CAP_VIEW(FrameCap, Frame)
    using Size = Bitfield<1, 0>;
    using Rights = Bitfield<3, 2>;
    using IsDevice = Bit<4>;
    using IsMapped = Bit<5>;
    using MappedAsid = Bitfield<63, 48>;
    using MappedAddress = Bitfield<47, 0>;
    static constexpr FrameCap make(paddr_t base, FrameSize size, VmRights rights, bool device) {
        return FrameCap{Cap::make(tag,
                                  Size::make(static_cast<word_t>(size)) | Rights::make(static_cast<word_t>(rights)) |
                                      IsDevice::make(device),
                                  base, 0)};
    }
    constexpr paddr_t base() const { return object(); }
    constexpr FrameSize size() const { return static_cast<FrameSize>(Size::get(small())); }
    constexpr VmRights rights() const { return static_cast<VmRights>(Rights::get(small())); }
    constexpr bool is_device() const { return IsDevice::get(small()) != 0; }
    constexpr bool is_mapped() const { return IsMapped::get(small()) != 0; }
    constexpr word_t mapped_asid() const { return MappedAsid::get(w1_); }
    constexpr vaddr_t mapped_address() const { return MappedAddress::get(w1_); }
    constexpr FrameCap with_mapping(word_t asid, vaddr_t va) const {
        return FrameCap{Cap::make(tag, IsMapped::set(small(), 1), object(),
                                  MappedAsid::make(asid) | MappedAddress::make(va))};
    }
    constexpr FrameCap unmapped() const { return FrameCap{Cap::make(tag, IsMapped::set(small(), 0), object(), 0)}; }
    constexpr FrameCap with_rights(VmRights r) const {
        return FrameCap{with_small(Rights::set(small(), static_cast<word_t>(r)))};
    }
};

// Page tables (both arches) and the AArch64 VSpace root: mapping in word 1.
class PageTableCap : public Cap {
public:
    TESSERA_CAP_VIEW(PageTableCap, PageTable)
    using IsMapped = Bit<0>;
    using MappedAsid = Bitfield<63, 48>;
    using MappedAddress = Bitfield<47, 0>;
    static constexpr PageTableCap make(paddr_t base) { return PageTableCap{Cap::make(tag, 0, base, 0)}; }
    constexpr bool is_mapped() const { return IsMapped::get(small()) != 0; }
    constexpr word_t mapped_asid() const { return MappedAsid::get(w1_); }
    constexpr vaddr_t mapped_address() const { return MappedAddress::get(w1_); }
    constexpr PageTableCap with_mapping(word_t asid, vaddr_t va) const {
        return PageTableCap{Cap::make(tag, 1, object(), MappedAsid::make(asid) | MappedAddress::make(va))};
    }
};

class VSpaceCap : public Cap {
public:
    TESSERA_CAP_VIEW(VSpaceCap, VSpace)
    using IsMapped = Bit<0>;  // assigned to an ASID
    static constexpr VSpaceCap make(paddr_t base) { return VSpaceCap{Cap::make(tag, 0, base, 0)}; }
    constexpr bool is_mapped() const { return IsMapped::get(small()) != 0; }
    constexpr word_t asid() const { return w1_; }
    constexpr VSpaceCap with_asid(word_t asid) const { return VSpaceCap{Cap::make(tag, 1, object(), asid)}; }
};

class AsidPoolCap : public Cap {
public:
    TESSERA_CAP_VIEW(AsidPoolCap, AsidPool)
    static constexpr AsidPoolCap make(paddr_t pool, word_t asid_base) {
        return AsidPoolCap{Cap::make(tag, 0, pool, asid_base)};
    }
    constexpr word_t asid_base() const { return w1_; }
};

class IrqHandlerCap : public Cap {
public:
    TESSERA_CAP_VIEW(IrqHandlerCap, IrqHandler)
    static constexpr IrqHandlerCap make(word_t irq) { return IrqHandlerCap{Cap::make(tag, 0, 0, irq)}; }
    constexpr word_t irq() const { return w1_; }
};

// AArch64 SMC cap (KernelAllowSMCCalls): badgeable; word 1 = badge.
class SmcCap : public Cap {
public:
    TESSERA_CAP_VIEW(SmcCap, Smc)
    static constexpr SmcCap make(word_t badge) { return SmcCap{Cap::make(tag, 0, 0, badge)}; }
    constexpr word_t badge() const { return w1_; }
    constexpr SmcCap with_badge(word_t badge) const { return SmcCap{with_word1(badge)}; }
};

// AArch64 SGI signal cap (IRQControl_IssueSGISignal): which SGI to which core(s).
class SgiSignalCap : public Cap {
public:
    TESSERA_CAP_VIEW(SgiSignalCap, SgiSignal)
    using Irq = Bitfield<3, 0>;      // SGI number 0..15
    using Target = Bitfield<11, 4>;  // target core / mask
    static constexpr SgiSignalCap make(word_t irq, word_t target) {
        return SgiSignalCap{Cap::make(tag, Irq::make(irq) | Target::make(target), 0, 0)};
    }
    constexpr word_t irq() const { return Irq::get(small()); }
    constexpr word_t target() const { return Target::get(small()); }
};

// Caps that name no object and carry no data: IrqControl, AsidControl, Domain.
constexpr Cap make_simple_cap(CapType type) { return Cap::from_words(Cap::TypeField::make(static_cast<word_t>(type)), 0); }

// A CNode or TCB being destroyed (seL4's Zombie): the object, whether it is a
// TCB, the CNode radix; word 1 = slots still to clear.
class ZombieCap : public Cap {
public:
    TESSERA_CAP_VIEW(ZombieCap, Zombie)
    using IsTcb = Bit<6>;
    using Radix = Bitfield<5, 0>;
    static constexpr ZombieCap make(paddr_t object, bool is_tcb, unsigned radix, word_t remaining) {
        return ZombieCap{Cap::make(tag, IsTcb::make(is_tcb) | Radix::make(radix), object, remaining)};
    }
    constexpr bool is_tcb() const { return IsTcb::get(small()) != 0; }
    constexpr unsigned radix() const { return static_cast<unsigned>(Radix::get(small())); }
    constexpr word_t remaining() const { return w1_; }
    constexpr ZombieCap with_remaining(word_t n) const { return ZombieCap{with_word1(n)}; }
};

#undef TESSERA_CAP_VIEW

}  // namespace kern

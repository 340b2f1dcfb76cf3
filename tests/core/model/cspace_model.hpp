// SPDX-License-Identifier: BSD-2-Clause
// A deliberately simple reference model of seL4's CSpace, capability
// derivation tree and untyped memory, written from the seL4 rules
// (sel4-abi.md §4, §5, §6.3, §15.3, §16) without any kernel code: caps are
// plain structs, CNodes are slot arrays in std containers, and the CDT is an
// explicit tree (parent + ordered children per cap) instead of the kernel's
// linked list with revocable/first-badged flags. The differential test
// (tests/core/differential_test.cpp) runs the same invocations against this
// model and the kernel core and compares every reply and the whole state.
//
// Explicit CDT rules (equivalent to seL4's MDB list, §5.4):
//  - a cap made by Retype, and a boot cap, is "original" (revocable);
//  - Copy/Mint of `src` gives a cap whose parent is `src` if `src` is original,
//    otherwise `src`'s parent (the new cap follows `src` among the siblings);
//    it is original iff it is an untyped, or an endpoint/notification whose
//    badge differs from the source's;
//  - deleting a cap splices its children into its place under its parent;
//  - Move keeps the node (position, children); a swap exchanges two nodes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace model {

using word = std::uint64_t;

enum class Kind : std::uint8_t { Null, Untyped, Endpoint, Notification, CNode, Tcb, Reply, Frame, Zombie };
const char* kind_name(Kind k);

// One cap. Fields not used by a kind stay 0.
struct Cap {
    Kind kind = Kind::Null;
    word object = 0;         // address of the object (identical in model and kernel by construction)
    unsigned size_bits = 0;  // Untyped: log2 bytes; CNode/Zombie(CNode): radix; Frame: 12
    bool device = false;     // Untyped, Frame
    word free_index = 0;     // Untyped: watermark in bytes
    word badge = 0;          // Endpoint, Notification
    unsigned rights = 0;     // Endpoint/Notification: seL4_CapRights bits; Reply: Grant bit;
                             // Frame: vm rights 1 KernelOnly, 2 ReadOnly, 3 ReadWrite
    unsigned guard_size = 0;  // CNode
    word guard = 0;           // CNode
    bool zombie_tcb = false;  // Zombie: the object is a TCB
    word remaining = 0;       // Zombie: slots still to clear

    bool null() const { return kind == Kind::Null; }
    friend bool operator==(const Cap&, const Cap&) = default;
};
std::string describe(const Cap& cap);

// A slot: the slot array's address (CNode or TCB object) and the index.
struct SlotRef {
    word array = 0;
    word index = 0;
    friend auto operator<=>(const SlotRef&, const SlotRef&) = default;
};

struct SlotRefHash {
    std::size_t operator()(const SlotRef& s) const {
        return std::hash<word>{}(s.array * 0x9e3779b97f4a7c15ull ^ s.index);
    }
};

// What a Call returns: label (0 or the seL4_Error) and the detail MRs.
struct Reply {
    word label = 0;
    std::vector<word> mrs;
    friend bool operator==(const Reply&, const Reply&) = default;
};
std::string describe(const Reply& reply);

// One Call as user code issues it: invoked CPtr, message info fields, MRs,
// extra-cap CPtrs (caps_or_badges).
struct Call {
    word cptr = 0;
    word label = 0;
    word length = 0;
    word mrs[8] = {};
    std::vector<word> extra_cptrs;
};

struct Node {
    Cap cap;
    SlotRef slot;
    int parent = -1;
    std::vector<int> children;  // in CDT order (first = the most recently inserted)
    bool original = false;
};

class Model {
public:
    // Configuration constants of the host build (RISC-V numbering, sel4-abi.md §6.1/6.2).
    static constexpr word object_type_count = 11;
    static constexpr unsigned max_untyped_bits = 38;
    static constexpr word fan_out_limit = 256;
    static constexpr unsigned tcb_slot_count = 5;

    // --- building the initial state (boot caps are roots, original)
    void add_array(word address, word slots);
    int add_root(SlotRef slot, const Cap& cap);
    int add_child(int parent, SlotRef slot, const Cap& cap);  // Copy-like insert (same rules as Copy)
    void set_current_thread(word tcb_object) { thread_ = tcb_object; }

    // Whether the depth-64 lookups of the invoked cap and the extra caps all
    // succeed (otherwise the kernel takes a cap fault, which the generator avoids).
    bool call_resolves(const Call& call) const;
    // The cap at CPtr `cptr` (depth 64 from the thread's CSpace root), or nullopt on a lookup failure.
    std::optional<SlotRef> lookup_cptr(word cptr) const;
    // The slot an invocation's slot argument (index, depth) below `root`
    // names, or nullopt when that lookup fails (§4.2, second caller).
    std::optional<SlotRef> lookup_argument(const Cap& root, word index, word depth) const;

    Reply call(const Call& call);

    // --- state inspection
    const Cap& cap_at(SlotRef slot) const;
    const std::map<word, word>& arrays() const { return arrays_; }
    bool array_alive(word address) const;
    std::set<word> live_arrays() const;  // every array_alive() address, in one pass
    const std::unordered_map<SlotRef, int, SlotRefHash>& occupied() const { return slots_; }  // unordered
    const Node& node(int id) const { return nodes_.at(id); }
    // How many times a deletion moved a Zombie into its object's slot 0
    // (capSwapForDelete). A preempted call that did so may end differently
    // when restarted: the moved Zombie can leave the subtree being revoked.
    unsigned delete_swaps() const { return delete_swaps_; }

private:
    struct Error {
        word code;
        std::vector<word> mrs;
    };
    using Outcome = std::optional<Error>;  // nullopt = success

    struct Resolved {
        bool ok = false;
        SlotRef slot;
        word bits_remaining = 0;
        std::vector<word> fault;  // lookup-failure words (§4.3) when !ok
    };
    Resolved resolve(const Cap& root, word cptr, word n) const;
    Outcome lookup_slot(const Cap& root, word index, word depth, bool is_source, SlotRef& out) const;

    Outcome invoke_cnode(const Cap& cnode, const Call& call, const std::vector<Cap>& extra);
    Outcome invoke_copy_like(const Call& call, const std::vector<Cap>& extra, SlotRef dest);
    Outcome invoke_rotate(const Call& call, const std::vector<Cap>& extra, SlotRef dest);
    Outcome invoke_untyped(SlotRef untyped, const Call& call, const std::vector<Cap>& extra);

    // CDT
    int node_at(SlotRef slot) const;
    int insert_new(int parent, int after_sibling, SlotRef slot, const Cap& cap, bool original);
    void insert_derived(int src, SlotRef dest, const Cap& cap);
    void move(SlotRef from, SlotRef to, const Cap& cap);
    void swap(SlotRef a, const Cap& cap_for_a, SlotRef b, const Cap& cap_for_b);
    void empty_slot(SlotRef slot);
    bool is_final(SlotRef slot) const;

    // deletion (seL4 cteDelete / finaliseSlot / reduceZombie / cteRevoke)
    void delete_slot(SlotRef slot, bool exposed);
    bool finalise_slot(SlotRef slot, bool immediate);
    void reduce_zombie(SlotRef slot, bool immediate);
    void revoke(SlotRef slot);

    std::map<word, word> arrays_;  // slot arrays: address -> number of slots
    std::unordered_map<SlotRef, int, SlotRefHash> slots_;  // occupied slots -> node id
    std::unordered_map<int, Node> nodes_;  // id -> node (order never matters)
    int next_id_ = 0;
    unsigned delete_swaps_ = 0;
    word thread_ = 0;
};

// seL4 object type numbers used by the generator (RISC-V MCS numbering).
enum ObjectType : word {
    UntypedObject = 0, TCBObject = 1, EndpointObject = 2, NotificationObject = 3, CapTableObject = 4,
    SchedContextObject = 5, ReplyObject = 6, SmallPageObject = 8,
};

}  // namespace model

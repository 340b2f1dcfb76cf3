// SPDX-License-Identifier: BSD-2-Clause
// Random invocations for the differential test: a seeded PRNG and a
// generator that reads the reference model's state to aim arguments at
// meaningful slots: occupied slots for sources, empty ones for
// destinations, untypeds with room for what is retyped, CNodes nested two
// or three levels deep (with guards) as roots and destinations. A small
// share of calls (fault_percent) carries one deliberate fault chosen from
// the invocation's error paths (sel4-abi.md §4–6, §15.3); untypeds are
// revoked when their capacity runs low and now and then anyway, so that
// resets run.
#pragma once

#include <string>

#include "cspace_model.hpp"
#include "generator_view.hpp"

namespace model {

// splitmix64: small, fast and the same on every platform.
class Rng {
public:
    explicit Rng(word seed) : state_(seed) {}
    word next() {
        word z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    word below(word n) { return n == 0 ? 0 : next() % n; }
    word range(word lo, word hi) { return lo + below(hi - lo + 1); }  // inclusive
    bool chance(unsigned percent) { return below(100) < percent; }

private:
    word state_;
};

// The harness's root CNode: it resolves all 64 bits of a CPtr (root-task
// guard), so CPtr k names root slot k.
struct GeneratorLayout {
    unsigned root_radix = 6;
    word root_array = 0;
};

// One generated call, a short name for traces and statistics ("Copy",
// "Retype", ...), the deliberate fault it carries (nullptr: none; the call
// may still fail naturally), how many CNodes its deepest slot address
// walks through, and whether a multi-level address passes a guard.
struct GeneratedCall {
    Call call;
    std::string name;
    const char* fault = nullptr;
    unsigned levels = 0;
    bool guarded = false;
    bool nested_root = false;  // a root argument or invoked CNode other than the root CNode
};

// Percentage of calls that carry a deliberate fault.
inline constexpr unsigned fault_percent = 20;

// `view` is scratch storage kept between calls.
GeneratedCall generate_call(const Model& model, const GeneratorLayout& layout, Rng& rng, ModelView& view);
std::string describe(const GeneratedCall& call);

}  // namespace model

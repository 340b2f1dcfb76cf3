// SPDX-License-Identifier: BSD-2-Clause
// Random invocations for the differential test: a seeded PRNG and a
// generator that looks at the reference model's state to aim most
// arguments at meaningful slots (valid addresses, occupied sources, empty
// destinations) while about a third of the calls carry a bad argument
// (out-of-range depths, empty sources, occupied destinations, wrong cap
// types, short messages, missing extra caps, bad sizes/offsets/counts).
#pragma once

#include <string>

#include "cspace_model.hpp"

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

// One generated call and a short name for traces ("Copy", "Retype", ...).
struct GeneratedCall {
    Call call;
    std::string name;
};

GeneratedCall generate_call(const Model& model, const GeneratorLayout& layout, Rng& rng);
std::string describe(const GeneratedCall& call);

}  // namespace model

// SPDX-License-Identifier: BSD-2-Clause
// The one constexpr bit-field abstraction (style.md §8.6): caps, PTEs,
// system registers and ABI words are described as Bitfield<Hi, Lo> members,
// never as ad-hoc shifts or C++ bit-fields.
#pragma once

#include <concepts>
#include <cstdint>

namespace kern {

template <unsigned Hi, unsigned Lo, std::unsigned_integral Word = std::uint64_t>
struct Bitfield {
    static_assert(Hi >= Lo, "Bitfield: Hi must not be below Lo");
    static_assert(Hi < sizeof(Word) * 8, "Bitfield: Hi outside the word");

    using word_type = Word;
    static constexpr unsigned lo = Lo;
    static constexpr unsigned hi = Hi;
    static constexpr unsigned width = Hi - Lo + 1;
    static constexpr Word value_mask = width == sizeof(Word) * 8 ? ~Word{0} : (Word{1} << width) - 1;
    static constexpr Word mask = value_mask << Lo;

    // Field value of `word`, shifted down to bit 0.
    static constexpr Word get(Word word) { return (word >> Lo) & value_mask; }
    // `word` with this field replaced by `value` (excess high bits are dropped).
    static constexpr Word set(Word word, Word value) { return (word & ~mask) | ((value & value_mask) << Lo); }
    // Whether `value` fits in the field without truncation.
    static constexpr bool fits(Word value) { return (value & ~value_mask) == 0; }
    // `value` placed at the field's position.
    static constexpr Word make(Word value) { return (value & value_mask) << Lo; }
};

template <unsigned Bit, std::unsigned_integral Word = std::uint64_t>
using Bit = Bitfield<Bit, Bit, Word>;

// A word with named fields: struct Foo : Register<Foo> { using X = Bitfield<3, 0>; };
// Foo{}.with<Foo::X>(5).get<Foo::X>() == 5.
template <typename Derived, std::unsigned_integral Word = std::uint64_t>
class Register {
public:
    using word_type = Word;
    constexpr Register() = default;
    constexpr explicit Register(Word raw) : raw_(raw) {}

    constexpr Word raw() const { return raw_; }

    template <typename Field>
    constexpr Word get() const {
        static_assert(std::same_as<typename Field::word_type, Word>);
        return Field::get(raw_);
    }
    template <typename Field>
    constexpr Derived with(Word value) const {
        static_assert(std::same_as<typename Field::word_type, Word>);
        return Derived(Field::set(raw_, value));
    }
    template <typename Field>
    constexpr bool test() const { return Field::get(raw_) != 0; }

    friend constexpr bool operator==(const Register& a, const Register& b) { return a.raw_ == b.raw_; }

private:
    Word raw_ = 0;
};

}  // namespace kern

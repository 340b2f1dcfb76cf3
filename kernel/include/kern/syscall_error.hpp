// SPDX-License-Identifier: BSD-2-Clause
// Invocation errors: seL4_Error plus the detail words each error carries in
// its reply (sel4-abi.md §15.3), and the lookup-failure description used by
// FailedLookup replies and CapFault messages (§4.3). Errors are values
// ([[nodiscard]] Result<T>), never global state (style.md §8.8).
#pragma once

#include <kern/types.hpp>

namespace kern {

enum class Error : word_t {
    None = 0,
    InvalidArgument = 1,
    InvalidCapability = 2,
    IllegalOperation = 3,
    RangeError = 4,
    AlignmentError = 5,
    FailedLookup = 6,
    TruncatedMessage = 7,
    DeleteFirst = 8,
    RevokeFirst = 9,
    NotEnoughMemory = 10,
};

struct LookupFailure {
    enum class Kind : word_t { None = 0, InvalidRoot = 1, MissingCapability = 2, DepthMismatch = 3, GuardMismatch = 4 };
    Kind kind = Kind::None;
    word_t bits_left = 0;
    word_t bits_found = 0;   // DepthMismatch: bits the CNode would resolve; GuardMismatch: guard size
    word_t guard_found = 0;  // GuardMismatch

    static constexpr LookupFailure invalid_root() { return {Kind::InvalidRoot}; }
    static constexpr LookupFailure missing_capability(word_t bits_left) {
        return {Kind::MissingCapability, bits_left};
    }
    static constexpr LookupFailure depth_mismatch(word_t bits_left, word_t bits_found) {
        return {Kind::DepthMismatch, bits_left, bits_found};
    }
    static constexpr LookupFailure guard_mismatch(word_t bits_left, word_t guard_found, word_t guard_size) {
        return {Kind::GuardMismatch, bits_left, guard_size, guard_found};
    }

    // Writes the description (type word first) into `words`; returns how
    // many words it used (1..4).
    constexpr unsigned encode(word_t* words) const {
        words[0] = static_cast<word_t>(kind);
        switch (kind) {
        case Kind::InvalidRoot: return 1;
        case Kind::MissingCapability: words[1] = bits_left; return 2;
        case Kind::DepthMismatch: words[1] = bits_left; words[2] = bits_found; return 3;
        case Kind::GuardMismatch: words[1] = bits_left; words[2] = guard_found; words[3] = bits_found; return 4;
        case Kind::None: return 1;
        }
        return 1;
    }
    friend constexpr bool operator==(const LookupFailure&, const LookupFailure&) = default;
};

struct SyscallError {
    Error type = Error::None;
    word_t argument = 0;   // InvalidArgument: data word index; InvalidCapability: cap index
    word_t range_min = 0;  // RangeError
    word_t range_max = 0;
    word_t memory_left = 0;         // NotEnoughMemory: bytes available
    bool source_lookup = false;     // FailedLookup: the source/pivot slot failed
    LookupFailure lookup{};         // FailedLookup

    static constexpr SyscallError invalid_argument(word_t index) { return {Error::InvalidArgument, index}; }
    static constexpr SyscallError invalid_capability(word_t index) { return {Error::InvalidCapability, index}; }
    static constexpr SyscallError illegal_operation() { return {Error::IllegalOperation}; }
    static constexpr SyscallError range_error(word_t min, word_t max) { return {Error::RangeError, 0, min, max}; }
    static constexpr SyscallError alignment_error() { return {Error::AlignmentError}; }
    static constexpr SyscallError failed_lookup(bool source, LookupFailure lf) {
        SyscallError e{Error::FailedLookup};
        e.source_lookup = source;
        e.lookup = lf;
        return e;
    }
    static constexpr SyscallError truncated_message() { return {Error::TruncatedMessage}; }
    static constexpr SyscallError delete_first() { return {Error::DeleteFirst}; }
    static constexpr SyscallError revoke_first() { return {Error::RevokeFirst}; }
    static constexpr SyscallError not_enough_memory(word_t bytes) {
        SyscallError e{Error::NotEnoughMemory};
        e.memory_left = bytes;
        return e;
    }

    // The reply message seL4 sends for this error (§15.3): returns the length
    // and fills `mrs` (at least 5 words).
    constexpr unsigned encode(word_t* mrs) const {
        switch (type) {
        case Error::InvalidArgument:
        case Error::InvalidCapability: mrs[0] = argument; return 1;
        case Error::RangeError: mrs[0] = range_min; mrs[1] = range_max; return 2;
        case Error::FailedLookup: mrs[0] = source_lookup ? 1 : 0; return 1 + lookup.encode(mrs + 1);
        case Error::NotEnoughMemory: mrs[0] = memory_left; return 1;
        default: return 0;
        }
    }
    friend constexpr bool operator==(const SyscallError&, const SyscallError&) = default;
};

// Either a value or a SyscallError.
template <typename T>
class [[nodiscard]] Result {
public:
    constexpr Result(const T& value) : value_(value), ok_(true) {}
    constexpr Result(const SyscallError& error) : error_(error), ok_(false) {}
    constexpr bool ok() const { return ok_; }
    constexpr const T& value() const { return value_; }
    constexpr T& value() { return value_; }
    constexpr const SyscallError& error() const { return error_; }

private:
    T value_{};
    SyscallError error_{};
    bool ok_;
};

// A Result with no value: success or a SyscallError.
class [[nodiscard]] Status {
public:
    constexpr Status() = default;
    constexpr Status(const SyscallError& error) : error_(error) {}
    static constexpr Status success() { return Status{}; }
    constexpr bool ok() const { return error_.type == Error::None; }
    constexpr const SyscallError& error() const { return error_; }

private:
    SyscallError error_{};
};

// Outcome of a perform step that may be preempted (seL4 exception_t
// EXCEPTION_PREEMPTED): the thread restarts the system call later.
enum class [[nodiscard]] Completion { Done, Preempted };

}  // namespace kern

// SPDX-License-Identifier: BSD-2-Clause
// A small POSIX-ERE-style regular expression matcher for the on-target test
// filter (`--filter REGEX`, like sel4test's LibSel4TestPrinterRegex).
// Freestanding: no allocation; the pattern is compiled into a fixed node pool.
// Supported: literals, '.', bracket expressions [a-z] [^...], '*', '+', '?',
// '|', '(...)', '^', '$' and backslash escapes. Matching is a search (like
// regexec): the pattern may match anywhere unless anchored.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tessera_test {

class Regex {
public:
    static constexpr std::size_t max_nodes = 256;

    // Compiles `pattern`; on failure valid() is false and error() says why.
    explicit Regex(const char* pattern) {
        pos_ = pattern;
        const int root = parse_alternation();
        if (error_ == nullptr && *pos_ != '\0') error_ = *pos_ == ')' ? "unmatched ')'" : "unexpected character";
        root_ = root;
    }

    bool valid() const { return error_ == nullptr; }
    const char* error() const { return error_; }

    // True if the pattern matches somewhere in `text`.
    bool search(const char* text) const {
        if (!valid()) return false;
        const char* start = text;
        for (const char* p = text;; ++p) {
            if (match(root_, start, p, nullptr)) return true;
            if (*p == '\0') return false;
        }
    }

private:
    enum class Kind : std::uint8_t { Empty, Char, Any, Class, Begin, End, Concat, Alternate, Repeat };

    struct Node {
        Kind kind = Kind::Empty;
        char c = 0;
        bool negated = false;
        std::uint8_t min = 0;     // Repeat: 0 or 1
        bool unbounded = false;   // Repeat: '*' or '+'
        int a = -1, b = -1;       // children
        const char* set = nullptr;  // Class: text between '[' and ']'
        std::size_t set_len = 0;
    };

    int add(const Node& n) {
        if (count_ >= max_nodes) {
            error_ = "pattern too long";
            return -1;
        }
        nodes_[count_] = n;
        return static_cast<int>(count_++);
    }

    int parse_alternation() {
        int left = parse_concat();
        while (error_ == nullptr && *pos_ == '|') {
            ++pos_;
            const int right = parse_concat();
            Node n;
            n.kind = Kind::Alternate;
            n.a = left;
            n.b = right;
            left = add(n);
        }
        return left;
    }

    int parse_concat() {
        int result = add(Node{});  // Empty
        while (error_ == nullptr && *pos_ != '\0' && *pos_ != '|' && *pos_ != ')') {
            const int item = parse_repeat();
            Node n;
            n.kind = Kind::Concat;
            n.a = result;
            n.b = item;
            result = add(n);
        }
        return result;
    }

    int parse_repeat() {
        int atom = parse_atom();
        while (error_ == nullptr && (*pos_ == '*' || *pos_ == '+' || *pos_ == '?')) {
            Node n;
            n.kind = Kind::Repeat;
            n.a = atom;
            n.min = *pos_ == '+' ? 1 : 0;
            n.unbounded = *pos_ != '?';
            ++pos_;
            atom = add(n);
        }
        return atom;
    }

    int parse_atom() {
        Node n;
        const char c = *pos_++;
        switch (c) {
        case '(': {
            const int inner = parse_alternation();
            if (*pos_ != ')') {
                if (error_ == nullptr) error_ = "missing ')'";
                return -1;
            }
            ++pos_;
            return inner;
        }
        case '.': n.kind = Kind::Any; break;
        case '^': n.kind = Kind::Begin; break;
        case '$': n.kind = Kind::End; break;
        case '*':
        case '+':
        case '?': error_ = "repetition operator with nothing to repeat"; return -1;
        case '[': {
            n.kind = Kind::Class;
            if (*pos_ == '^') {
                n.negated = true;
                ++pos_;
            }
            n.set = pos_;
            if (*pos_ == ']') ++pos_;  // a leading ']' is a literal
            while (*pos_ != '\0' && *pos_ != ']') ++pos_;
            if (*pos_ != ']') {
                error_ = "missing ']'";
                return -1;
            }
            n.set_len = static_cast<std::size_t>(pos_ - n.set);
            ++pos_;
            break;
        }
        case '\\':
            if (*pos_ == '\0') {
                error_ = "trailing backslash";
                return -1;
            }
            n.kind = Kind::Char;
            n.c = *pos_++;
            break;
        default:
            n.kind = Kind::Char;
            n.c = c;
            break;
        }
        return add(n);
    }

    static bool in_class(const Node& n, char c) {
        bool found = false;
        for (std::size_t i = 0; i < n.set_len; ++i) {
            const char lo = n.set[i];
            if (i + 2 < n.set_len && n.set[i + 1] == '-') {
                if (c >= lo && c <= n.set[i + 2]) found = true;
                i += 2;
            } else if (c == lo) {
                found = true;
            }
        }
        return found != n.negated;
    }

    // Continuation-passing backtracking: match node `id` at `p`, then the
    // continuation chain `next` (a linked list of pending nodes).
    struct Cont {
        int node;
        const Cont* next;
        int repeat_left;          // loop continuations: iterations still required
        const char* repeat_from;  // loop continuations: where this iteration started
        bool loop = false;        // true: "one iteration of Repeat `node` is done"
    };

    bool match_cont(const char* begin, const char* p, const Cont* k) const {
        if (k == nullptr) return true;
        const Node& n = nodes_[k->node];
        if (k->loop) {
            // One more iteration of a repeat has completed; k carries its state.
            if (k->repeat_left > 0) {
                Cont again{k->node, k->next, k->repeat_left - 1, p, true};
                return match(n.a, begin, p, &again);
            }
            if (n.unbounded && p != k->repeat_from) {  // forbid empty loops
                Cont again{k->node, k->next, 0, p, true};
                if (match(n.a, begin, p, &again)) return true;
            }
            return match_cont(begin, p, k->next);
        }
        return match(k->node, begin, p, k->next);
    }

    bool match(int id, const char* begin, const char* p, const Cont* k) const {
        const Node& n = nodes_[id];
        switch (n.kind) {
        case Kind::Empty: return match_cont(begin, p, k);
        case Kind::Char: return *p == n.c && match_cont(begin, p + 1, k);
        case Kind::Any: return *p != '\0' && match_cont(begin, p + 1, k);
        case Kind::Class: return *p != '\0' && in_class(n, *p) && match_cont(begin, p + 1, k);
        case Kind::Begin: return p == begin && match_cont(begin, p, k);
        case Kind::End: return *p == '\0' && match_cont(begin, p, k);
        case Kind::Concat: {
            Cont second{n.b, k, 0, nullptr, false};
            return match(n.a, begin, p, &second);
        }
        case Kind::Alternate: return match(n.a, begin, p, k) || match(n.b, begin, p, k);
        case Kind::Repeat: {
            Cont loop{id, k, 0, p, true};
            if (n.min == 1) return match(n.a, begin, p, &loop);
            if (match(n.a, begin, p, &loop)) return true;  // greedy: try one iteration first
            return match_cont(begin, p, k);
        }
        }
        return false;
    }

    Node nodes_[max_nodes]{};
    std::size_t count_ = 0;
    const char* pos_ = nullptr;
    const char* error_ = nullptr;
    int root_ = -1;
};

}  // namespace tessera_test

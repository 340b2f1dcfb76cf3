// SPDX-License-Identifier: BSD-2-Clause
// Collects the system specification (microkit_spec/spec.hpp) as the planner
// decides it, and writes the blob: objects sorted the way the initial task
// allocates them (fixed physical addresses first, ascending; then from the
// largest down, same kinds together), every index remapped to match.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <microkit_spec/spec.hpp>

namespace microkit {

struct PlannedObject {
    microkit_spec::ObjectKind kind;
    std::uint64_t size_bits = 0;
    std::optional<std::uint64_t> paddr;
    std::string name;
    std::vector<microkit_spec::Fill> fills;  // data_offset into the data area
    unsigned bytes_log2() const;
};

class SpecBuilder {
public:
    std::uint64_t add_object(microkit_spec::ObjectKind kind, std::uint64_t size_bits, std::string name,
                             std::optional<std::uint64_t> paddr = std::nullopt);
    // Initial contents of frame `frame` at `frame_offset`.
    void add_fill(std::uint64_t frame, std::span<const std::uint8_t> bytes, std::uint64_t frame_offset);
    std::uint64_t add_cap(const microkit_spec::Cap& cap);
    void add_mapping(const microkit_spec::Mapping& mapping) { mappings_.push_back(mapping); }
    std::uint64_t add_irq(const microkit_spec::Irq& irq);
    // Strings in Tcb::name and Pd::name are given as string offsets from add_string().
    void add_tcb(const microkit_spec::Tcb& tcb) { tcbs_.push_back(tcb); }
    void add_pd(const microkit_spec::Pd& pd) { pds_.push_back(pd); }
    std::uint64_t add_string(const std::string& text);

    const std::vector<PlannedObject>& objects() const { return objects_; }
    const std::vector<microkit_spec::Cap>& caps() const { return caps_; }
    const std::vector<microkit_spec::Mapping>& mappings() const { return mappings_; }
    const std::vector<microkit_spec::Tcb>& tcbs() const { return tcbs_; }
    const std::vector<microkit_spec::Irq>& irqs() const { return irqs_; }
    std::string string(std::uint64_t offset) const { return std::string(strings_.data() + offset); }
    std::uint64_t data_size() const { return data_.size(); }

    struct Memory {
        std::uint64_t ram_base, ram_end;
    };
    // The blob, for `arch` (microkit_spec::arch_*).
    std::vector<std::uint8_t> write(std::uint64_t arch, Memory memory, std::uint64_t monitor_endpoint) const;
    // Object indices in the order write() emits them: order[new] = old.
    std::vector<std::uint64_t> allocation_order() const;

private:
    std::vector<PlannedObject> objects_;
    std::vector<microkit_spec::Cap> caps_;
    std::vector<microkit_spec::Mapping> mappings_;
    std::vector<microkit_spec::Tcb> tcbs_;
    std::vector<microkit_spec::Irq> irqs_;
    std::vector<microkit_spec::Pd> pds_;
    std::vector<char> strings_;
    std::vector<std::uint8_t> data_;
};

}  // namespace microkit

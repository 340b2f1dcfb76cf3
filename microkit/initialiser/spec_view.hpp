// SPDX-License-Identifier: BSD-2-Clause
// The system specification the tool embedded (microkit_spec/spec.hpp),
// checked once before anything is built: every table inside the blob,
// every index naming an object of the kind its field needs, every slot
// inside its CNode, every string terminated. After check() succeeds the
// builder may use any field without checking it again.
#pragma once

#include <microkit_spec/spec.hpp>
// Constants only (no system calls): host tests check blobs with this code.
#include <sel4/arch/constants.h>
#include <sel4/constants.h>

namespace initialiser {

class SpecView {
public:
    // Checks the blob at `address`, made for `arch` (microkit_spec::arch_*:
    // the initial task's own); returns null or one line saying what is wrong.
    const char* check(const void* address, uint64_t arch);

    const microkit_spec::Header& header() const { return *header_; }
    const microkit_spec::Object& object(uint64_t i) const { return objects_[i]; }
    const microkit_spec::Fill& fill(uint64_t i) const { return fills_[i]; }
    const microkit_spec::Cap& cap(uint64_t i) const { return caps_[i]; }
    const microkit_spec::Mapping& mapping(uint64_t i) const { return mappings_[i]; }
    const microkit_spec::Tcb& tcb(uint64_t i) const { return tcbs_[i]; }
    const microkit_spec::Irq& irq(uint64_t i) const { return irqs_[i]; }
    const microkit_spec::Pd& pd(uint64_t i) const { return pds_[i]; }
    uint64_t objects() const { return header_->objects.count; }
    uint64_t fills() const { return header_->fills.count; }
    uint64_t caps() const { return header_->caps.count; }
    uint64_t mappings() const { return header_->mappings.count; }
    uint64_t tcbs() const { return header_->tcbs.count; }
    uint64_t irqs() const { return header_->irqs.count; }
    uint64_t pds() const { return header_->pds.count; }
    const char* string(uint64_t offset) const { return strings_ + offset; }
    const uint8_t* data(uint64_t offset) const { return data_ + offset; }
    // Whether object i has a fixed physical address.
    bool fixed(uint64_t i) const { return objects_[i].paddr != microkit_spec::none; }

private:
    const char* check_tables();
    const char* check_objects();
    const char* check_caps();
    const char* check_threads();
    bool is_kind(uint64_t index, microkit_spec::ObjectKind kind) const {
        return index < objects() && objects_[index].kind == kind;
    }
    bool is_string(uint64_t offset) const;

    const microkit_spec::Header* header_ = nullptr;
    const microkit_spec::Object* objects_ = nullptr;
    const microkit_spec::Fill* fills_ = nullptr;
    const microkit_spec::Cap* caps_ = nullptr;
    const microkit_spec::Mapping* mappings_ = nullptr;
    const microkit_spec::Tcb* tcbs_ = nullptr;
    const microkit_spec::Irq* irqs_ = nullptr;
    const microkit_spec::Pd* pds_ = nullptr;
    const char* strings_ = nullptr;
    const uint8_t* data_ = nullptr;
};

// log2 of an object's size in bytes on this architecture, or 0 if the
// kind/size pair is not one this kernel makes.
unsigned object_size_bits(const microkit_spec::Object& object);

}  // namespace initialiser

// SPDX-License-Identifier: BSD-2-Clause
// See serial_server.hpp.
#include "serial_server.hpp"

#include <stdarg.h>

#include <tessera/print.h>

#include "alloc.hpp"

namespace tessera_test::serial_server {

namespace {

constexpr seL4_Word page_bytes = seL4_Word{1} << seL4_PageBits;
// seL4's cap tag of frames (what seL4_DebugCapIdentify returns, sel4-abi.md
// §1.4). Invoking a notification cap with Page_Map would signal it and
// "succeed" (a Call on a notification is a Signal), so the server checks what
// it was given before it maps it.
constexpr seL4_Uint32 frame_cap_tag = 1;

seL4_Word request_label(Request r) { return static_cast<seL4_Word>(r); }

ClientEntry* find_client(Server* s, seL4_Word badge) {
    for (ClientEntry& c : s->clients)
        if (c.connected && c.badge == badge) return &c;
    return nullptr;
}

int free_entry(const Server* s) {
    for (unsigned i = 0; i < max_clients; ++i)
        if (!s->clients[i].connected) return static_cast<int>(i);
    return -1;
}

SharedPage* server_page(const Server* s, const ClientEntry* c) {
    return reinterpret_cast<SharedPage*>(s->window + static_cast<seL4_Word>(c - s->clients) * page_bytes);
}

// Unmaps the client's frame and deletes the server's copy of its cap.
void forget_client(ClientEntry* c) {
    (void)vm::page_unmap(c->frame);
    (void)seL4_CNode_Delete(root_cnode, c->frame, root_depth);
    c->connected = false;
    c->badge = 0;
}

void print_bytes(Server* s, const char* bytes, seL4_Word length) {
    for (seL4_Word i = 0; i < length; ++i) {
        seL4_DebugPutChar(bytes[i]);
        const seL4_Word at = s->captured;
        if (s->capture != nullptr && at < s->capture_size) {
            s->capture[at] = bytes[i];
            s->captured = at + 1;
        }
    }
}

// The answer to one request: label (0 or an seL4_Error) and MR0.
struct Answer {
    seL4_Word label;
    seL4_Word value;
};

Answer connect_client(Server* s, seL4_Word badge, seL4_MessageInfo_t info, int entry) {
    // A cap arrived in the receive slot only if extraCaps counts one that
    // was not unwrapped (a badged endpoint of this server is unwrapped).
    const bool cap_received = entry >= 0 && seL4_MessageInfo_get_extraCaps(info) == 1 &&
                              seL4_MessageInfo_get_capsUnwrapped(info) == 0;
    seL4_Word error = seL4_NoError;
    if (badge == 0) error = seL4_InvalidArgument;
    else if (find_client(s, badge) != nullptr) error = seL4_IllegalOperation;
    else if (entry < 0) error = seL4_NotEnoughMemory;
    else if (!cap_received || seL4_DebugCapIdentify(s->clients[entry].frame) != frame_cap_tag)
        error = seL4_InvalidArgument;
    if (error != seL4_NoError) {
        if (entry >= 0) (void)seL4_CNode_Delete(root_cnode, s->clients[entry].frame, root_depth);
        return {error, 0};
    }
    ClientEntry* c = &s->clients[entry];
    const seL4_Word va = s->window + static_cast<seL4_Word>(entry) * page_bytes;
    if (vm::page_map(c->frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite, vm::default_attributes) !=
        seL4_NoError) {
        (void)seL4_CNode_Delete(root_cnode, c->frame, root_depth);
        return {seL4_InvalidArgument, 0};
    }
    c->badge = badge;
    c->connected = true;
    server_page(s, c)->state = page_connected;
    return {seL4_NoError, static_cast<seL4_Word>(buffer_bytes)};
}

Answer handle(Server* s, seL4_Word badge, seL4_MessageInfo_t info, int entry, bool* end) {
    const seL4_Word label = seL4_MessageInfo_get_label(info);
    if (label == request_label(Request::connect)) return connect_client(s, badge, info, entry);
    // Any other request carries no cap: drop one that came anyway.
    if (entry >= 0 && seL4_MessageInfo_get_extraCaps(info) != 0)
        (void)seL4_CNode_Delete(root_cnode, s->clients[entry].frame, root_depth);
    ClientEntry* c = find_client(s, badge);
    if (c == nullptr) return {seL4_IllegalOperation, 0};
    if (label == request_label(Request::write)) {
        const seL4_Word length = seL4_GetMR(0);
        if (seL4_MessageInfo_get_length(info) < 1 || length > static_cast<seL4_Word>(buffer_bytes))
            return {seL4_RangeError, 0};
        print_bytes(s, server_page(s, c)->data, length);
        return {seL4_NoError, length};
    }
    if (label == request_label(Request::disconnect)) {
        forget_client(c);
        return {seL4_NoError, 0};
    }
    if (label == request_label(Request::kill)) {
        for (ClientEntry& other : s->clients) {
            if (!other.connected) continue;
            server_page(s, &other)->state = page_killed;
            forget_client(&other);
        }
        *end = true;
        return {seL4_NoError, 0};
    }
    return {seL4_IllegalOperation, 0};
}

// The server thread: receive, answer, until killed.
seL4_Word serve(seL4_Word server_address, seL4_Word, seL4_Word, seL4_Word) {
    Server* s = reinterpret_cast<Server*>(server_address);
    for (;;) {
        // A connect's frame cap lands in the slot of the entry it would take.
        const int entry = free_entry(s);
        if (entry >= 0) seL4_SetCapReceivePath(root_cnode, s->clients[entry].frame, root_depth);
        else seL4_SetCapReceivePath(seL4_CapNull, 0, 0);
        seL4_Word badge = 0;
        const seL4_MessageInfo_t info = seL4_Recv(s->endpoint, &badge, s->thread.reply);
        s->requests = s->requests + 1;
        bool end = false;
        const Answer answer = handle(s, badge, info, entry, &end);
        seL4_SetMR(0, answer.value);
        seL4_Send(s->thread.reply, seL4_MessageInfo_new(answer.label, 0, 0, 1));
        if (end) {
            s->running = false;
            return 0;
        }
    }
}

// Calls the server with `request` and MR0 = `value`; the answer's label.
seL4_Word call(Connection* conn, Request request, seL4_Word value, seL4_Word* result) {
    seL4_SetMR(0, value);
    const seL4_MessageInfo_t info =
        seL4_Call(conn->endpoint, seL4_MessageInfo_new(request_label(request), 0, 0, 1));
    if (result != nullptr) *result = seL4_GetMR(0);
    return seL4_MessageInfo_get_label(info);
}

// Whether requests may go to the server now.
bool usable(Connection* conn) {
    if (conn->connected && conn->page->state == page_killed) conn->connected = false;
    return conn->connected;
}

// Sends `length` bytes already in the shared page.
int send_bytes(Connection* conn, long length) {
    seL4_Word printed = 0;
    const seL4_Word label = call(conn, Request::write, static_cast<seL4_Word>(length), &printed);
    if (label != seL4_NoError) return -static_cast<int>(label);
    return static_cast<int>(printed);
}

}  // namespace

Server::~Server() { destroy(this); }

seL4_Error spawn_thread(Env* env, Server* s, seL4_Word priority) {
    if (env == nullptr || s == nullptr) return seL4_InvalidArgument;
    if (priority > seL4_MaxPrio) return seL4_RangeError;
    if (s->spawned) return seL4_IllegalOperation;
    s->spawned = true;
    s->env = env;
    Allocator& a = allocator();
    s->endpoint = a.alloc_object(seL4_EndpointObject, 0);
    bool ok = s->endpoint != 0;
    for (ClientEntry& c : s->clients) {
        c = ClientEntry{};
        c.frame = a.alloc_slot();
        ok = ok && c.frame != 0;
    }
    // The mapping window: a gigabyte above the tests' own window, so its
    // page tables are the server's alone.
    s->window = vm::free_window(30) + (seL4_Word{1} << 30);
    ok = ok && s->tables.cover(s->window);
    ok = ok && create_helper_thread(*env, &s->thread, priority);
    if (!ok) {
        destroy(s);
        return seL4_NotEnoughMemory;
    }
    s->running = true;
    // The server runs at once if its priority is above ours, later otherwise.
    start_helper(*env, &s->thread, serve, reinterpret_cast<seL4_Word>(s));
    return seL4_NoError;
}

seL4_Error mint_endpoint(Server* s, seL4_CPtr* badged_endpoint) {
    if (s == nullptr || badged_endpoint == nullptr) return seL4_InvalidArgument;
    if (!s->spawned || !s->running) return seL4_IllegalOperation;
    if (s->minted_count == max_endpoints) return seL4_NotEnoughMemory;
    const seL4_CPtr slot = allocator().alloc_slot();
    if (slot == 0) return seL4_NotEnoughMemory;
    const seL4_Error e =
        seL4_CNode_Mint(root_cnode, slot, root_depth, root_cnode, s->endpoint, root_depth, seL4_AllRights,
                        s->next_badge);
    if (e != seL4_NoError) {
        allocator().free_slot(slot);
        return e;
    }
    ++s->next_badge;
    s->minted[s->minted_count++] = slot;
    *badged_endpoint = slot;
    return seL4_NoError;
}

void set_capture(Server* s, char* buffer, seL4_Word size) {
    s->capture = buffer;
    s->capture_size = size;
    s->captured = 0;
}

bool server_ended(Server* s) {
    if (!s->spawned || s->running) return false;
    // It answered a kill and has nothing left to do but end: its helper
    // signals `done` (unbadged, so only a Wait can see it) and stops.
    seL4_Wait(s->thread.done, nullptr);
    seL4_Signal(s->thread.done);  // for a later check
    return true;
}

void destroy(Server* s) {
    if (!s->spawned) return;
    Allocator& a = allocator();
    if (s->thread.tcb != 0) (void)seL4_TCB_Suspend(s->thread.tcb);
    for (ClientEntry& c : s->clients) {
        if (c.connected) forget_client(&c);
        a.free_object(c.frame);
        c = ClientEntry{};
    }
    for (unsigned i = s->minted_count; i > 0; --i) a.free_object(s->minted[i - 1]);
    s->minted_count = 0;
    a.free_object(s->endpoint);
    s->endpoint = 0;
    cleanup_helper(*s->env, &s->thread);
    s->running = false;
    s->spawned = false;
}

seL4_Error connect(seL4_CPtr badged_endpoint, seL4_CPtr frame, void* page, Connection* conn) {
    if (badged_endpoint == seL4_CapNull || frame == seL4_CapNull || page == nullptr || conn == nullptr)
        return seL4_InvalidArgument;
    if ((reinterpret_cast<seL4_Word>(page) & (page_bytes - 1)) != 0) return seL4_AlignmentError;
    *conn = Connection{};
    seL4_SetCap(0, frame);
    seL4_SetMR(0, 0);
    const seL4_MessageInfo_t info =
        seL4_Call(badged_endpoint, seL4_MessageInfo_new(request_label(Request::connect), 0, 1, 1));
    const seL4_Word label = seL4_MessageInfo_get_label(info);
    if (label != seL4_NoError) return static_cast<seL4_Error>(label);
    conn->endpoint = badged_endpoint;
    conn->page = static_cast<SharedPage*>(page);
    conn->connected = conn->page->state == page_connected && seL4_GetMR(0) == static_cast<seL4_Word>(buffer_bytes);
    return conn->connected ? seL4_NoError : seL4_IllegalOperation;
}

int printf(Connection* conn, const char* format, ...) {
    if (conn == nullptr || format == nullptr) return -seL4_InvalidArgument;
    if (!usable(conn)) return -seL4_IllegalOperation;
    va_list args;
    va_start(args, format);
    const int length = tessera_vsnprintf(conn->page->data, buffer_bytes, format, args);
    va_end(args);
    if (length < 0) return -seL4_InvalidArgument;
    if (length >= buffer_bytes) return -seL4_RangeError;  // it did not fit with its terminator
    if (length == 0) return 0;
    return send_bytes(conn, length);
}

int write(Connection* conn, const char* bytes, long length) {
    if (conn == nullptr || bytes == nullptr || length < 0) return -seL4_InvalidArgument;
    if (length > buffer_bytes) return -seL4_RangeError;
    if (!usable(conn)) return -seL4_IllegalOperation;
    if (length == 0) return 0;
    __builtin_memcpy(conn->page->data, bytes, static_cast<size_t>(length));
    return send_bytes(conn, length);
}

seL4_Error disconnect(Connection* conn) {
    if (conn == nullptr) return seL4_InvalidArgument;
    if (!usable(conn)) return seL4_IllegalOperation;
    const seL4_Word label = call(conn, Request::disconnect, 0, nullptr);
    conn->connected = false;
    return static_cast<seL4_Error>(label);
}

seL4_Error kill(Connection* conn) {
    if (conn == nullptr) return seL4_InvalidArgument;
    if (!usable(conn)) return seL4_IllegalOperation;
    const seL4_Word label = call(conn, Request::kill, 0, nullptr);
    if (label == seL4_NoError) conn->connected = false;
    return static_cast<seL4_Error>(label);
}

ParentPages::~ParentPages() {
    for (unsigned i = count_; i > 0; --i) allocator().free_object(frames_[i - 1]);
}

void* ParentPages::page(unsigned i) const {
    return reinterpret_cast<void*>(vm::free_window(30) + i * page_bytes);
}

bool ParentPages::make(unsigned count) {
    if (count > max_clients || !tables_.cover(vm::free_window(30))) {
        record_failure(__FILE__, __LINE__, "no page tables for %u client pages", count);
        return false;
    }
    for (count_ = 0; count_ < count; ++count_) {
        frames_[count_] = allocator().alloc_object(vm::small_page_object, 0);
        const seL4_Word va = reinterpret_cast<seL4_Word>(page(count_));
        if (frames_[count_] == 0 || vm::page_map(frames_[count_], seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                                                 vm::default_attributes) != seL4_NoError) {
            record_failure(__FILE__, __LINE__, "could not map a client page at 0x%lx", static_cast<unsigned long>(va));
            if (frames_[count_] != 0) ++count_;
            return false;
        }
    }
    return true;
}

}  // namespace tessera_test::serial_server

// SPDX-License-Identifier: BSD-2-Clause
// A user-level serial server with the shape of seL4_libs' libsel4serialserver
// (sel4test.md §3.4, SERSERV_*): a parent spawns the server as a thread in
// its own CSpace and VSpace at a priority of its choosing and mints badged
// copies of the server's endpoint for its clients. A client (a thread of the
// parent or a process with a CSpace and VSpace of its own) connects by
// handing the server a frame it has mapped: the server maps its copy of the
// frame, and from then on the client's printf / write put the bytes in that
// frame and Call the server, which prints them with seL4_DebugPutChar and
// answers with the count. A client disconnects (the server unmaps the frame
// and forgets the badge); any connected client may kill the server.
//
// Protocol (labels of Request; the server answers every Call, with label 0
// and the result in MR0, or with the seL4_Error as label):
//   connect     extra cap: the client's frame  -> MR0 = buffer_bytes
//   write       MR0 = byte count in the frame  -> MR0 = the count printed
//   disconnect  -                              -> -
//   kill        -                              -> -, then the server ends
//
// Errors. seL4_Error-returning calls give seL4_NoError or:
//   seL4_InvalidArgument  a null pointer or cap; an unbadged endpoint; no
//                         frame cap (seL4_DebugCapIdentify tells), or one
//                         that cannot be mapped, sent with connect;
//   seL4_RangeError       a priority above seL4_MaxPrio;
//   seL4_AlignmentError   a shared page that is not page aligned;
//   seL4_IllegalOperation spawning a server twice, minting from a server
//                         that is not running, a request on a connection
//                         that is not connected (never, disconnected, or
//                         its server killed), connecting a badge twice;
//   seL4_NotEnoughMemory  no object, slot, badge or client entry left.
// printf and write return the number of bytes printed (exactly what was
// asked for) or the negated seL4_Error: -seL4_InvalidArgument for a null
// connection, format or buffer or a negative length, -seL4_RangeError for
// more than buffer_bytes bytes, -seL4_IllegalOperation when not connected.
// A length of 0 prints nothing and returns 0 without calling the server.
//
// A killed server marks every connected client's frame as killed before it
// unmaps it, so their later requests fail in the client library at once
// rather than Calling an endpoint nobody receives on (timeout free). A
// request that was already queued, or one racing with the kill, stays
// blocked until the parent destroys the server (its endpoint goes).
//
// The server thread takes no slots or memory after spawn_thread (the parent
// allocates its receive slots, mapping window and page tables up front), so
// it never races the parent for the test allocator.
#pragma once

#include <stddef.h>

#include <sel4/sel4.h>

#include "test.hpp"
#include "thread.hpp"
#include "vspace.hpp"

namespace tessera_test::serial_server {

enum class Request : seL4_Word { connect = 1, write = 2, disconnect = 3, kill = 4 };

// The shared frame: a header the server writes, then the byte buffer.
struct SharedPage {
    volatile seL4_Word state;
    seL4_Word reserved[7];
    char data[4096 - 8 * sizeof(seL4_Word)];
};
static_assert(sizeof(SharedPage) == (seL4_Word{1} << seL4_PageBits));
inline constexpr long buffer_bytes = sizeof(SharedPage::data);
// SharedPage::state
inline constexpr seL4_Word page_connected = 0x436f6e6e;  // set by the server on connect
inline constexpr seL4_Word page_killed = 0x4b696c6c;     // set by the server when it is killed

inline constexpr unsigned max_clients = 8;     // connections at once
inline constexpr unsigned max_endpoints = 16;  // badged endpoints minted over a server's life

struct ClientEntry {
    seL4_Word badge = 0;
    seL4_CPtr frame = 0;  // the server's slot for the client's frame (empty when not connected)
    bool connected = false;
};

// The parent's handle on a server. Destroyed (thread stopped, every object
// and slot freed) by destroy or at the end of its scope.
struct Server {
    Server() = default;
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server();

    bool spawned = false;
    Env* env = nullptr;
    HelperThread thread;
    seL4_CPtr endpoint = 0;
    seL4_CPtr minted[max_endpoints] = {};
    unsigned minted_count = 0;
    seL4_Word next_badge = 1;
    ClientEntry clients[max_clients];
    seL4_Word window = 0;  // clients[i]'s frame is mapped at window + i pages
    vm::Tables tables;
    // Every byte printed is also appended here while there is room (a test
    // hook: set_capture).
    char* capture = nullptr;
    seL4_Word capture_size = 0;
    volatile seL4_Word captured = 0;
    // Requests received (whatever their outcome): a parent can see that a
    // server stopped answering without waiting for it.
    volatile seL4_Word requests = 0;
    volatile bool running = false;
};

// Parent side.
seL4_Error spawn_thread(Env* env, Server* server, seL4_Word priority);
// A new badged copy of the server's endpoint (each with a badge never handed
// out before) in a slot of the parent's CNode, freed with the server.
seL4_Error mint_endpoint(Server* server, seL4_CPtr* badged_endpoint);
void set_capture(Server* server, char* buffer, seL4_Word size);
// Whether the server thread has ended: false while it serves; after it
// answered a kill, waits for its thread to finish (it has nothing else left
// to do) and gives true.
bool server_ended(Server* server);
void destroy(Server* server);

// Client side (runs in any thread or process holding the caps named).
struct Connection {
    seL4_CPtr endpoint = 0;
    SharedPage* page = nullptr;
    bool connected = false;
};
// `frame` is a cap, in the caller's CSpace, to the frame the caller has
// mapped at `page`.
seL4_Error connect(seL4_CPtr badged_endpoint, seL4_CPtr frame, void* page, Connection* conn);
int printf(Connection* conn, const char* format, ...) __attribute__((format(printf, 2, 3)));
int write(Connection* conn, const char* bytes, long length);
seL4_Error disconnect(Connection* conn);
seL4_Error kill(Connection* conn);

// For tests: fresh frames mapped in the parent's VSpace (the tests' window,
// vm::free_window), for clients that are threads of the parent; unmapped and
// freed at the end of the scope.
class ParentPages {
public:
    ParentPages() = default;
    ParentPages(const ParentPages&) = delete;
    ParentPages& operator=(const ParentPages&) = delete;
    ~ParentPages();
    // `count` pages (at most max_clients); false (and a recorded failure) on failure.
    bool make(unsigned count);
    seL4_CPtr frame(unsigned i) const { return frames_[i]; }
    void* page(unsigned i) const;

private:
    vm::Tables tables_;
    seL4_CPtr frames_[max_clients] = {};
    unsigned count_ = 0;
};

}  // namespace tessera_test::serial_server

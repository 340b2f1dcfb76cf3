// SPDX-License-Identifier: BSD-2-Clause
// sel4test serial_server.c (sel4test.md §3.4, SERSERV_CLIENT_*,
// SERSERV_CLI_PROC_*): the serial server (framework/serial_server.hpp) used
// by several clients at once, threads of the parent (CLIENT) or processes
// with their own CSpace and VSpace (CLI_PROC), at the lowest priority below
// the server at seL4_MaxPrio - 1, as upstream. Each client prints lines that
// name it; the server's captured output must hold every client's lines
// exactly, each line whole, in each client's order.
#include <tessera/print.h>

#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/process.hpp"
#include "../framework/serial_server.hpp"
#include "../framework/test.hpp"
#include "../framework/vspace.hpp"

namespace {

using namespace tessera_test;
namespace ss = tessera_test::serial_server;

constexpr seL4_Word server_priority = seL4_MaxPrio - 1;
constexpr seL4_Word client_priority = seL4_MinPrio;
// Threads: as many as fit beside the test; processes: the framework holds 4 at once.
constexpr unsigned client_threads = 4;
constexpr unsigned client_processes = 3;

enum class Scenario : seL4_Word { connect, printf, write, reconnect, disconnect };

// What a client is given (a global: helper processes share the suite's
// image, so they read it at the same address).
struct ClientParams {
    seL4_CPtr endpoint;
    seL4_CPtr endpoint2;  // for the second connection of Scenario::reconnect
    seL4_CPtr frame;      // in the client's CSpace
    void* page;           // where the client has the frame mapped
    seL4_Word id;
    Scenario scenario;
};
ClientParams client_params[ss::max_clients];

// The lines client `id` prints: "client <id>: <what> <step>\n".
long client_line(char* line, unsigned long size, seL4_Word id, const char* what, int step) {
    return tessera_snprintf(line, size, "client %lu: %s %d\n", static_cast<unsigned long>(id), what, step);
}

// Prints line `step` with printf, then line `step + 1` with write; 0 or the failing line.
seL4_Word print_two(ss::Connection* conn, seL4_Word id, int step) {
    char line[64];
    const long length = client_line(line, sizeof line, id, "printf", step);
    if (ss::printf(conn, "client %lu: %s %d\n", static_cast<unsigned long>(id), "printf", step) != length)
        return __LINE__;
    const long written = client_line(line, sizeof line, id, "write", step + 1);
    if (ss::write(conn, line, written) != written) return __LINE__;
    return 0;
}

// A client's body: 0 when everything went as expected, else the source
// line of the first surprise.
seL4_Word client_main(seL4_Word index, seL4_Word, seL4_Word, seL4_Word) {
    const ClientParams& p = client_params[index];
    ss::Connection conn;
    if (ss::connect(p.endpoint, p.frame, p.page, &conn) != seL4_NoError || !conn.connected) return __LINE__;
    if (static_cast<ss::SharedPage*>(p.page)->state != ss::page_connected) return __LINE__;
    switch (p.scenario) {
    case Scenario::connect:
        return 0;
    case Scenario::printf: {
        char line[64];
        const long length = client_line(line, sizeof line, p.id, "printf", 1);
        return ss::printf(&conn, "client %lu: printf %d\n", static_cast<unsigned long>(p.id), 1) == length ? 0
                                                                                                         : __LINE__;
    }
    case Scenario::write: {
        char line[64];
        const long length = client_line(line, sizeof line, p.id, "write", 1);
        return ss::write(&conn, line, length) == length ? 0 : __LINE__;
    }
    case Scenario::reconnect: {
        if (const seL4_Word failed = print_two(&conn, p.id, 1); failed != 0) return failed;
        ss::Connection stale = conn;
        if (ss::disconnect(&conn) != seL4_NoError) return __LINE__;
        // Refused by the library, and by the server through a stale copy.
        if (ss::write(&conn, "x\n", 2) != -seL4_IllegalOperation) return __LINE__;
        if (ss::write(&stale, "x\n", 2) != -seL4_IllegalOperation) return __LINE__;
        if (ss::connect(p.endpoint2, p.frame, p.page, &conn) != seL4_NoError) return __LINE__;
        return print_two(&conn, p.id, 3);
    }
    case Scenario::disconnect:
        if (ss::disconnect(&conn) != seL4_NoError) return __LINE__;
        if (ss::disconnect(&conn) != seL4_IllegalOperation) return __LINE__;
        if (ss::write(&conn, "x\n", 2) != -seL4_IllegalOperation) return __LINE__;
        return 0;
    }
    return __LINE__;
}

// The lines each client prints in its scenario.
int lines_of(Scenario scenario) {
    switch (scenario) {
    case Scenario::printf:
    case Scenario::write:
        return 1;
    case Scenario::reconnect:
        return 4;
    default:
        return 0;
    }
}

// Line `step` (from 1) of client `id` in `scenario`.
long expected_line(char* line, unsigned long size, Scenario scenario, seL4_Word id, int step) {
    const char* what = scenario == Scenario::write || (scenario == Scenario::reconnect && step % 2 == 0) ? "write"
                                                                                                          : "printf";
    return client_line(line, size, id, what, step);
}

// Every line of the output is the next line of the client it names, and
// every client printed all its lines.
void check_output(const char* output, seL4_Word length, unsigned clients, Scenario scenario) {
    int next[ss::max_clients] = {};
    seL4_Word at = 0;
    while (at < length) {
        seL4_Word end = at;
        while (end < length && output[end] != '\n') ++end;
        if (end == length) {
            record_failure(__FILE__, __LINE__, "output ends in an unfinished line at byte %lu",
                           static_cast<unsigned long>(at));
            return;
        }
        bool matched = false;
        for (unsigned c = 0; c < clients && !matched; ++c) {
            if (next[c] >= lines_of(scenario)) continue;
            char line[64];
            const long n = expected_line(line, sizeof line, scenario, client_params[c].id, next[c] + 1);
            if (static_cast<seL4_Word>(n) == end + 1 - at && __builtin_memcmp(line, output + at, n) == 0) {
                ++next[c];
                matched = true;
            }
        }
        if (!matched) {
            record_failure(__FILE__, __LINE__, "output line at byte %lu is no client's next line",
                           static_cast<unsigned long>(at));
            return;
        }
        at = end + 1;
    }
    for (unsigned c = 0; c < clients; ++c)
        if (next[c] != lines_of(scenario))
            record_failure(__FILE__, __LINE__, "client %u printed %d of its %d lines", c, next[c], lines_of(scenario));
}

char captured[2 * ss::buffer_bytes];

// The tail of SERSERV_CLIENT_005 / CLI_PROC_005: the parent connects and
// kills the server, which must then answer nobody.
void kill_from_parent(ss::Server* server, seL4_CPtr frame, void* page) {
    seL4_CPtr ep = 0;
    test_eq(ss::mint_endpoint(server, &ep), seL4_NoError);
    ss::Connection conn;
    test_eq(ss::connect(ep, frame, page, &conn), seL4_NoError);
    test_eq(ss::kill(&conn), seL4_NoError);
    test_assert(ss::server_ended(server));
    const seL4_Word requests = server->requests;
    test_eq(ss::write(&conn, "x\n", 2), -seL4_IllegalOperation);
    seL4_NBSend(ep, seL4_MessageInfo_new(static_cast<seL4_Word>(ss::Request::write), 0, 0, 1));
    test_eq(server->requests, requests);
}

Result run_threads(Env& env, Scenario scenario, bool then_kill) {
    ss::ParentPages pages;
    test_assert_fatal(pages.make(client_threads + 1));  // the last for the parent
    ss::Server server;
    test_assert_fatal(ss::spawn_thread(&env, &server, server_priority) == seL4_NoError);
    ss::set_capture(&server, captured, sizeof captured);
    Helper clients[client_threads];
    for (unsigned i = 0; i < client_threads; ++i) {
        ClientParams& p = client_params[i];
        p = ClientParams{0, 0, pages.frame(i), pages.page(i), 10 + i, scenario};
        test_eq(ss::mint_endpoint(&server, &p.endpoint), seL4_NoError);
        if (scenario == Scenario::reconnect) test_eq(ss::mint_endpoint(&server, &p.endpoint2), seL4_NoError);
        test_assert_fatal(clients[i].create(env, client_priority));
    }
    for (unsigned i = 0; i < client_threads; ++i) clients[i].start(client_main, i);
    for (unsigned i = 0; i < client_threads; ++i) {
        const seL4_Word failed_at = clients[i].wait();
        if (failed_at != 0) record_failure(__FILE__, __LINE__, "client %u failed at line %lu", i, failed_at);
    }
    check_output(captured, server.captured, client_threads, scenario);
    if (then_kill) kill_from_parent(&server, pages.frame(client_threads), pages.page(client_threads));
    return test_result();
}

// Storage for helper processes, given back at the end of the scope.
struct Processes {
    HelperProcess* p[client_processes] = {};
    Env* env = nullptr;
    ~Processes() {
        for (HelperProcess* process : p)
            if (process != nullptr) {
                cleanup_helper_process(*env, process);
                release_process_storage(process);
            }
    }
};

Result run_processes(Env& env, Scenario scenario, bool then_kill) {
    ss::ParentPages pages;  // the parent's own connection
    test_assert_fatal(pages.make(1));
    ss::Server server;
    test_assert_fatal(ss::spawn_thread(&env, &server, server_priority) == seL4_NoError);
    ss::set_capture(&server, captured, sizeof captured);
    // Each process maps its own frame at the same address of its VSpace.
    const seL4_Word page_va = vm::free_window(30);
    Processes processes;
    processes.env = &env;
    for (unsigned i = 0; i < client_processes; ++i) {
        HelperProcess* process = take_process_storage();
        test_assert_fatal(process != nullptr);
        processes.p[i] = process;
        test_assert_fatal(create_helper_process(env, process, client_priority));
        test_assert_fatal(map_private_page(process, page_va));
        ClientParams& p = client_params[i];
        p = ClientParams{0, 0, process->extra_slots[process->extra_count - 1], reinterpret_cast<void*>(page_va),
                         20 + i, scenario};
        test_eq(ss::mint_endpoint(&server, &p.endpoint), seL4_NoError);
        if (scenario == Scenario::reconnect) test_eq(ss::mint_endpoint(&server, &p.endpoint2), seL4_NoError);
        // The process's CNode gets its caps at the indices they have in ours.
        test_assert_fatal(share_cap(process, p.frame) && share_cap(process, p.endpoint));
        if (scenario == Scenario::reconnect) test_assert_fatal(share_cap(process, p.endpoint2));
    }
    for (unsigned i = 0; i < client_processes; ++i) start_helper(env, &processes.p[i]->thread, client_main, i);
    for (unsigned i = 0; i < client_processes; ++i) {
        const seL4_Word failed_at = wait_for_helper(&processes.p[i]->thread);
        if (failed_at != 0) record_failure(__FILE__, __LINE__, "client %u failed at line %lu", i, failed_at);
    }
    check_output(captured, server.captured, client_processes, scenario);
    if (then_kill) kill_from_parent(&server, pages.frame(0), pages.page(0));
    return test_result();
}

Result test_client_connect(Env& env) { return run_threads(env, Scenario::connect, false); }
Result test_client_printf(Env& env) { return run_threads(env, Scenario::printf, false); }
Result test_client_write(Env& env) { return run_threads(env, Scenario::write, false); }
Result test_client_reconnect(Env& env) { return run_threads(env, Scenario::reconnect, false); }
Result test_client_kill(Env& env) { return run_threads(env, Scenario::disconnect, true); }
Result test_process_connect(Env& env) { return run_processes(env, Scenario::connect, false); }
Result test_process_printf(Env& env) { return run_processes(env, Scenario::printf, false); }
Result test_process_write(Env& env) { return run_processes(env, Scenario::write, false); }
Result test_process_reconnect(Env& env) { return run_processes(env, Scenario::reconnect, false); }
Result test_process_kill(Env& env) { return run_processes(env, Scenario::disconnect, true); }

}  // namespace

DEFINE_TEST(SERSERV_CLIENT_001, "Connect from client threads", test_client_connect, true);
DEFINE_TEST(SERSERV_CLIENT_002, "Printf from client threads", test_client_printf, true);
DEFINE_TEST(SERSERV_CLIENT_003, "Write from client threads", test_client_write, true);
DEFINE_TEST(SERSERV_CLIENT_004,
            "Printf, then write, then reset connection, and Printf, then write again, from client threads",
            test_client_reconnect, true);
DEFINE_TEST(SERSERV_CLIENT_005, "Connect, then disconnect from server on all threads, then kill server from parent thread",
            test_client_kill, true);
DEFINE_TEST(SERSERV_CLI_PROC_001, "Connect to server from a client in another VSpace and CSpace", test_process_connect,
            true);
DEFINE_TEST(SERSERV_CLI_PROC_002, "Connect to server and printf(, true), from a client in another VSpace and CSpace",
            test_process_printf, true);
DEFINE_TEST(SERSERV_CLI_PROC_003, "Connect to server and write(, true), from a client in another VSpace and CSpace",
            test_process_write, true);
DEFINE_TEST(SERSERV_CLI_PROC_004,
            "Connect to server, printf(), write(, true), then disconnect, then reconnect and printf() and write() "
            "again, from clients in other VSpaces and CSpaces",
            test_process_reconnect, true);
DEFINE_TEST(SERSERV_CLI_PROC_005,
            "Connect to server then disconnect on all clients (in different VSpace/CSpace containers), and finally "
            "kill the server from the parent",
            test_process_kill, true);

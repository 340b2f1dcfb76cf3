// SPDX-License-Identifier: BSD-2-Clause
// seL4_libs libsel4serialserver's own tests (sel4test.md §3.4, SERSERV_PARENT_*):
// the serial server (framework/serial_server.hpp) used from the parent
// thread that spawned it. Beyond upstream, the server's output is captured
// and compared byte for byte, a disconnected or killed connection must fail
// at once, and the bad-argument tests expect the documented error values.
#include "../framework/alloc.hpp"
#include "../framework/objects.hpp"
#include "../framework/serial_server.hpp"
#include "../framework/test.hpp"

namespace {

using namespace tessera_test;
namespace ss = tessera_test::serial_server;

constexpr seL4_Word server_priority = seL4_MaxPrio - 1;  // upstream's SERSERV_TEST_PRIO_SERVER
constexpr char test_str[] = "Hello, world!\n";
constexpr long test_length = sizeof test_str - 1;

char captured[4 * ss::buffer_bytes];

bool captured_is(const ss::Server& server, const char* expected, seL4_Word length) {
    return server.captured == length && __builtin_memcmp(captured, expected, length) == 0;
}

// A server with one connection from this thread (connected in `conn`,
// through the page `pages.page(0)`), its output captured.
bool spawn_and_connect(Env& env, ss::Server* server, ss::ParentPages* pages, ss::Connection* conn,
                       unsigned page_count = 1) {
    if (!pages->make(page_count)) return false;
    const seL4_Error spawned = ss::spawn_thread(&env, server, server_priority);
    test_eq(spawned, seL4_NoError);
    if (spawned != seL4_NoError) return false;
    ss::set_capture(server, captured, sizeof captured);
    seL4_CPtr ep = 0;
    test_eq(ss::mint_endpoint(server, &ep), seL4_NoError);
    const seL4_Error connected = ss::connect(ep, pages->frame(0), pages->page(0), conn);
    test_eq(connected, seL4_NoError);
    return connected == seL4_NoError;
}

Result test_server_spawn(Env& env) {
    ss::Server server;
    test_eq(ss::spawn_thread(&env, &server, server_priority), seL4_NoError);
    test_assert(server.running);
    // It is waiting for requests, and has had none.
    test_eq(server.requests, seL4_Word{0});
    test_assert(!ss::server_ended(&server));
    return test_result();
}

Result test_parent_connect(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    test_assert(conn.connected);
    // The server mapped the frame and marked it.
    test_eq(static_cast<ss::SharedPage*>(pages.page(0))->state, ss::page_connected);
    test_eq(server.requests, seL4_Word{1});
    test_eq(server.captured, seL4_Word{0});
    return test_result();
}

Result test_parent_printf(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    test_eq(ss::printf(&conn, "Hello, %s!\n", "world"), test_length);
    test_assert(captured_is(server, test_str, test_length));
    return test_result();
}

Result test_parent_write(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    test_eq(ss::write(&conn, test_str, test_length), test_length);
    test_assert(captured_is(server, test_str, test_length));
    return test_result();
}

Result test_parent_reconnect(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    test_eq(ss::printf(&conn, "1: %s", test_str), test_length + 3);
    test_eq(ss::write(&conn, "2: Hello, world!\n", test_length + 3), test_length + 3);
    const ss::Connection stale = conn;
    test_eq(ss::disconnect(&conn), seL4_NoError);
    test_assert(!conn.connected);
    // Disconnected: the library refuses, and so does the server when asked
    // through a stale copy of the connection (it forgot the badge).
    test_eq(ss::write(&conn, test_str, test_length), -seL4_IllegalOperation);
    ss::Connection copy = stale;
    test_eq(ss::write(&copy, test_str, test_length), -seL4_IllegalOperation);
    test_eq(ss::disconnect(&copy), seL4_IllegalOperation);
    // A new badge, and the same frame, as upstream's test.
    seL4_CPtr ep = 0;
    test_eq(ss::mint_endpoint(&server, &ep), seL4_NoError);
    test_eq(ss::connect(ep, pages.frame(0), pages.page(0), &conn), seL4_NoError);
    test_eq(ss::write(&conn, "3: Hello, world!\n", test_length + 3), test_length + 3);
    test_eq(ss::printf(&conn, "%d: %s", 4, test_str), test_length + 3);
    const char expected[] = "1: Hello, world!\n2: Hello, world!\n3: Hello, world!\n4: Hello, world!\n";
    test_assert(captured_is(server, expected, sizeof expected - 1));
    return test_result();
}

Result test_kill_from_parent(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn, other;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn, 2));
    seL4_CPtr ep = 0;
    test_eq(ss::mint_endpoint(&server, &ep), seL4_NoError);
    test_eq(ss::connect(ep, pages.frame(1), pages.page(1), &other), seL4_NoError);

    test_eq(ss::kill(&conn), seL4_NoError);
    // The server (above our priority) ended before we ran again.
    test_assert(ss::server_ended(&server));
    test_assert(!conn.connected);
    // Every client still connected was told, and fails without calling.
    test_eq(static_cast<ss::SharedPage*>(pages.page(1))->state, ss::page_killed);
    const seL4_Word requests = server.requests;
    test_eq(ss::write(&other, test_str, test_length), -seL4_IllegalOperation);
    test_eq(ss::printf(&conn, "%s", test_str), -seL4_IllegalOperation);
    test_eq(ss::kill(&other), seL4_IllegalOperation);
    // Nobody receives on the endpoint any more: a message sent without
    // blocking is dropped, and the server counts no request.
    seL4_SetMR(0, 0);
    seL4_NBSend(ep, seL4_MessageInfo_new(static_cast<seL4_Word>(ss::Request::write), 0, 0, 1));
    test_eq(server.requests, requests);
    test_eq(server.captured, seL4_Word{0});
    test_eq(ss::mint_endpoint(&server, &ep), seL4_IllegalOperation);
    return test_result();
}

Result test_spawn_thread_inputs(Env& env) {
    const unsigned slots = allocator().slots_in_use();
    {
        ss::Server server;
        test_eq(ss::spawn_thread(nullptr, &server, server_priority), seL4_InvalidArgument);
        test_eq(ss::spawn_thread(&env, nullptr, server_priority), seL4_InvalidArgument);
        test_eq(ss::spawn_thread(&env, &server, seL4_MaxPrio + 1), seL4_RangeError);
        test_eq(ss::spawn_thread(&env, &server, ~seL4_Word{0}), seL4_RangeError);
        // None of them took anything.
        test_assert(!server.spawned);
        test_eq(allocator().slots_in_use(), slots);
        test_eq(ss::spawn_thread(&env, &server, server_priority), seL4_NoError);
        test_eq(ss::spawn_thread(&env, &server, server_priority), seL4_IllegalOperation);
        // The lowest priority is a priority too.
        ss::Server low;
        test_eq(ss::spawn_thread(&env, &low, seL4_MinPrio), seL4_NoError);
    }
    test_eq(allocator().slots_in_use(), slots);
    return test_result();
}

Result test_connect_inputs(Env& env) {
    ss::ParentPages pages;
    test_assert_fatal(pages.make(1));
    ss::Server server;
    seL4_CPtr ep = 0;
    test_eq(ss::mint_endpoint(&server, &ep), seL4_IllegalOperation);  // not spawned
    test_eq(ss::spawn_thread(&env, &server, server_priority), seL4_NoError);
    test_eq(ss::mint_endpoint(nullptr, &ep), seL4_InvalidArgument);
    test_eq(ss::mint_endpoint(&server, nullptr), seL4_InvalidArgument);
    test_eq(ss::mint_endpoint(&server, &ep), seL4_NoError);

    ss::Connection conn;
    const seL4_CPtr frame = pages.frame(0);
    void* const page = pages.page(0);
    // Refused by the library, without a request.
    test_eq(ss::connect(seL4_CapNull, frame, page, &conn), seL4_InvalidArgument);
    test_eq(ss::connect(ep, seL4_CapNull, page, &conn), seL4_InvalidArgument);
    test_eq(ss::connect(ep, frame, nullptr, &conn), seL4_InvalidArgument);
    test_eq(ss::connect(ep, frame, page, nullptr), seL4_InvalidArgument);
    test_eq(ss::connect(ep, frame, static_cast<char*>(page) + 8, &conn), seL4_AlignmentError);
    test_eq(server.requests, seL4_Word{0});
    // Refused by the server: an unbadged endpoint, something that is not a frame.
    test_eq(ss::connect(server.endpoint, frame, page, &conn), seL4_InvalidArgument);
    Owned owned;
    const seL4_CPtr notification = owned.notification();
    test_eq(ss::connect(ep, notification, page, &conn), seL4_InvalidArgument);
    test_eq(server.requests, seL4_Word{2});
    test_assert(!conn.connected);
    // Accepted once per badge.
    test_eq(ss::connect(ep, frame, page, &conn), seL4_NoError);
    ss::Connection again;
    test_eq(ss::connect(ep, frame, page, &again), seL4_IllegalOperation);
    test_assert(!again.connected);
    test_eq(ss::write(&conn, test_str, test_length), test_length);
    return test_result();
}

Result test_printf_inputs(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    const seL4_Word requests = server.requests;
    test_eq(ss::printf(nullptr, "%s", test_str), -seL4_InvalidArgument);
    const char* volatile no_format = nullptr;
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat-security"
    test_eq(ss::printf(&conn, no_format), -seL4_InvalidArgument);  // upstream's printf(&conn, NULL)
#pragma clang diagnostic pop
    ss::Connection never;
    test_eq(ss::printf(&never, "%s", test_str), -seL4_IllegalOperation);
    // Too long for the shared page (it must hold the terminator as well).
    static char long_text[ss::buffer_bytes + 1];
    for (long i = 0; i < ss::buffer_bytes; ++i) long_text[i] = (i % 64 == 63) ? '\n' : '-';
    long_text[ss::buffer_bytes] = '\0';
    test_eq(ss::printf(&conn, "%s", long_text), -seL4_RangeError);
    test_eq(ss::printf(&conn, "%s", ""), 0);
    test_eq(server.requests, requests);
    test_eq(server.captured, seL4_Word{0});
    // The longest that fits.
    long_text[ss::buffer_bytes - 1] = '\0';
    test_eq(ss::printf(&conn, "%s", long_text), ss::buffer_bytes - 1);
    test_assert(captured_is(server, long_text, ss::buffer_bytes - 1));
    return test_result();
}

Result test_write_inputs(Env& env) {
    ss::Server server;
    ss::ParentPages pages;
    ss::Connection conn;
    test_assert_fatal(spawn_and_connect(env, &server, &pages, &conn));
    const seL4_Word requests = server.requests;
    test_eq(ss::write(nullptr, test_str, test_length), -seL4_InvalidArgument);
    test_eq(ss::write(&conn, nullptr, 500), -seL4_InvalidArgument);
    test_eq(ss::write(&conn, test_str, 0), 0);
    test_eq(ss::write(&conn, test_str, -1), -seL4_InvalidArgument);
    static char block[ss::buffer_bytes + 1];
    for (long i = 0; i <= ss::buffer_bytes; ++i) block[i] = (i % 64 == 63) ? '\n' : '=';
    test_eq(ss::write(&conn, block, ss::buffer_bytes + 1), -seL4_RangeError);
    ss::Connection never;
    test_eq(ss::write(&never, test_str, test_length), -seL4_IllegalOperation);
    test_eq(server.requests, requests);
    // The server checks the length itself too.
    seL4_SetMR(0, ss::buffer_bytes + 1);
    const seL4_MessageInfo_t info =
        seL4_Call(conn.endpoint, seL4_MessageInfo_new(static_cast<seL4_Word>(ss::Request::write), 0, 0, 1));
    test_eq(seL4_MessageInfo_get_label(info), seL4_Word{seL4_RangeError});
    test_eq(server.captured, seL4_Word{0});
    // A whole buffer.
    test_eq(ss::write(&conn, block, ss::buffer_bytes), ss::buffer_bytes);
    test_assert(captured_is(server, block, ss::buffer_bytes));
    test_eq(ss::disconnect(&conn), seL4_NoError);
    test_eq(ss::write(&conn, test_str, test_length), -seL4_IllegalOperation);
    return test_result();
}

}  // namespace

DEFINE_TEST(SERSERV_PARENT_001, "Serial server spawn test", test_server_spawn, true);
DEFINE_TEST(SERSERV_PARENT_002, "Test connecting to the server from a parent thread", test_parent_connect, true);
DEFINE_TEST(SERSERV_PARENT_003, "Printf() from a connected parent thread", test_parent_printf, true);
DEFINE_TEST(SERSERV_PARENT_004, "Write() from a connected parent thread", test_parent_write, true);
DEFINE_TEST(SERSERV_PARENT_005,
            "Test printf() and write() from a parent thread when after a connection reset (disconnect/reconnect)",
            test_parent_reconnect, true);
DEFINE_TEST(SERSERV_PARENT_006, "Kill the Server from the Parent thread", test_kill_from_parent, true);
DEFINE_TEST(SERSERV_PARENT_007, "Test a series of unexpected input values to spawn_thread", test_spawn_thread_inputs,
            true);
DEFINE_TEST(SERSERV_PARENT_008, "Test a series of unexpected input values to connect()", test_connect_inputs, true);
DEFINE_TEST(SERSERV_PARENT_009, "Test a series of unexpected input values to printf()", test_printf_inputs, true);
DEFINE_TEST(SERSERV_PARENT_010, "Test a series of unexpected input values to write()", test_write_inputs, true);

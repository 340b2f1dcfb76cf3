// SPDX-License-Identifier: BSD-2-Clause
// Command line of tessera-image: options, file I/O, atomic output.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "image.hpp"

namespace tessera::image {
namespace {

constexpr const char* usage =
    "usage: tessera-image --arch riscv64|aarch64 --kernel KERNEL.elf --root-task ROOT.elf --output IMAGE.elf\n"
    "                     [--ram SIZE] [--device-tree-size BYTES]\n"
    "\n"
    "Packs the kernel and the root task into one ELF that QEMU boots with -kernel:\n"
    "the kernel's PT_LOAD segments, plus a read-only PT_LOAD at the kernel's\n"
    "page-aligned physical end holding a boot payload header and the root task.\n"
    "\n"
    "A root task that cannot boot on the platform is refused: it must fit in the\n"
    "RAM above the boot payload (QEMU virt RAM starts at 0x80000000 on RISC-V, at\n"
    "0x40000000 on AArch64) with its boot data, and its frame caps must fit in the\n"
    "root CNode (4096 slots) with the other boot caps.\n"
    "  --ram SIZE               guest RAM, as QEMU's -m: MiB, or with a K, M, G or T\n"
    "                           suffix (default 512M, what scripts/qemu-run.sh gives)\n"
    "  --device-tree-size BYTES room for the device tree QEMU passes (default 1048576,\n"
    "                           QEMU virt's largest); the kernel copies it to the root task\n"
    "An input larger than the RAM is refused before it is read in full.\n"
    "Exit status: 0 ok, 1 bad input or I/O error, 2 usage error (including an input\n"
    "or output path that is a directory, and an existing --output that is an input\n"
    "or not a regular file).\n";

constexpr int exit_ok = 0, exit_bad_input = 1, exit_usage = 2;

struct Options {
    std::string arch, kernel, root_task, output, ram, device_tree_size;
};

int usage_error(std::ostream& err, const std::string& message) {
    err << "tessera-image: error: " << message << " (try --help)\n";
    return exit_usage;
}

int input_error(std::ostream& err, const std::string& file, const std::string& reason) {
    err << "tessera-image: error: " << file << ": " << reason << "\n";
    return exit_bad_input;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// POSIX I/O rather than iostreams: reading a directory through a filebuf
// throws instead of reporting an error. Every byte of an input ends up in
// the guest's RAM (the kernel's segments, the root task in the boot payload),
// so a file larger than the RAM cannot boot: it is refused by its size
// before it is read, and a file whose size is unknown in advance (a pipe, a
// character device such as /dev/zero) is read only up to that size.
bool read_file(const std::string& path, std::uint64_t limit, std::vector<std::uint8_t>& bytes, std::string& reason) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        reason = std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    const auto too_large = [&](const std::string& size) {
        reason = "the file is " + size + ", larger than the " + std::to_string(limit) +
                 " bytes of guest RAM (--ram) it would have to fit in";
        ::close(fd);
        return false;
    };
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit)
        return too_large(std::to_string(st.st_size) + " bytes");
    bytes.clear();
    std::uint8_t buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            reason = std::string("cannot read: ") + std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        if (static_cast<std::uint64_t>(n) > limit - bytes.size())
            return too_large("more than " + std::to_string(limit) + " bytes");
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    ::close(fd);
    if (bytes.empty()) {
        reason = "the file is empty (0 bytes), not an ELF executable";
        return false;
    }
    return true;
}

// Writes `bytes` to a temporary file beside `path`, then renames it, so a
// failure never leaves a partial image.
bool write_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes, std::string& reason) {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        reason = std::string("cannot create: ") + std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            reason = std::string("cannot write: ") + std::strerror(n < 0 ? errno : EIO);
            ::close(fd);
            ::unlink(temporary.c_str());
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        reason = std::string("cannot write: ") + std::strerror(errno);
        ::unlink(temporary.c_str());
        return false;
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        reason = std::string("cannot rename the temporary file: ") + std::strerror(errno);
        ::unlink(temporary.c_str());
        return false;
    }
    return true;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Options options;
    struct Known {
        const char* name;
        std::string Options::*field;
    };
    const Known known[] = {{"--arch", &Options::arch},
                           {"--kernel", &Options::kernel},
                           {"--root-task", &Options::root_task},
                           {"--output", &Options::output},
                           {"--ram", &Options::ram},
                           {"--device-tree-size", &Options::device_tree_size}};
    const std::size_t required = 4;  // the first four
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            out << usage;
            return exit_ok;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        const Known* option = nullptr;
        for (const Known& k : known)
            if (name == k.name) option = &k;
        if (option == nullptr) return usage_error(err, "unknown argument '" + arg + "'");
        std::string value;
        if (equals != std::string::npos) {
            value = arg.substr(equals + 1);
        } else {
            if (i + 1 == args.size()) return usage_error(err, "option " + name + " needs a value");
            value = args[++i];
        }
        if (value.empty()) return usage_error(err, "option " + name + " needs a value");
        std::string& field = options.*(option->field);
        if (!field.empty()) return usage_error(err, "option " + name + " given twice");
        field = value;
    }
    for (std::size_t i = 0; i < required; ++i)
        if ((options.*(known[i].field)).empty()) return usage_error(err, std::string("missing ") + known[i].name);
    const auto arch = parse_arch(options.arch);
    if (!arch) return usage_error(err, "unknown arch '" + options.arch + "' (expected riscv64 or aarch64)");
    Platform platform;
    if (!options.ram.empty()) {
        const auto ram = parse_ram_size(options.ram);
        if (!ram)
            return usage_error(err, "--ram '" + options.ram + "' is not a size (e.g. 512M, 2G, or MiB as a number)");
        platform.ram_size = *ram;
    }
    if (!options.device_tree_size.empty()) {
        const auto size = parse_byte_count(options.device_tree_size);
        if (!size || *size > max_device_tree_size)
            return usage_error(err, "--device-tree-size '" + options.device_tree_size +
                                        "' is not a number of bytes up to " + std::to_string(max_device_tree_size) +
                                        " (the most the kernel reads)");
        platform.device_tree_size = *size;
    }
    // A directory is a mistake in the command line, not a bad file.
    const struct {
        const char* option;
        const std::string& path;
    } paths[] = {{"--kernel", options.kernel}, {"--root-task", options.root_task}, {"--output", options.output}};
    for (const auto& p : paths) {
        if (is_directory(p.path)) {
            err << "tessera-image: error: " << p.option << " '" << p.path << "' is a directory"
                << (std::string(p.option) == "--output" ? ", not an image file name\n" : ", not an ELF file\n");
            return exit_usage;
        }
    }

    // The output is replaced (or, on failure, removed): it must be a file of
    // its own. Replacing a device such as /dev/null, or deleting an input
    // named twice, would destroy something that is not an image.
    struct stat output_status {};
    if (::stat(options.output.c_str(), &output_status) == 0) {
        if (!S_ISREG(output_status.st_mode))
            return usage_error(err, "--output '" + options.output + "' exists and is not a regular file");
        for (const auto& p : paths) {
            struct stat input_status {};
            if (&p.path != &options.output && ::stat(p.path.c_str(), &input_status) == 0 &&
                input_status.st_dev == output_status.st_dev && input_status.st_ino == output_status.st_ino)
                return usage_error(err, "--output '" + options.output + "' is the " + p.option + " file");
        }
    }

    // From here on, failures must not leave an output file behind, not even
    // a stale one from an earlier run (as compilers delete theirs).
    const auto fail = [&](const std::string& file, const std::string& reason) {
        ::unlink(options.output.c_str());
        return input_error(err, file, reason);
    };
    std::vector<std::uint8_t> kernel, root_task;
    std::string reason;
    if (!read_file(options.kernel, platform.ram_size, kernel, reason)) return fail(options.kernel, reason);
    if (!read_file(options.root_task, platform.ram_size, root_task, reason)) return fail(options.root_task, reason);
    const PackResult packed = pack(*arch, kernel, options.kernel, root_task, options.root_task, platform);
    if (!packed.ok()) return fail(packed.error_file, packed.error);
    if (!write_atomically(options.output, packed.image, reason)) return fail(options.output, reason);
    return exit_ok;
}

}  // namespace tessera::image

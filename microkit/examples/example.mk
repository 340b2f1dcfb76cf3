# SPDX-License-Identifier: BSD-2-Clause
#
# What every example's Makefile shares: the SDK, board and toolchain, the
# rules from C sources to PD ELFs, and the microkit tool's run. An example's
# Makefile sets PROGRAMS (the PD ELFs, one per <name>.c) and SYSTEM (its
# system description), then includes this file.
#
#   make BUILD_DIR=<dir> MICROKIT_SDK=<sdk> MICROKIT_BOARD=<board> MICROKIT_CONFIG=<config> \
#        [LLVM=True] [TOOLCHAIN=<gcc triple, e.g. aarch64-linux-gnu>]
#
# Targets: all (default: the programs, then loader.img and report.txt from the
# microkit tool), elfs (the programs only), qemu (boot loader.img), clean.

# --- SDK, board and toolchain ---------------------------------------------------------------------
ifeq ($(strip $(BUILD_DIR)),)
$(error BUILD_DIR must be specified)
endif
ifeq ($(strip $(MICROKIT_SDK)),)
$(error MICROKIT_SDK must be specified)
endif
ifeq ($(strip $(MICROKIT_BOARD)),)
$(error MICROKIT_BOARD must be specified)
endif
ifeq ($(strip $(MICROKIT_CONFIG)),)
$(error MICROKIT_CONFIG must be specified)
endif

EXAMPLE_DIR := $(dir $(abspath $(firstword $(MAKEFILE_LIST))))
BOARD_DIR := $(MICROKIT_SDK)/board/$(MICROKIT_BOARD)/$(MICROKIT_CONFIG)
GEN_CONFIG := $(BOARD_DIR)/include/kernel/gen_config.h
ifeq ($(wildcard $(GEN_CONFIG)),)
$(error board '$(MICROKIT_BOARD)' with configuration '$(MICROKIT_CONFIG)' is not in the SDK $(MICROKIT_SDK) (no $(GEN_CONFIG)))
endif
MICROKIT_TOOL := $(MICROKIT_SDK)/bin/microkit
ifeq ($(wildcard $(EXAMPLE_DIR)$(SYSTEM)),)
$(error this example has no system description for board '$(MICROKIT_BOARD)' (no $(SYSTEM)))
endif

# The SDK's kernel configuration names the architecture: "#define CONFIG_SEL4_ARCH  <arch>".
ARCH := $(shell grep 'CONFIG_SEL4_ARCH  ' $(GEN_CONFIG) | cut -d' ' -f4)
ifeq ($(ARCH),aarch64)
TARGET_TRIPLE := aarch64-none-elf
GCC_TRIPLES := aarch64-none-elf aarch64-linux-gnu aarch64-unknown-linux-gnu
CFLAGS_ARCH := -mstrict-align
QEMU_COMMAND := qemu-system-aarch64 -machine virt,virtualization=on -cpu cortex-a53 -nographic \
                -serial mon:stdio -device loader,file=$(BUILD_DIR)/loader.img,addr=0x70000000,cpu-num=0 -m size=2G
else ifeq ($(ARCH),riscv64)
TARGET_TRIPLE := riscv64-unknown-elf
GCC_TRIPLES := riscv64-unknown-elf riscv64-linux-gnu riscv64-unknown-linux-gnu
CFLAGS_ARCH := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d
QEMU_COMMAND := qemu-system-riscv64 -machine virt -nographic -serial mon:stdio -kernel $(BUILD_DIR)/loader.img -m size=2G
else
$(error unsupported architecture '$(ARCH)' in $(GEN_CONFIG))
endif

have_command = $(shell command -v $(1) 2>/dev/null)
ifeq ($(strip $(LLVM)),True)
# Debian installs clang and ld.lld as clang-<N>/ld.lld-<N>, not always under the plain names:
# take the newest pair there is, else the plain names.
LLVM_SUFFIX := $(firstword $(foreach v,19 18 17 16 15,$(if $(and $(call have_command,clang-$(v)),$(call have_command,ld.lld-$(v))),-$(v))))
ifeq ($(LLVM_SUFFIX)$(and $(call have_command,clang),$(call have_command,ld.lld)),)
$(error LLVM=True: no clang and ld.lld found on PATH)
endif
CC := clang$(LLVM_SUFFIX) -target $(TARGET_TRIPLE)
LD := ld.lld$(LLVM_SUFFIX)
else
ifeq ($(strip $(TOOLCHAIN)),)
TOOLCHAIN := $(firstword $(foreach t,$(GCC_TRIPLES),$(if $(call have_command,$(t)-gcc),$(t))))
ifeq ($(TOOLCHAIN),)
$(error no GCC for $(ARCH) found (tried $(GCC_TRIPLES:=-gcc)): set TOOLCHAIN=<triple> or LLVM=True)
endif
endif
CC := $(TOOLCHAIN)-gcc
LD := $(TOOLCHAIN)-ld
endif

CFLAGS := -nostdlib -ffreestanding -g -O2 -Wall -Wno-unused-function -Werror $(CFLAGS_ARCH) \
          -I$(BOARD_DIR)/include -I$(EXAMPLE_DIR)
LDFLAGS := -L$(BOARD_DIR)/lib
LIBS := -lmicrokit -Tmicrokit.ld

vpath %.c $(EXAMPLE_DIR)
IMAGE_FILE := $(BUILD_DIR)/loader.img
REPORT_FILE := $(BUILD_DIR)/report.txt
ELFS := $(addprefix $(BUILD_DIR)/,$(PROGRAMS))

.PHONY: all elfs qemu clean
# The objects are kept (make would delete them as intermediate files).
.SECONDARY: $(ELFS:.elf=.o)
all: $(IMAGE_FILE)
elfs: $(ELFS)

$(BUILD_DIR):
	mkdir -p $@

$(BUILD_DIR)/%.o: %.c $(wildcard $(EXAMPLE_DIR)*.h) $(MAKEFILE_LIST) | $(BUILD_DIR)
	$(CC) -c $(CFLAGS) $< -o $@

$(BUILD_DIR)/%.elf: $(BUILD_DIR)/%.o
	$(LD) $(LDFLAGS) $^ $(LIBS) -o $@

$(IMAGE_FILE): $(ELFS) $(EXAMPLE_DIR)$(SYSTEM)
	@test -x $(MICROKIT_TOOL) || { echo "$(MICROKIT_TOOL) does not exist: this SDK has no microkit tool" >&2; exit 1; }
	$(MICROKIT_TOOL) $(EXAMPLE_DIR)$(SYSTEM) --search-path $(BUILD_DIR) --board $(MICROKIT_BOARD) \
	    --config $(MICROKIT_CONFIG) -o $(IMAGE_FILE) -r $(REPORT_FILE)

$(REPORT_FILE): $(IMAGE_FILE)

qemu: $(IMAGE_FILE)
	$(QEMU_COMMAND)

clean:
	rm -f $(ELFS) $(ELFS:.elf=.o) $(IMAGE_FILE) $(REPORT_FILE)

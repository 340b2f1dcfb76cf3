// SPDX-License-Identifier: BSD-2-Clause
// What the tool writes beside the image: the text report (Microkit's
// sections: initial task, IRQs, TCBs, CNodes, kernel objects; "not machine
// readable, may change") and the system graph as SVG.
#pragma once

#include <cstdint>
#include <string>

#include "board.hpp"
#include "planner.hpp"
#include "sdf/model.hpp"

namespace microkit {

std::string write_report(const Board& board, const sdf::SystemDescription& system, const Plan& plan,
                         std::uint64_t spec_size, std::uint64_t initial_task_size);
std::string write_graph(const sdf::SystemDescription& system);

}  // namespace microkit

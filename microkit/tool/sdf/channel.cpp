// SPDX-License-Identifier: BSD-2-Clause
// <channel> and its two <end>s (reference/microkit.md §1.9). Channels name
// PDs, so they are read after every PD.
#include <string>
#include <vector>

#include "parser.hpp"

namespace microkit::sdf {

namespace {

bool parse_end(Parser& parser, pugi::xml_node element, ChannelEnd& end) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {"pd", "id", "pp", "notify", "setvar_id"}) ||
        !reader.check_no_children(element)) {
        return false;
    }
    end.position = reader.position(element);
    std::string id_text;
    if (!reader.required(element, "pd", end.pd) || !reader.required(element, "id", id_text)) return false;
    std::int64_t id = 0;
    if (!reader.decimal_signed(element, "id", id_text, id)) return false;
    if (id > static_cast<std::int64_t>(kMaxChannelId)) {
        return reader.value_error(element, "id must be < " + std::to_string(kMaxChannelId + 1));
    }
    if (id < 0) return reader.value_error(element, "id must be >= 0");
    end.id = static_cast<std::uint64_t>(id);
    if (!reader.optional_bool(element, "notify", end.notify) || !reader.optional_bool(element, "pp", end.pp)) {
        return false;
    }
    if (!find_pd(parser.system, end.pd)) return reader.value_error(element, "invalid PD name '" + end.pd + "'");
    end.setvar_id = reader.optional_string(element, "setvar_id");
    return true;
}

}  // namespace

bool parse_channel(Parser& parser, pugi::xml_node element) {
    Reader& reader = parser.reader;
    if (!reader.check_attributes(element, {})) return false;
    std::vector<std::pair<ChannelEnd, pugi::xml_node>> ends;
    for (pugi::xml_node child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        if (std::string_view(child.name()) != "end") return reader.invalid_element(child);
        ChannelEnd end;
        if (!parse_end(parser, child, end)) return false;
        ends.emplace_back(std::move(end), child);
    }
    if (ends.size() != 2) return reader.value_error(element, "exactly two end elements must be specified");
    if (ends[0].first.pp && ends[1].first.pp) return reader.value_error(element, "cannot ppc bidirectionally");
    Channel channel;
    channel.position = reader.position(element);
    for (std::size_t i = 0; i < 2; ++i) {
        // The id is patched into the PD at this end.
        const ChannelEnd& end = ends[i].first;
        if (end.setvar_id && !add_symbol(parser, *find_pd(parser.system, end.pd), *end.setvar_id, ends[i].second)) {
            return false;
        }
        channel.ends[i] = std::move(ends[i].first);
    }
    parser.system.channels.push_back(std::move(channel));
    return true;
}

}  // namespace microkit::sdf

// SPDX-License-Identifier: BSD-2-Clause
// The system graph (report.hpp): protection domains on a circle (children
// drawn inside their parent's colour), channels between them (solid: can
// notify; an arrow head: PPC towards the callee), shared memory regions on
// an outer ring joined to every PD that maps them, and each PD's IRQs.
#include <cmath>
#include <set>
#include <sstream>

#include "report.hpp"

namespace microkit {
namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

struct Point {
    double x, y;
};

Point on_circle(std::size_t i, std::size_t n, double radius, double centre) {
    const double angle = n == 0 ? 0 : 2 * 3.14159265358979 * static_cast<double>(i) / static_cast<double>(n) - 1.5708;
    return {centre + radius * std::cos(angle), centre + radius * std::sin(angle)};
}

}  // namespace

std::string write_graph(const sdf::SystemDescription& system) {
    const std::size_t pds = system.pds.size();
    std::set<std::string> mapped;
    for (const sdf::ProtectionDomain& pd : system.pds)
        for (const sdf::Map& map : pd.maps) mapped.insert(map.mr);
    std::vector<std::string> regions(mapped.begin(), mapped.end());
    const double size = 760, centre = size / 2, pd_radius = pds > 1 ? 220 : 0, mr_radius = 330;
    std::vector<Point> pd_at(pds);
    for (std::size_t i = 0; i < pds; ++i) pd_at[i] = on_circle(i, pds, pd_radius, centre);
    const auto index_of = [&](const std::string& name) {
        for (std::size_t i = 0; i < pds; ++i)
            if (system.pds[i].name == name) return i;
        return std::size_t{0};
    };

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << size << "\" height=\"" << size
        << "\" viewBox=\"0 0 " << size << ' ' << size << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        << "<defs><marker id=\"ppc\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
           "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b03030\"/></marker></defs>\n"
        << "<title>system graph</title>\n";
    // Shared memory: a line from each region to each PD mapping it.
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const Point at = on_circle(r, regions.size(), mr_radius, centre);
        for (std::size_t i = 0; i < pds; ++i)
            for (const sdf::Map& map : system.pds[i].maps)
                if (map.mr == regions[r])
                    svg << "<line class=\"map\" x1=\"" << at.x << "\" y1=\"" << at.y << "\" x2=\"" << pd_at[i].x
                        << "\" y2=\"" << pd_at[i].y << "\" stroke=\"#7a9a7a\" stroke-dasharray=\"4 3\"/>\n";
        svg << "<g class=\"memory_region\"><ellipse cx=\"" << at.x << "\" cy=\"" << at.y
            << "\" rx=\"55\" ry=\"16\" fill=\"#e8f4e8\" stroke=\"#4a7a4a\"/><text x=\"" << at.x << "\" y=\""
            << at.y + 4 << "\" text-anchor=\"middle\">" << escape(regions[r]) << "</text></g>\n";
    }
    // Channels.
    for (const sdf::Channel& channel : system.channels) {
        const std::size_t a = index_of(channel.ends[0].pd), b = index_of(channel.ends[1].pd);
        const bool a_calls = channel.ends[0].pp, b_calls = channel.ends[1].pp;
        const Point from = b_calls ? pd_at[b] : pd_at[a];
        const Point to = b_calls ? pd_at[a] : pd_at[b];
        svg << "<line class=\"channel\" x1=\"" << from.x << "\" y1=\"" << from.y << "\" x2=\"" << to.x << "\" y2=\""
            << to.y << "\" stroke=\"" << (a_calls || b_calls ? "#b03030" : "#303030") << "\" stroke-width=\"2\""
            << (a_calls || b_calls ? " marker-end=\"url(#ppc)\"" : "") << "><title>" << escape(channel.ends[0].pd)
            << " id " << channel.ends[0].id << " - " << escape(channel.ends[1].pd) << " id " << channel.ends[1].id
            << "</title></line>\n";
    }
    // PDs last, on top.
    for (std::size_t i = 0; i < pds; ++i) {
        const sdf::ProtectionDomain& pd = system.pds[i];
        const Point at = pd_at[i];
        svg << "<g class=\"protection_domain\"><rect x=\"" << at.x - 70 << "\" y=\"" << at.y - 24
            << "\" width=\"140\" height=\"48\" rx=\"6\" fill=\"" << (pd.parent ? "#eef0ff" : "#ffffff")
            << "\" stroke=\"#303060\"" << (pd.passive ? " stroke-dasharray=\"6 3\"" : "") << "/><text x=\"" << at.x
            << "\" y=\"" << at.y - 4 << "\" text-anchor=\"middle\" font-weight=\"bold\">" << escape(pd.name)
            << "</text><text x=\"" << at.x << "\" y=\"" << at.y + 12 << "\" text-anchor=\"middle\">prio "
            << pd.priority << (pd.passive ? ", passive" : "");
        if (pd.parent) svg << ", child of " << escape(system.pds[*pd.parent].name);
        svg << "</text>";
        for (std::size_t k = 0; k < pd.irqs.size(); ++k)
            svg << "<text class=\"irq\" x=\"" << at.x + 74 << "\" y=\"" << at.y - 10 + 12 * static_cast<double>(k)
                << "\" fill=\"#a06000\">IRQ " << pd.irqs[k].irq << " (id " << pd.irqs[k].id << ")</text>";
        svg << "</g>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace microkit

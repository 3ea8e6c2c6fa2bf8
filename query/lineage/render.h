// Renderings of a lineage for people and for other systems: a text tree (terminal), Graphviz DOT,
// SVG laid out by Graphviz (libgvc, in process) and EAC-CPF 2010 XML for archival systems.
#pragma once
#include <string>

#include "query/lineage/lineage.h"
#include "store/status.h"

namespace sanding::lineage {

// The graph as a text tree for a terminal (Chinese): predecessors above the subject, successors
// below, each line "名称（起止）" with the event type and date linking it; related bodies and duty
// transfers indented under the body they concern.
std::string RenderTree(const Lineage& lineage);

// Graphviz DOT (UTF-8, rankdir=LR): one node per body labelled with its names and lifetime, the
// subject highlighted; one edge per Edge labelled "类型 日期" (duty transfers dashed, with the
// duty); node ids are quoted institution ids.
std::string RenderDot(const Lineage& lineage);

// SVG laid out by Graphviz's dot engine from RenderDot's graph. Well-formed XML naming every
// body. Error when Graphviz fails (its message, in Chinese).
Result<std::string> RenderSvg(const Lineage& lineage);

// EAC-CPF 2010 (urn:isbn:1-931666-33-4) for the subject: control (recordId, maintenanceStatus,
// maintenanceAgency, maintenanceHistory), cpfDescription (identity with every name and its
// dates, description with existDates, functions from the current duties), relations
// (cpfRelation temporal-earlier / temporal-later for predecessors / successors,
// hierarchical-parent / hierarchical-child for supervising / supervised bodies, each with its
// dateRange and a descriptiveNote naming the event and its source). `agency` names the
// maintaining agency; `record_time` is the maintenanceEvent's ISO 8601 date-time.
std::string RenderEacCpf(const Lineage& lineage, const std::string& agency,
                         const std::string& record_time);

}  // namespace sanding::lineage

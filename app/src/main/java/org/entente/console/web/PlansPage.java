package org.entente.console.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Plans;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Contingency plans and the resource registry: what the full members offered, per plan and summed over
 * every plan this caller sees (per resource type and unit: total quantity, how many participants offer
 * it, the fastest readiness). One plan's page lists each offer and the plan's totals.
 */
@Controller
class PlansPage {

    /** A registry line: one resource type and unit over all visible plans. */
    record Resource(String type, String unit, BigDecimal quantity, List<String> participants, int fastestHours, List<String> plans) {
    }

    private final Plans plans;

    PlansPage(Plans plans) {
        this.plans = plans;
    }

    @SuppressWarnings("unchecked")
    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/plans", produces = MediaType.TEXT_HTML_VALUE)
    String registry(Caller caller, Model model) {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Resource> registry = new TreeMap<>();
        for (Map<String, Object> summary : plans.list(caller)) {
            long id = ((Number) summary.get("id")).longValue();
            Map<String, Object> plan = CoordinationCalls.read(() -> plans.view(caller, id));
            all.add(plan);
            for (Map<String, Object> r : (List<Map<String, Object>>) plan.get("resources")) {
                String type = String.valueOf(r.get("type"));
                String unit = String.valueOf(r.get("unit"));
                Resource before = registry.get(type + "\u0000" + unit);
                BigDecimal quantity = (BigDecimal) r.get("quantity");
                String participant = String.valueOf(r.get("participant"));
                String planName = String.valueOf(plan.get("name"));
                int hours = ((Number) r.get("readiness_hours")).intValue();
                if (before == null) {
                    registry.put(type + "\u0000" + unit, new Resource(type, unit, quantity, new ArrayList<>(List.of(participant)), hours,
                            new ArrayList<>(List.of(planName))));
                } else {
                    if (!before.participants().contains(participant)) {
                        before.participants().add(participant);
                    }
                    if (!before.plans().contains(planName)) {
                        before.plans().add(planName);
                    }
                    registry.put(type + "\u0000" + unit, new Resource(type, unit, before.quantity().add(quantity), before.participants(),
                            Math.min(before.fastestHours(), hours), before.plans()));
                }
            }
        }
        model.addAttribute("plans", all);
        model.addAttribute("registry", List.copyOf(registry.values()));
        model.addAttribute("section", "plans");
        return "console/coordination-plans";
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/plans/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String plan(@PathVariable String id, Caller caller, Model model) {
        long plan = CoordinationCalls.id(id);
        model.addAttribute("plan", CoordinationCalls.read(() -> plans.view(caller, plan)));
        model.addAttribute("section", "plans");
        return "console/coordination-plan";
    }
}

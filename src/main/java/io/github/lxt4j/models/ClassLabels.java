package io.github.lxt4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes of a classifier head, read from the config's {@code id2label} (class index → name, HF's form with
 * string keys) or, without one, {@code num_labels} classes named {@code LABEL_i} as HF names them.
 *
 * @param names the class names, by index
 * @param problem how the logits turn into a distribution ({@code problem_type})
 */
public record ClassLabels(List<String> names, Problem problem) {

    /** HF's {@code problem_type}: how a label distribution is read from the logits. */
    public enum Problem {
        /** softmax over the classes (HF's default, {@code single_label_classification}). */
        SINGLE_LABEL,
        /** a sigmoid per class ({@code multi_label_classification}). */
        MULTI_LABEL,
        /** the logits are the prediction ({@code regression}). */
        REGRESSION
    }

    public ClassLabels {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs at least one class");
        }
    }

    /**
     * {@code id2label} of {@code c}, else {@code num_labels} (HF's default 2) classes {@code LABEL_i}.
     *
     * @throws ConfigException naming the file when the keys are not 0..n−1 or {@code num_labels} disagrees with
     *     {@code id2label} (a repeated name is allowed: ImageNet's id2label has two "crane" classes)
     */
    public static ClassLabels parse(JsonConfig c) {
        Problem problem = problem(c);
        if (!c.has("id2label") || c.isNull("id2label")) {
            int n = c.optInt("num_labels", 2);
            ConfigChecks.positive(c, "num_labels", n);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("LABEL_" + i);
            }
            return new ClassLabels(names, problem);
        }
        JsonNode node = c.raw("id2label");
        if (!node.isObject() || node.isEmpty()) {
            throw new ConfigException(c.source() + ": field 'id2label' must be a non-empty object {\"0\": name, ...},"
                    + " found " + node);
        }
        Map<Integer, String> byIndex = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int index;
            try {
                index = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw new ConfigException(c.source() + ": 'id2label' key '" + e.getKey() + "' is not a class index");
            }
            byIndex.put(
                    index,
                    e.getValue().isTextual()
                            ? e.getValue().asText()
                            : e.getValue().toString());
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
            if (e.getKey() != names.size()) {
                throw new ConfigException(c.source() + ": 'id2label' must number the classes 0.." + (byIndex.size() - 1)
                        + ", found the keys " + byIndex.keySet());
            }
            names.add(e.getValue());
        }
        if (c.has("num_labels") && !c.isNull("num_labels") && c.requireInt("num_labels") != names.size()) {
            throw new ConfigException(c.source() + ": 'num_labels' = " + c.requireInt("num_labels") + " but 'id2label'"
                    + " names " + names.size() + " classes");
        }
        return new ClassLabels(names, problem);
    }

    private static Problem problem(JsonConfig c) {
        if (!c.has("problem_type") || c.isNull("problem_type")) {
            return Problem.SINGLE_LABEL;
        }
        String p = c.requireString("problem_type");
        switch (p) {
            case "single_label_classification":
                return Problem.SINGLE_LABEL;
            case "multi_label_classification":
                return Problem.MULTI_LABEL;
            case "regression":
                return Problem.REGRESSION;
            default:
                throw new ConfigException(c.source() + ": field 'problem_type' is '" + p + "'; expected"
                        + " single_label_classification, multi_label_classification or regression");
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    /** The index of the first class named {@code name} (exactly, then ignoring case), or −1. */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).equalsIgnoreCase(name)) {
                return j;
            }
        }
        return -1;
    }

    /** The label distribution of one row of logits: softmax, a sigmoid per class, or the logits (regression). */
    public double[] probabilities(double[] logits) {
        double[] p = new double[logits.length];
        switch (problem) {
            case MULTI_LABEL:
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-logits[i]));
                }
                return p;
            case REGRESSION:
                return logits.clone();
            default:
                double max = Double.NEGATIVE_INFINITY;
                for (double l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.exp(logits[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] /= sum;
                }
                return p;
        }
    }
}

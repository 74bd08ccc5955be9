package dev.specter.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The simulated site's durable memory, so its VMs outlive a Specter crash as a real cloud's would:
 * an append-only JSON-lines journal, forced to disk before a call returns, folded into a snapshot
 * when it grows. A torn last line (a crash mid-write) is ignored: that call never returned.
 */
final class SimJournal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMPACT_AFTER = 20_000;
    private final Path journal;
    private final Path snapshot;
    private FileChannel channel;
    private int lines;

    /** What replaying the files gives back. */
    record State(Map<String, SimVm> vms, Map<String, Map<String, String>> keys) {
    }

    SimJournal(Path dir, String site) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.journal = dir.resolve(site + ".journal");
        this.snapshot = dir.resolve(site + ".snapshot.json");
    }

    /** Replays the files and opens the journal for appending. */
    State load() {
        State s = read();
        try {
            channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated cloud's journal " + journal, e);
        }
        return s;
    }

    /** Replays the files without touching them (another process may be writing them). */
    State read() {
        Map<String, SimVm> vms = new HashMap<>();
        Map<String, Map<String, String>> keys = new HashMap<>();
        try {
            if (Files.exists(snapshot)) {
                JsonNode snap = JSON.readTree(snapshot.toFile());
                snap.path("vms").forEach(v -> {
                    SimVm vm = vm(v);
                    vms.put(vm.token(), vm);
                });
                snap.path("keys").fields().forEachRemaining(a -> a.getValue().fields().forEachRemaining(
                        k -> keys.computeIfAbsent(a.getKey(), x -> new HashMap<>()).put(k.getKey(), k.getValue().asText())));
            }
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    JsonNode op;
                    try {
                        op = JSON.readTree(line);
                    } catch (IOException torn) {
                        break;
                    }
                    if (op == null) {
                        break;
                    }
                    apply(op, vms, keys);
                    lines++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated cloud's state in " + journal.getParent(), e);
        }
        return new State(vms, keys);
    }

    void launched(Collection<SimVm> created) {
        ObjectNode op = JSON.createObjectNode().put("op", "launch");
        ArrayNode arr = op.putArray("vms");
        created.forEach(vm -> arr.add(json(vm)));
        append(op);
    }

    void terminated(List<String> tokens, long at) {
        ObjectNode op = JSON.createObjectNode().put("op", "terminate").put("at", at);
        ArrayNode arr = op.putArray("tokens");
        tokens.forEach(arr::add);
        append(op);
    }

    void forgotten(List<String> tokens) {
        ObjectNode op = JSON.createObjectNode().put("op", "forget");
        ArrayNode arr = op.putArray("tokens");
        tokens.forEach(arr::add);
        append(op);
    }

    void keyImported(String account, String name, String key) {
        append(JSON.createObjectNode().put("op", "key").put("account", account).put("name", name).put("key", key));
    }

    /** Whether the journal is long enough to fold into a snapshot. */
    boolean wantsCompaction() {
        return lines >= COMPACT_AFTER;
    }

    void compact(Collection<SimVm> vms, Map<String, Map<String, String>> keys) {
        ObjectNode snap = JSON.createObjectNode();
        ArrayNode arr = snap.putArray("vms");
        vms.forEach(vm -> arr.add(json(vm)));
        ObjectNode k = snap.putObject("keys");
        keys.forEach((account, named) -> {
            ObjectNode a = k.putObject(account);
            named.forEach(a::put);
        });
        try {
            Path tmp = snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(snap)));
                out.force(true);
            }
            Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel.truncate(0);
            channel.force(true);
            lines = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(ObjectNode op) {
        try {
            byte[] line = (JSON.writeValueAsString(op) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated cloud's journal " + journal, e);
        }
    }

    private static void apply(JsonNode op, Map<String, SimVm> vms, Map<String, Map<String, String>> keys) {
        switch (op.path("op").asText()) {
            case "launch" -> op.path("vms").forEach(v -> {
                SimVm vm = vm(v);
                vms.put(vm.token(), vm);
            });
            case "terminate" -> {
                long at = op.path("at").asLong();
                op.path("tokens").forEach(t -> vms.computeIfPresent(t.asText(), (k, vm) -> vm.alive() ? vm.terminated(at) : vm));
            }
            case "forget" -> op.path("tokens").forEach(t -> vms.remove(t.asText()));
            case "key" -> keys.computeIfAbsent(op.path("account").asText(), a -> new HashMap<>())
                    .put(op.path("name").asText(), op.path("key").asText());
            default -> {
            }
        }
    }

    private static ObjectNode json(SimVm vm) {
        ObjectNode o = JSON.createObjectNode();
        o.put("token", vm.token()).put("iaas_id", vm.iaasId()).put("account", vm.account())
                .put("image", vm.imageId()).put("type", vm.instanceType()).put("key", vm.keyName())
                .put("user_data", vm.userData()).put("hostname", vm.hostname()).put("public_ip", vm.publicIp())
                .put("private_ip", vm.privateIp()).put("launched_at", vm.launchedAt()).put("boot_ms", vm.bootMillis())
                .put("boot_fails", vm.bootFails()).put("terminated_at", vm.terminatedAt());
        ObjectNode tags = o.putObject("tags");
        vm.tags().forEach(tags::put);
        return o;
    }

    private static SimVm vm(JsonNode v) {
        Map<String, String> tags = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.path("tags").fields(); it.hasNext(); ) {
            var e = it.next();
            tags.put(e.getKey(), e.getValue().asText());
        }
        return new SimVm(v.path("token").asText(), v.path("iaas_id").asText(), v.path("account").asText(),
                v.path("image").asText(), v.path("type").asText(), text(v, "key"), text(v, "user_data"), tags,
                v.path("hostname").asText(), v.path("public_ip").asText(), v.path("private_ip").asText(),
                v.path("launched_at").asLong(), v.path("boot_ms").asLong(), v.path("boot_fails").asBoolean(),
                v.path("terminated_at").asLong());
    }

    private static String text(JsonNode v, String field) {
        JsonNode n = v.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
